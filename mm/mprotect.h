/*
 * Changing the protection of a range of an address space (Linux mprotect(2), do_mprotect_pkey,
 * mm/mprotect.c). The PROT_* values are Linux's.
 *
 * Locking: the caller owns mm (one CPU); the page-table lock is taken inside.
 */
#ifndef PAGODA_MM_MPROTECT_H
#define PAGODA_MM_MPROTECT_H

#include "mm/mm_types.h"

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_SEM 0x8		  /* accepted and ignored, as on x86 Linux */
#define PROT_GROWSDOWN 0x01000000 /* Linux: extend to the start of a VM_GROWSDOWN VMA */
#define PROT_GROWSUP 0x02000000	  /* Linux: extend to the end of a VM_GROWSUP VMA */

/* What one call did, for tests and benchmarks (docs/rules.md, R6-R8). */
struct mprotect_stats {
	unsigned long entries_changed; /* leaf entries rewritten, at any level */
	unsigned long leaves_split;    /* huge leaves split because the range cut through them */
	unsigned long notifier_pairs;  /* start/end pairs: one per PUD range, one per split */
	unsigned long tlb_flushes;     /* batch flushes, plus one break-before-make per split */
};

/*
 * Set the protection of [start, start + len) to prot (PROT_* bits), Linux's mprotect(2): len is
 * rounded up to pages; VMAs are split where the range cuts them and merged with neighbours that
 * end up alike; every present leaf in the range is rewritten with the new permissions (PROT_NONE:
 * kept but invalid for the MMU), a huge leaf that the range cuts being split first. Write
 * permission is not granted to an entry that may not be written yet: in a private writable
 * (copy-on-write) mapping, an anonymous page that someone else maps too (the first write fault
 * copies it), or a special leaf that is not writable already (docs/rules.md, R4).
 *
 * Errors, checked in Linux's order:
 *   -EINVAL  PROT_GROWSDOWN and PROT_GROWSUP together; start not page-aligned; prot bits other
 *            than READ/WRITE/EXEC/SEM (after the wrap check, as Linux); PROT_GROWSDOWN or
 *            PROT_GROWSUP on a mapped range (Pagoda has no VM_GROWSDOWN/VM_GROWSUP VMAs).
 *   -ENOMEM  start + len wraps; the range contains unmapped pages; out of memory for a VMA or a
 *            page table needed by a split.
 *   -EACCES  prot asks for read, write or exec that a VMA's VM_MAY* flags forbid.
 * len 0 returns 0 after the start check, before prot is looked at.
 *
 * Unlike Linux, which changes the VMAs in front of a hole or a forbidden VMA before it fails,
 * the whole range is checked and every VMA and page table it needs is allocated before anything
 * changes: after any error no VMA, no permission and no leaf is changed.
 */
int mm_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot);

/* mm_mprotect() that also reports what it did in *stats (filled on every return). */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot,
		struct mprotect_stats *stats);

#endif
