/*
 * Cloning an address space, fork-like (Linux dup_mm / dup_mmap / copy_page_range): the child gets
 * a copy of every VMA and of the page tables under them.
 *
 *   private anonymous    copy-on-write: the page is shared, both sides lose the write bit, and
 *                        the first write fault copies it (or reuses it once no one else maps it)
 *   shared anonymous     the same pages, writable on both sides (the page store is ->open'ed)
 *   pfnmap               special PTE/PMD/PUD leaves copied as they are, no page references
 *                        (docs/rules.md, R1): a shared mapping keeps the write bit, a copy-on-write
 *                        one (private and VM_MAYWRITE) never holds a writable special leaf (R4:
 *                        there is no page to copy on write), so both sides have it read-only already
 *
 * The source's write-protection is bracketed by MMU_NOTIFY_CLONE_WRPROT notifier start/end, one
 * pair per copy-on-write VMA, and flushed with one TLB flush for the whole clone.
 *
 * Locking: the caller owns src (one CPU); callbacks of src's notifiers run without the
 * page-table lock held.
 */
#ifndef PAGODA_MM_FORK_H
#define PAGODA_MM_FORK_H

#include "mm/mm_types.h"

/* Leaves a clone copied, per level: an 8 GiB PUD-mapped pfnmap is 8 PUD leaves and nothing else. */
struct mm_clone_stats {
	unsigned long nr_puds;
	unsigned long nr_pmds;
	unsigned long nr_ptes;
};

/*
 * Clone src into a new address space, returned in *child, and when stats is not NULL report what
 * was copied there. Returns 0, or:
 *   -ENOMEM  out of memory at any point;
 *   -EINVAL  a leaf of src breaks a rule clone relies on (a huge leaf that is not special, a
 *            writable special leaf in a copy-on-write VMA): a kernel bug, reported on the
 *            console with its address; that leaf is left exactly as it was.
 * On failure *child is unchanged, everything allocated for the child is freed again, and src
 * keeps every mapping and its data; entries of its copy-on-write VMAs may have lost their write
 * bit, which the next write fault gives back without copying (the page is no longer shared).
 */
int dup_mm(struct mm_struct *src, struct mm_struct **child, struct mm_clone_stats *stats);

static inline int mm_clone(struct mm_struct *src, struct mm_struct **child)
{
	return dup_mm(src, child, NULL);
}

#endif
