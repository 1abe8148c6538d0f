/*
 * The fault core (Linux mm/memory.c): the page-table lock, table allocation level by level, and
 * handle_mm_fault(), which walks down to the faulting address and asks the VMA's vm_ops to fill
 * the entry, the largest order first.
 */
#ifndef PAGODA_MM_MEMORY_H
#define PAGODA_MM_MEMORY_H

#include "mm/mm_types.h"
#include "mm/pgtable.h"

/*
 * The page-table lock (struct pt_lock). Taking it twice, or dropping it when not held, is a bug
 * in the kernel, not a condition a caller can cause: it traps at once.
 */
static inline void pt_lock(struct mm_struct *mm)
{
	if (mm->pt_lock.held)
		__builtin_trap();
	mm->pt_lock.held = true;
}

static inline void pt_unlock(struct mm_struct *mm)
{
	if (!mm->pt_lock.held)
		__builtin_trap();
	mm->pt_lock.held = false;
}

static inline bool pt_locked(const struct mm_struct *mm)
{
	return mm->pt_lock.held;
}

/* Results of a fault that mean the access cannot go on. */
#define VM_FAULT_ERROR (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* The inverse of mm_alloc_table() (mm/pgtable.h), for a table the MMU can no longer reach. */
void mm_free_table(struct mm_struct *mm, phys_addr_t table);

/*
 * Page tables set aside for the huge-leaf splits of one operation. Splitting a leaf needs a new
 * table, and an operation that ran out of memory half-way would leave some leaves split or some
 * entries changed; so every operation that may split counts the tables its splits need, takes
 * them all before it changes anything (-ENOMEM then leaves everything as it was), and its splits
 * only consume them. Linux gets the same guarantee for anonymous huge PMDs by depositing a PTE
 * table with each one at fault time (pgtable_trans_huge_deposit).
 *
 *	struct split_tables st;
 *
 *	err = split_tables_alloc(&st, mm, split_tables_needed(mm, start, end, SPLIT_AT_BOTH));
 *	... nothing changed yet on -ENOMEM; the splits take from st ...
 *	split_tables_free(&st, mm);
 */
struct split_tables {
	struct list_head tables; /* table pages, zeroed and charged to the mm, linked by lru */
	unsigned long nr;
};

/* Which edges of a range are cut, so that the huge leaves across them must be split. */
enum split_edges {
	SPLIT_AT_START = 1,
	SPLIT_AT_END = 2,
	SPLIT_AT_BOTH = SPLIT_AT_START | SPLIT_AT_END,
};

/*
 * How many tables the splits at the given edges of [start, end) need, as mm's tables are now:
 * a PUD leaf cut needs a PMD table, and a PTE table too when the edge also cuts the PMD leaf it
 * becomes; a PMD leaf cut needs a PTE table; a leaf both edges cut counts once. Takes the
 * page-table lock.
 */
unsigned long split_tables_needed(struct mm_struct *mm, unsigned long start, unsigned long end,
				  enum split_edges edges);
/* Set st up holding nr tables for mm. Returns 0, or -ENOMEM with st holding none. */
int split_tables_alloc(struct split_tables *st, struct mm_struct *mm, unsigned long nr);
/*
 * One zeroed table out of st, charged to its mm, for a split or for a table an operation counted
 * among its needs (mremap's destination tables). Traps when st holds none: the operation did not
 * count what it uses, a kernel bug.
 */
phys_addr_t split_tables_take(struct split_tables *st);
/* Give back the tables st still holds (never published, so no flush is needed). */
void split_tables_free(struct split_tables *st, struct mm_struct *mm);

struct mmu_gather;
/*
 * split_huge_pXd: replace the huge leaf *pXd (the one covering addr) with a table taken from st
 * holding 512 leaves of the next level down, with the same pfns and protection; break-before-make
 * flushed at once through tlb. Page-table lock held. Cannot fail: st must hold a table (an
 * operation that did not count its splits is a kernel bug, and traps).
 */
void split_huge_pud(struct mmu_gather *tlb, pud_t *pud, unsigned long addr,
		    struct split_tables *st);
void split_huge_pmd(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr,
		    struct split_tables *st);
/* split_huge_pud() or split_huge_pmd() by level (PT_PUD or PT_PMD); entry points at the leaf. */
void split_huge_leaf(struct mmu_gather *tlb, void *entry, unsigned long addr, enum pt_level level,
		     struct split_tables *st);

/*
 * Make addr (page aligned) a leaf boundary in tlb's mm, before a VMA is cut there (Linux
 * vma_adjust_trans_huge / split_huge_pmd_address): the PUD leaf and then the PMD leaf holding
 * addr are split when addr is not aligned to them, with tables from st (counted beforehand by
 * split_tables_needed()), each under an MMU_NOTIFY_CLEAR bracket over the leaf and flushed at
 * once through tlb. Page-table lock held; the caller runs pgtable_sync() before dropping it.
 * Cannot fail. Returns how many leaves were split.
 */
unsigned int split_huge_leaves_at(struct mmu_gather *tlb, unsigned long addr,
				  struct split_tables *st);

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, unsigned int flags);

#endif
