/*
 * PCI configuration mechanism #1: ports 0xCF8 (address) and 0xCFC-0xCFF (data), for machines
 * without an MCFG (QEMU -machine pc). Reaches the first 256 bytes of each function only, so
 * extended capabilities are out of reach; the core never needs them.
 */
#include <asm/io.h>

#include "drivers/pci/pci.h"

#define PCI_CONF1_ADDRESS_PORT 0xcf8
#define PCI_CONF1_DATA_PORT 0xcfc
#define PCI_CONF1_ENABLE BIT(31)

/* Select the dword holding `where`; the data port then reads it at offset where & 3. */
static u16 conf1_select(u8 bus, u8 devfn, u16 where)
{
	outl(PCI_CONF1_ENABLE | (u32)bus << 16 | (u32)devfn << 8 | (where & 0xfc),
	     PCI_CONF1_ADDRESS_PORT);
	return PCI_CONF1_DATA_PORT + (where & 3);
}

static u32 conf1_read(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size)
{
	u16 port = conf1_select(bus, devfn, where);

	return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static void conf1_write(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size,
			u32 val)
{
	u16 port = conf1_select(bus, devfn, where);

	if (size == 1)
		outb(val, port);
	else if (size == 2)
		outw(val, port);
	else
		outl(val, port);
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

int arch_pci_legacy_init(void)
{
	return pci_host_register(&conf1_host);
}
