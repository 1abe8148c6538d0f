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

#define MADV_HUGEPAGE 14   /* VM_HUGEPAGE: transparent huge pages wanted (mm/huge_memory.h) */
#define MADV_NOHUGEPAGE 15 /* VM_NOHUGEPAGE: none */

/*
 * Apply advice to [start, start + len) (len rounded up to pages), as Linux's madvise(2): VMAs
 * are split where the range cuts them, given the flags the advice sets, and merged with
 * neighbours that end up alike. Mapped parts get the advice even when the range has holes.
 * Existing leaves keep their pages and protection, the advice steers later faults; a huge leaf
 * across a VMA split is split with it (a VMA never holds part of a leaf).
 *
 * Returns 0, or:
 *   -EINVAL  start not page-aligned, start + len wraps, or advice unknown. Nothing changed.
 *   -ENOMEM  the range contains unmapped pages (every mapped part was still advised, as in
 *            Linux), or a VMA or a table for a split could not be allocated (VMAs before it
 *            keep the advice, the rest is unchanged but for huge leaves split at the edge).
 * len 0 returns 0.
 */
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int advice);

#endif
