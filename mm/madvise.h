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

#define MADV_DONTNEED 4	   /* drop the range's entries: private anonymous memory reads zeroes */
#define MADV_HUGEPAGE 14   /* VM_HUGEPAGE: transparent huge pages wanted (mm/huge_memory.h) */
#define MADV_NOHUGEPAGE 15 /* VM_NOHUGEPAGE: none */

/*
 * Apply advice to [start, start + len) (len rounded up to pages), as Linux's madvise(2). Mapped
 * parts get the advice even when the range has holes. The tables for splitting the huge leaves
 * the range's edges cut are taken before anything changes, so no split can fail half-way.
 *
 * MADV_DONTNEED zaps every entry of the range (Linux madvise_dontneed_free): a later access
 * faults again, so private anonymous memory reads zeroes, while shared anonymous memory finds
 * its data in the page store (as Linux's shmem does). VMAs stay as they are; a huge leaf the
 * range cuts is split first. One MMU_NOTIFY_CLEAR start/end pair per VMA, over its part of the
 * range, ending after the TLB flush.
 *
 * MADV_HUGEPAGE and MADV_NOHUGEPAGE set VM_HUGEPAGE or VM_NOHUGEPAGE: VMAs are split where the
 * range cuts them and merged with neighbours that end up alike. Existing leaves keep their pages
 * and protection, the advice steers later faults; a huge leaf across a VMA split is split with
 * it (a VMA never holds part of a leaf).
 *
 * Returns 0, or:
 *   -EINVAL  start not page-aligned, start + len wraps, or advice unknown; MADV_DONTNEED on a
 *            range that holds a pfnmap (VM_PFNMAP) VMA. Nothing changed (Linux zaps the VMAs in
 *            front of the pfnmap first).
 *   -ENOMEM  a table for a split could not be allocated (nothing changed); the range contains
 *            unmapped pages (every mapped part was still advised, as in Linux); or a VMA for a
 *            HUGEPAGE/NOHUGEPAGE cut could not be allocated (VMAs before it keep the advice,
 *            the rest is unchanged).
 * len 0 returns 0.
 */
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int advice);

#endif
