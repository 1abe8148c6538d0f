/* The fake machine bus of host_io.h: every access is handed to the plugged-in device. */
#include <errno.h>

#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "drivers/pci/internal.h"
#include "host_io.h"

struct host_io_dev *host_io;

int arch_port_read(u16 port, unsigned int size, u32 *val)
{
	if (!host_io)
		return -ENODEV;
	*val = host_io->read(host_io, HOST_IO_PORT, port, size);
	return 0;
}

int arch_port_write(u16 port, unsigned int size, u32 val)
{
	if (!host_io)
		return -ENODEV;
	host_io->write(host_io, HOST_IO_PORT, port, size, val);
	return 0;
}

int arch_smccc_call(enum arm_smccc_conduit conduit, unsigned long fn, long *ret)
{
	if (!host_io || !host_io->smccc)
		return -EOPNOTSUPP;
	*ret = host_io->smccc(host_io, conduit, fn);
	return 0;
}

int acpi_os_read_memory(phys_addr_t pa, unsigned int size, u32 *val)
{
	if (!host_io)
		return -ENOMEM;
	*val = host_io->read(host_io, HOST_IO_MEMORY, pa, size);
	return 0;
}

int acpi_os_write_memory(phys_addr_t pa, unsigned int size, u32 val)
{
	if (!host_io)
		return -ENOMEM;
	host_io->write(host_io, HOST_IO_MEMORY, pa, size, val);
	return 0;
}

/* The MSI-X table is memory on the fake bus: mapping it cannot fail while a device is plugged. */
int pci_msix_table_map(struct pci_dev *dev, unsigned int nr_entries)
{
	return host_io ? 0 : -ENOMEM;
}

void pci_msix_table_write(struct pci_dev *dev, unsigned int entry, u16 reg, u32 val)
{
	host_io->write(host_io, HOST_IO_MEMORY,
		       dev->msix_table_pa + entry * PCI_MSIX_ENTRY_SIZE + reg, 4, val);
}
