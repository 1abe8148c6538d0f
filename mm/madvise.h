/*
 * Advice about a range of an address space (Linux madvise(2), mm/madvise.c). The MADV_* values
 * are Linux's.
 *
 * Locking: the caller owns mm (one CPU).
 */
#ifndef PAGODA_MM_MADVISE_H
#define PAGODA_MM_MADVISE_H

#include <stddef.h>

#include "mm/mm_types.h"

#define MADV_DONTNEED 4 /* drop the range's entries: private anonymous memory reads zeroes after */

/*
 * Apply advice to [start, start + len) (len rounded up to pages), as Linux's madvise(2).
 *
 * MADV_DONTNEED zaps every entry of the range (Linux madvise_dontneed_free): a later access
 * faults again, so private anonymous memory reads zeroes, while shared anonymous memory finds
 * its data in the page store (as Linux's shmem does). VMAs stay as they are; a huge leaf the
 * range cuts is split first, with tables taken before anything changes. One MMU_NOTIFY_CLEAR
 * start/end pair per VMA, over its part of the range, ending after the TLB flush.
 *
 * Returns 0, or:
 *   -EINVAL  start not page-aligned, start + len wraps, or advice unknown; MADV_DONTNEED on a
 *            range that holds a pfnmap (VM_PFNMAP) VMA. Nothing changed (Linux zaps the VMAs in
 *            front of the pfnmap first).
 *   -ENOMEM  the range contains unmapped pages (every mapped part was still advised, as in
 *            Linux), or a table for a split could not be allocated (nothing changed then).
 * len 0 returns 0.
 */
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int advice);

#endif
