/*
 * Transparent huge pages for anonymous memory (Linux mm/huge_memory.c): the policy that decides
 * whether a private anonymous fault may map a 2 MiB (PMD) or 1 GiB (PUD) leaf, and the fault
 * that does it. A THP is one compound page of the leaf's order (mm/page_alloc.h), zeroed once,
 * mapped by one leaf without the special bit: it has struct pages, counted like any page.
 *
 * Policy, as Linux's /sys/kernel/mm/transparent_hugepage/enabled:
 *   always   every private anonymous VMA may use PMD leaves, unless it has VM_NOHUGEPAGE
 *   madvise  only VMAs with VM_HUGEPAGE (madvise(MADV_HUGEPAGE)) may
 *   never    none may
 * The default is always, as Debian's kernels ship. PUD leaves (Pagoda's own: Linux has no PUD
 * anonymous THP) need VM_HUGEPAGE in every mode but never: a fault on one zeroes 1 GiB, a cost
 * a program has to ask for.
 *
 * Locking: the mode is one word set from the shell or the command line; faults read it.
 */
#ifndef PAGODA_MM_HUGE_MEMORY_H
#define PAGODA_MM_HUGE_MEMORY_H

#include <stddef.h>

#include "mm/mm_types.h"

enum thp_mode {
	THP_ALWAYS,
	THP_MADVISE,
	THP_NEVER,
};

enum thp_mode thp_get_mode(void);
void thp_set_mode(enum thp_mode mode);

/* "always", "madvise" or "never" into *mode: 0, or -EINVAL (mode unchanged). */
int thp_parse_mode(const char *s, enum thp_mode *mode);

/* The mode as Linux's sysfs file shows it, the current one bracketed: "always [madvise] never". */
void thp_format_mode(char *buf, size_t len);

/*
 * May a private anonymous VMA map a leaf of 2^order pages (PMD_ORDER or PUD_ORDER) by policy
 * (mode and VM_HUGEPAGE / VM_NOHUGEPAGE)? Alignment and room are the fault's business.
 */
bool thp_vma_allowable_order(const struct vm_area_struct *vma, unsigned int order);

/*
 * huge_fault of private anonymous memory (Linux do_huge_pmd_anonymous_page, and its PUD
 * counterpart): a zeroed compound page of 2^order pages mapped by one leaf at vmf's slot, when
 * the policy allows it, the aligned block lies inside the VMA and the allocator has a block of
 * that order now. VM_FAULT_NOPAGE when mapped, else VM_FAULT_FALLBACK (nothing changed): a
 * failed huge allocation never fails the fault, the next order down is tried.
 */
vm_fault_t do_huge_anonymous_page(struct vm_fault *vmf, unsigned int order);

/* Bytes of anonymous memory in compound pages of PMD and of PUD order (meminfo's AnonHugePages). */
unsigned long thp_anon_bytes(unsigned int order);

#endif
