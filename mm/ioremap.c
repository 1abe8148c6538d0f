/* Kernel mappings of physical ranges outside the direct map: device registers, framebuffers. */
#include <asm/pgtable.h>

#include "arch.h"
#include "memlayout.h"
#include "mm/ioremap.h"
#include "mm/pfnmap.h"
#include "mm/pgtable.h"

pgd_t *swapper_pg_dir;
static unsigned long ioremap_next = IOREMAP_BASE;

/* The largest leaf no bigger than size: aligning the VA to it keeps huge leaves possible. */
static unsigned long ioremap_align(unsigned long size)
{
	if (size >= PUD_SIZE && arch_has_pud_leaves())
		return PUD_SIZE;
	if (size >= PMD_SIZE)
		return PMD_SIZE;
	return PAGE_SIZE;
}

void *ioremap_prot(phys_addr_t pa, size_t size, pgprot_t prot)
{
	phys_addr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	unsigned long len = ALIGN_UP(pa + size, PAGE_SIZE) - start;
	unsigned long align = ioremap_align(len);
	unsigned long va = ALIGN_UP(ioremap_next, align) + (start & (align - 1));

	if (!size || va + len > IOREMAP_BASE + IOREMAP_SIZE || va + len < va ||
	    !pfn_range_mappable(PHYS_PFN(start), len >> PAGE_SHIFT, pgprot_mem_type(prot)))
		return NULL;
	ioremap_next = va + len;
	if (pgtable_map_range(swapper_pg_dir, va, start, len, prot,
			      arch_has_pud_leaves() ? PT_PUD : PT_PMD))
		return NULL;
	return (void *)(va + (pa - start));
}

void *ioremap(phys_addr_t pa, size_t size)
{
	return ioremap_prot(pa, size, vm_get_page_prot(VM_READ | VM_WRITE, MT_DEVICE));
}
