#ifndef PAGODA_MM_IOREMAP_H
#define PAGODA_MM_IOREMAP_H

#include <mmu_context.h>
#include <pgprot.h>

#include <asm/pgtable.h>

#include "types.h"

/*
 * Map physical [pa, pa + size) into the kernel's ioremap area with prot, using the largest leaves
 * the alignment allows (the virtual address is chosen congruent to pa modulo the largest leaf
 * that fits). Returns the virtual address of pa, or NULL: when out of VA space or the range may
 * not be mapped with prot's memory type (pfn_range_mappable(): past the CPU's physical address
 * width, or RAM with a type other than MT_NORMAL, as Linux refuses to ioremap RAM), with
 * nothing changed; when out of page tables, with the virtual range abandoned (never handed out
 * again) and whatever part of it was mapped left mapped.
 */
void *ioremap_prot(phys_addr_t pa, size_t size, pgprot_t prot);
/* Device memory, uncached; NULL for RAM (see ioremap_prot()). */
void *ioremap(phys_addr_t pa, size_t size);

#endif
