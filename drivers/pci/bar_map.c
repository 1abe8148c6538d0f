/* Mapping memory BARs into address spaces and into the kernel (policy in bar_map.h). */
#include <errno.h>

#include <asm/pgtable.h>

#include "drivers/pci/bar_map.h"
#include "mm/ioremap.h"
#include "mm/mmap.h"

/* The memory BAR `bar` of dev, or NULL when the index is out of range or the BAR is not memory. */
static const struct pci_bar *pci_mem_bar(const struct pci_dev *dev, int bar)
{
	const struct pci_bar *b;

	if (bar < 0 || bar >= dev->nr_bars)
		return NULL;
	b = &dev->bar[bar];
	return b->kind == PCI_BAR_MEM32 || b->kind == PCI_BAR_MEM64 ? b : NULL;
}

static enum mem_type pci_bar_mem_type(const struct pci_bar *b)
{
	return b->prefetch ? MT_WC : MT_DEVICE;
}

int pci_mmap_bar(struct mm_struct *mm, struct pci_dev *dev, int bar, unsigned long *va)
{
	const struct pci_bar *b = pci_mem_bar(dev, bar);

	if (!b)
		return -EINVAL;
	if (!b->assigned)
		return -ENXIO;
	if (!IS_ALIGNED(b->addr, PAGE_SIZE))
		return -EINVAL;
	return mm_mmap_pfn(mm, 0, PHYS_PFN(b->addr), ALIGN_UP(b->size, PAGE_SIZE),
			   VM_READ | VM_WRITE | VM_SHARED, pci_bar_mem_type(b), va);
}

void *pci_ioremap_bar(struct pci_dev *dev, int bar)
{
	const struct pci_bar *b = pci_mem_bar(dev, bar);

	if (!b || !b->assigned)
		return NULL;
	return ioremap_prot(b->addr, b->size,
			    vm_get_page_prot(VM_READ | VM_WRITE, pci_bar_mem_type(b)));
}

void *pci_iomap_range(struct pci_dev *dev, int bar, u64 offset, u64 size)
{
	const struct pci_bar *b = pci_mem_bar(dev, bar);

	if (!b || !b->assigned || !size || offset >= b->size || size > b->size - offset)
		return NULL;
	return ioremap(b->addr + offset, size);
}
