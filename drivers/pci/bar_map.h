/*
 * Mapping a function's memory BARs (Linux: pci_mmap_resource_range, pci_ioremap_bar).
 *
 * Memory type policy (both calls): a prefetchable BAR has no read side effects and tolerates
 * merged writes, so it gets MT_WC; any other memory BAR is registers, MT_DEVICE. Leaf sizes
 * follow the BAR's alignment: a BAR of 1 GiB or more at a 1 GiB aligned bus address is mapped
 * with PUD leaves, a 2 MiB aligned one with PMD leaves. The bus address is the CPU physical
 * address (pci.h: no translation on the supported hosts).
 */
#ifndef PAGODA_DRIVERS_PCI_BAR_MAP_H
#define PAGODA_DRIVERS_PCI_BAR_MAP_H

#include "drivers/pci/pci.h"
#include "mm/mm_types.h"

/*
 * Map memory BAR `bar` of dev into mm as a shared read-write user pfnmap (VM_PFNMAP | VM_IO,
 * faulted in by pfnmap_vm_ops with PUD -> PMD -> PTE fallback) and return its start in *va. The
 * VA is aligned like the BAR, up to 1 GiB, so huge leaves are possible. The whole BAR is mapped,
 * rounded up to a page (a BAR smaller than a page exposes the rest of its page).
 *
 * Precondition: dev's memory decode is on (pci_init() enables every function it can).
 * Errors (mm unchanged): -EINVAL for a bar index out of range, an I/O or absent BAR, or a BAR not
 * page aligned; -ENXIO for a BAR without an address; do_mmap()'s -ENOMEM.
 */
int pci_mmap_bar(struct mm_struct *mm, struct pci_dev *dev, int bar, unsigned long *va);

/*
 * Map memory BAR `bar` of dev into the kernel (ioremap_prot: largest leaves the alignment allows)
 * and return the address of its first byte; NULL for a bar index out of range, an I/O, absent or
 * unassigned BAR, or when ioremap_prot() fails. There is no iounmap: the mapping stays.
 */
void *pci_ioremap_bar(struct pci_dev *dev, int bar);

/*
 * Map [offset, offset + size) of memory BAR `bar` into the kernel uncached (MT_DEVICE whatever
 * the BAR's prefetch bit: device registers such as an MSI-X table or a virtio structure may sit
 * in a prefetchable BAR) and return the address of its first byte (Linux pci_iomap_range). NULL
 * for a bar index out of range, an I/O, absent or unassigned BAR, a range past the BAR's end,
 * or when ioremap() fails. There is no iounmap: the mapping stays.
 */
void *pci_iomap_range(struct pci_dev *dev, int bar, u64 offset, u64 size);

#endif
