/*
 * Physical <-> virtual translation for memory the kernel reaches through its direct map.
 *
 * Like arm64 Linux's physvirt_offset this is a variable rather than a constant, because the same
 * mm/ code runs in three places: the kernel (offset DIRECT_MAP_BASE), the UEFI loader (identity
 * mapped, offset 0) and the host unit tests (an arena allocated with malloc).
 */
#ifndef PAGODA_PHYS_H
#define PAGODA_PHYS_H

#include "types.h"

extern uintptr_t phys_virt_offset;

static inline void *__va(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + phys_virt_offset);
}

static inline phys_addr_t __pa(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - phys_virt_offset);
}

/*
 * Page-table pages come from here: the kernel and host tests take them from the page allocator,
 * the loader from UEFI. Returns the physical address of a zeroed 4 KiB page, or 0 when out of
 * memory.
 */
phys_addr_t pt_alloc_table(void);
void pt_free_table(phys_addr_t pa);

#endif
