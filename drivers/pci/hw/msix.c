/*
 * The MSI-X table accessors of internal.h for the kernel: the table is device memory, mapped
 * uncached once per function and kept (a function's BARs do not move while it is registered).
 */
#include <errno.h>

#include <asm/io.h>

#include "drivers/pci/internal.h"
#include "mm/ioremap.h"

int pci_msix_table_map(struct pci_dev *dev, unsigned int nr_entries)
{
	if (dev->msix_table)
		return 0;
	dev->msix_table = ioremap(dev->msix_table_pa, (size_t)nr_entries * PCI_MSIX_ENTRY_SIZE);
	return dev->msix_table ? 0 : -ENOMEM;
}

static void *msix_reg(struct pci_dev *dev, unsigned int entry, u16 reg)
{
	return (u8 *)dev->msix_table + entry * PCI_MSIX_ENTRY_SIZE + reg;
}

void pci_msix_table_write(struct pci_dev *dev, unsigned int entry, u16 reg, u32 val)
{
	writel(val, msix_reg(dev, entry, reg));
}
