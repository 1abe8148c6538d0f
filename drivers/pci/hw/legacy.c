/*
 * PCI configuration mechanism #1 (ports 0xCF8 address, 0xCFC-0xCFF data) as a PCI host, for PCs
 * without an MCFG such as QEMU -machine pc: segment 0, every bus, the first 256 bytes of each
 * function (extended capabilities are out of reach; the core never needs them). A CPU without
 * I/O ports (arm64) has no such mechanism.
 */
#include <errno.h>

#include "arch.h"
#include "drivers/pci/pci.h"

#define PCI_CONF1_ADDRESS_PORT 0xcf8
#define PCI_CONF1_DATA_PORT 0xcfc
#define PCI_CONF1_ENABLE BIT(31)

/*
 * Select the dword holding `where`; the data port then reads it at offset where & 3. Returns
 * that port, or 0 when the CPU has no I/O ports (pci_legacy_init() registers no host then).
 */
static u16 conf1_select(u8 bus, u8 devfn, u16 where)
{
	u32 addr = PCI_CONF1_ENABLE | (u32)bus << 16 | (u32)devfn << 8 | (where & 0xfc);

	if (arch_port_write(PCI_CONF1_ADDRESS_PORT, 4, addr))
		return 0;
	return PCI_CONF1_DATA_PORT + (where & 3);
}

static u32 conf1_read(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size)
{
	u16 port = conf1_select(bus, devfn, where);
	u32 val;

	if (!port || arch_port_read(port, size, &val))
		return 0xffffffffu >> (32 - 8 * size); /* what an absent function reads */
	return val;
}

static void conf1_write(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size,
			u32 val)
{
	u16 port = conf1_select(bus, devfn, where);

	if (port)
		arch_port_write(port, size, val);
}

static const struct pci_ops conf1_ops = {
	.read = conf1_read,
	.write = conf1_write,
};

static struct pci_host conf1_host = {
	.segment = 0,
	.bus_start = 0,
	.bus_end = PCI_MAX_BUS - 1,
	.ops = &conf1_ops,
};

int pci_legacy_init(void)
{
	if (!conf1_select(0, 0, PCI_VENDOR_ID))
		return -ENODEV;
	return pci_host_register(&conf1_host);
}
