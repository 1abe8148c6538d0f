/*
 * Page-table geometry, the same on x86_64 and arm64: 4 levels of 512 eight-byte entries, 4 KiB
 * granule, 48-bit virtual addresses (docs/hardware.md#arm64-geometry; x86 IA-32e 4-level paging
 * has the same shape).
 *
 *   47      39 38      30 29      21 20      12 11         0
 *   | pgd idx | pud idx  | pmd idx  | pte idx  |   offset   |
 *
 * A PUD leaf maps 1 GiB, a PMD leaf 2 MiB, a PTE 4 KiB. Names and semantics follow Linux.
 * Each arch's pgtable-hwdef.h includes this; nothing here is arch-specific.
 */
#ifndef PAGODA_PGTABLE_GEOMETRY_H
#define PAGODA_PGTABLE_GEOMETRY_H

#include "types.h"

#define VA_BITS 48
/* The canonical halves: [0, LOWER_HALF_END) and [UPPER_HALF_START, 2^64). */
#define LOWER_HALF_END (1UL << (VA_BITS - 1))
#define UPPER_HALF_START (~0UL << (VA_BITS - 1))

#define PTRS_PER_TABLE 512
#define PGDIR_SHIFT 39
#define PUD_SHIFT 30
#define PMD_SHIFT 21
/* PAGE_SHIFT, PAGE_SIZE and PAGE_MASK come from types.h. */

#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PUD_MASK (~(PUD_SIZE - 1))
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PMD_MASK (~(PMD_SIZE - 1))

static inline unsigned int pgd_index(unsigned long va)
{
	return (va >> PGDIR_SHIFT) & (PTRS_PER_TABLE - 1);
}

static inline unsigned int pud_index(unsigned long va)
{
	return (va >> PUD_SHIFT) & (PTRS_PER_TABLE - 1);
}

static inline unsigned int pmd_index(unsigned long va)
{
	return (va >> PMD_SHIFT) & (PTRS_PER_TABLE - 1);
}

static inline unsigned int pte_index(unsigned long va)
{
	return (va >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1);
}

/*
 * The end of the current entry's span or the end of the range, whichever comes first (Linux
 * pXd_addr_end). Comparing boundary - 1 with end - 1 keeps it right when the next boundary or
 * end wraps to 0 at the top of the address space: end == 0 means "up to 2^64".
 */
static inline unsigned long addr_end_at(unsigned long addr, unsigned long end, unsigned long size)
{
	unsigned long boundary = (addr + size) & ~(size - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

static inline unsigned long pgd_addr_end(unsigned long addr, unsigned long end)
{
	return addr_end_at(addr, end, PGDIR_SIZE);
}

static inline unsigned long pud_addr_end(unsigned long addr, unsigned long end)
{
	return addr_end_at(addr, end, PUD_SIZE);
}

static inline unsigned long pmd_addr_end(unsigned long addr, unsigned long end)
{
	return addr_end_at(addr, end, PMD_SIZE);
}

#endif
