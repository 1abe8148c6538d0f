#ifndef PAGODA_MM_IOREMAP_H
#define PAGODA_MM_IOREMAP_H

#include <mmu_context.h>
#include <pgprot.h>

#include <asm/pgtable.h>

#include "types.h"

/*
 * Map physical [pa, pa + size) into the kernel's ioremap area with prot, using the largest leaves
 * the alignment allows (the virtual address is chosen congruent to pa modulo the largest leaf
 * that fits). Returns the virtual address of pa, or NULL when out of page tables or VA space;
 * after a failure the virtual range is abandoned (never handed out again), whatever part of it
 * was mapped stays mapped.
 */
void *ioremap_prot(phys_addr_t pa, size_t size, pgprot_t prot);
/* Device memory, uncached. */
void *ioremap(phys_addr_t pa, size_t size);

#endif
