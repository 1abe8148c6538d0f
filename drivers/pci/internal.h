/* What the PCI core's files share and nobody else needs. */
#ifndef PAGODA_DRIVERS_PCI_INTERNAL_H
#define PAGODA_DRIVERS_PCI_INTERNAL_H

#include "drivers/pci/pci.h"

/* Config access by address, for the scan (before a struct pci_dev exists). */
static inline u32 pci_bus_read(struct pci_host *host, u8 bus, u8 devfn, u16 where,
			       unsigned int size)
{
	return host->ops->read(host, bus, devfn, where, size);
}

static inline void pci_bus_write(struct pci_host *host, u8 bus, u8 devfn, u16 where,
				 unsigned int size, u32 val)
{
	host->ops->write(host, bus, devfn, where, size, val);
}

#define pci_for_each_host_dev(host, d)                                                             \
	for ((d) = (host)->devs; (d) && (d)->host == (host); (d) = (d)->next)

static inline bool pci_is_bridge(const struct pci_dev *dev)
{
	return dev->hdr_type == PCI_HEADER_TYPE_BRIDGE;
}

static inline bool pci_window_empty(const struct pci_window *w)
{
	return w->start > w->end;
}

#define PCI_WINDOW_NONE ((struct pci_window){ .start = 1, .end = 0 })

/* Read a bridge's three windows from its registers (closed ones come back empty). */
void pci_read_bridge_windows(struct pci_dev *bridge);

/* Write bridge->win[type] to the bridge's registers. */
void pci_write_bridge_window(struct pci_dev *bridge, enum pci_win_type type);

/* setup-res.c: steps 3 and 4 of pci_host_register() over the host's devices. */
void pci_derive_host_windows(struct pci_host *host);
void pci_assign_unassigned(struct pci_host *host);

/*
 * The MSI-X table at dev->msix_table_pa (msi.c), entries of PCI_MSIX_ENTRY_SIZE bytes. In the
 * kernel (hw/msix.c) MMIO through an uncached mapping; in the host tests the fake bus.
 * pci_msix_table_map() makes the first nr_entries reachable: 0, or -ENOMEM (nothing mapped).
 */
int pci_msix_table_map(struct pci_dev *dev, unsigned int nr_entries);
void pci_msix_table_write(struct pci_dev *dev, unsigned int entry, u16 reg, u32 val);

#endif
