/*
 * The address-space data structures shared by mm/ (Linux names: mm_struct, vm_area_struct,
 * vm_fault, vm_operations_struct). Owners: mm/mm.c + mm/vma.c + mm/mmap.c (the VMA side) and
 * mm/memory.c + mm/pfnmap.c + mm/unmap.c + mm/mmu_gather.c (the page-table side).
 */
#ifndef PAGODA_MM_TYPES_H
#define PAGODA_MM_TYPES_H

#include <asm/pgtable.h>
#include <list.h>
#include <pgprot.h>
#include <rbtree.h>

#include "types.h"

struct vm_area_struct;
struct page;
struct mmu_notifier;

/*
 * Page-table lock of one mm. Pagoda runs on one CPU without preemption, so this is an
 * owner flag that catches misuse (taking it twice, walking without it) rather than a spinning
 * lock; the call sites are where a spinlock will go when SMP arrives.
 */
struct pt_lock {
	bool held;
};

struct mm_struct {
	pgd_t *pgd;		    /* root table, through the direct map */
	phys_addr_t pgd_pa;	    /* what CR3 / TTBR0 is loaded with */
	struct list_head mmap_list; /* VMAs sorted by address, through vm_list (mm/vma.c) */
	struct rb_root mm_rb;	    /* the same VMAs in a tree keyed by vm_start, for find_vma */
	unsigned long map_count;    /* number of VMAs */
	unsigned long nr_pgtables;  /* table pages owned by this mm, root included */
	struct pt_lock pt_lock;	    /* page-table lock: faults, zaps, follow_pfnmap */
	unsigned long seq;	    /* bumped on every change that removes or weakens a mapping */
	struct mmu_notifier *notifiers; /* subscribers (mm/mmu_notifier.c) */
	u64 context_id; /* ASID and its generation (mm/asid.h); 0: never switched in */
};

/* Fault flags (Linux FAULT_FLAG_*). */
#define FAULT_FLAG_WRITE 0x01
#define FAULT_FLAG_EXEC 0x02
#define FAULT_FLAG_USER 0x04

typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM 0x0001	 /* out of memory */
#define VM_FAULT_SIGBUS 0x0002	 /* the handler cannot map this address */
#define VM_FAULT_SIGSEGV 0x0004	 /* access not allowed */
#define VM_FAULT_NOPAGE 0x0100	 /* handler installed the entry itself */
#define VM_FAULT_FALLBACK 0x0800 /* huge_fault: retry at the next smaller order */

/* Orders huge_fault is asked for (log2 of pages). */
#define PUD_ORDER (PUD_SHIFT - PAGE_SHIFT)
#define PMD_ORDER (PMD_SHIFT - PAGE_SHIFT)

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address; /* faulting address, page aligned */
	unsigned int flags;    /* FAULT_FLAG_* */
	unsigned long pgoff;   /* page offset of address inside the mapped object */
	pud_t *pud;	       /* where a PUD-order entry goes (set by the fault core) */
	pmd_t *pmd;	       /* where a PMD-order entry goes, NULL for PUD-order faults */
	pte_t *pte;	       /* where a PTE goes, NULL for huge-order faults */
};

struct vm_operations_struct {
	/* Map the page at vmf->address (PTE level). */
	vm_fault_t (*fault)(struct vm_fault *vmf);
	/* Map a block of 2^order pages around vmf->address, or return VM_FAULT_FALLBACK. */
	vm_fault_t (*huge_fault)(struct vm_fault *vmf, unsigned int order);
	/* The VMA is going away: drop what vm_private_data holds. */
	void (*close)(struct vm_area_struct *vma);
	/* The VMA is being duplicated (split, clone): take a reference on vm_private_data. */
	void (*open)(struct vm_area_struct *vma);
	const char *name; /* for ptdump and the shell: "anon", "anon-shared", "pfnmap" */
};

struct vm_area_struct {
	unsigned long vm_start, vm_end; /* [start, end), page aligned */
	unsigned long vm_flags;		/* VM_* from pgprot.h */
	enum mem_type mem_type;		/* MT_NORMAL for anon; MT_DEVICE / MT_WC for pfnmaps */
	unsigned long vm_pgoff; /* pfnmap: pfn mapped at vm_start; shared anon: page index */
	pgprot_t vm_page_prot;	/* vm_get_page_prot(vm_flags, mem_type), cached */
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data; /* shared anon: the shared page store */
	struct mm_struct *vm_mm;
	struct list_head vm_list; /* link in vm_mm->mmap_list */
	struct rb_node vm_rb;	  /* node in vm_mm->mm_rb */
};

#endif
