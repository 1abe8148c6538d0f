/*
 * Resizing and moving a mapping (Linux mremap(2), mm/mremap.c). The MREMAP_* values are Linux's.
 *
 * Locking: the caller owns mm (one CPU); the page-table lock is taken inside.
 */
#ifndef PAGODA_MM_MREMAP_H
#define PAGODA_MM_MREMAP_H

#include "mm/mm_types.h"

#define MREMAP_MAYMOVE 1   /* may move the mapping when it cannot grow in place */
#define MREMAP_FIXED 2	   /* move to exactly new_addr, unmapping what is there */
#define MREMAP_DONTUNMAP 4 /* move, but leave the old range mapped (and empty) */

/*
 * Linux's mremap(2) on mm: [addr, addr + old_len) becomes new_len bytes (both rounded up to
 * pages), at *out_addr.
 *
 *   shrink (new_len < old_len, no FIXED/DONTUNMAP): the tail is unmapped (do_munmap).
 *   grow: in place when the range ends its VMA and the room after it is free; else, with
 *         MREMAP_MAYMOVE, moved to a free range (placed as do_mmap would place it).
 *   MREMAP_FIXED: moved to new_addr, whatever was mapped there unmapped first.
 *   MREMAP_DONTUNMAP: moved (to new_addr with FIXED, else to a free range), the old range keeps
 *         its VMA with no entries: private anonymous memory reads zeroes there afterwards.
 *   old_len 0 on a shared mapping (VM_MAYSHARE), with MREMAP_MAYMOVE: a second mapping of the
 *         same object, the old one untouched.
 *
 * A move takes the page-table entries along, never the data: a PUD or PMD leaf moves as one
 * entry when its source and destination are both aligned for it and the range covers it, any
 * other huge leaf is split first (move_page_tables). The source range is bracketed by one
 * MMU_NOTIFY_UNMAP start/end pair ending after the TLB flush of the moved entries; each split by
 * its own MMU_NOTIFY_CLEAR pair.
 *
 * Errors, in Linux's order:
 *   -EINVAL  flags other than MAYMOVE/FIXED/DONTUNMAP; addr not page-aligned; FIXED or
 *            DONTUNMAP without MAYMOVE; DONTUNMAP with old_len != new_len; new_len 0 or a
 *            length beyond the user half; FIXED with new_addr unaligned, the new range outside
 *            the user half or overlapping the old one; old_len 0 on a private mapping;
 *            DONTUNMAP on a pfnmap.
 *   -EFAULT  addr is not in a VMA; growing or moving a range that runs past its VMA's end;
 *            growing a pfnmap (Linux: VM_PFNMAP never expands).
 *   -ENOMEM  growing in place is impossible and MAYMOVE is not given; no free range fits;
 *            out of memory.
 * Every check is made before anything changes, and a move takes all the memory it needs (the new
 * VMA, the VMAs of the cuts, the page tables of its splits and of the destination) before it
 * changes anything: after an error nothing changed, except that FIXED unmaps the destination
 * first (as Linux does) and a move that then runs out of memory leaves it unmapped.
 */
int do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	      unsigned long new_len, unsigned long flags, unsigned long new_addr,
	      unsigned long *out_addr);

#endif
