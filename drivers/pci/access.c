/* Config access of a known function, the capability walk, lookups and decode enable. */
#include <errno.h>

#include "drivers/pci/internal.h"

static u32 pci_read(const struct pci_dev *dev, u16 where, unsigned int size)
{
	return pci_bus_read(dev->host, dev->bus, PCI_DEVFN(dev->dev, dev->fn), where, size);
}

static void pci_write(const struct pci_dev *dev, u16 where, unsigned int size, u32 val)
{
	pci_bus_write(dev->host, dev->bus, PCI_DEVFN(dev->dev, dev->fn), where, size, val);
}

u8 pci_config_readb(const struct pci_dev *dev, u16 where)
{
	return (u8)pci_read(dev, where, 1);
}

u16 pci_config_readw(const struct pci_dev *dev, u16 where)
{
	return (u16)pci_read(dev, where, 2);
}

u32 pci_config_readl(const struct pci_dev *dev, u16 where)
{
	return pci_read(dev, where, 4);
}

void pci_config_writeb(const struct pci_dev *dev, u16 where, u8 val)
{
	pci_write(dev, where, 1, val);
}

void pci_config_writew(const struct pci_dev *dev, u16 where, u16 val)
{
	pci_write(dev, where, 2, val);
}

void pci_config_writel(const struct pci_dev *dev, u16 where, u32 val)
{
	pci_write(dev, where, 4, val);
}

/* Capabilities live above the 64-byte header; each is at least 4 bytes, so at most 48 fit. */
#define PCI_CAP_MIN_OFFSET 0x40
#define PCI_CAP_MAX_COUNT 48

/* Follow the capability pointer in register ptr and on down the list to the first cap_id. */
static u8 pci_cap_walk(const struct pci_dev *dev, u8 ptr, u8 cap_id)
{
	u8 pos = pci_config_readb(dev, ptr) & ~3;

	/* The count bounds a looping list, which broken hardware can present. */
	for (int n = 0; n < PCI_CAP_MAX_COUNT && pos >= PCI_CAP_MIN_OFFSET; n++) {
		if (pci_config_readb(dev, pos) == cap_id)
			return pos;
		pos = pci_config_readb(dev, pos + 1) & ~3;
	}
	return 0;
}

u8 pci_find_capability(const struct pci_dev *dev, u8 cap_id)
{
	if (!(pci_config_readw(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	return pci_cap_walk(dev, PCI_CAPABILITY_LIST, cap_id);
}

u8 pci_find_next_capability(const struct pci_dev *dev, u8 pos, u8 cap_id)
{
	return pci_cap_walk(dev, pos + 1, cap_id);
}

struct pci_dev *pci_get_device(u16 vendor, u16 device, unsigned int index)
{
	struct pci_dev *d;

	pci_for_each_dev(d) {
		if ((vendor == PCI_ANY_ID || d->vendor == vendor) &&
		    (device == PCI_ANY_ID || d->device == device) && index-- == 0)
			return d;
	}
	return NULL;
}

struct pci_dev *pci_get_slot(u16 segment, u8 bus, u8 dev, u8 fn)
{
	struct pci_dev *d;

	pci_for_each_dev(d) {
		if (d->segment == segment && d->bus == bus && d->dev == dev && d->fn == fn)
			return d;
	}
	return NULL;
}

/* PCI_COMMAND_IO or _MEMORY when every BAR of that space is assigned and one exists, else 0. */
static u16 space_decode(const struct pci_dev *dev, bool io)
{
	bool any = false;

	for (unsigned int i = 0; i < dev->nr_bars; i++) {
		const struct pci_bar *bar = &dev->bar[i];

		if (bar->kind == PCI_BAR_NONE || (bar->kind == PCI_BAR_IO) != io)
			continue;
		if (!bar->assigned)
			return 0;
		any = true;
	}
	return any ? (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY) : 0;
}

static bool has_unassigned_bar(const struct pci_dev *dev)
{
	for (unsigned int i = 0; i < dev->nr_bars; i++) {
		if (dev->bar[i].kind != PCI_BAR_NONE && !dev->bar[i].assigned)
			return true;
	}
	return false;
}

int pci_enable_device(struct pci_dev *dev)
{
	u16 cmd = pci_config_readw(dev, PCI_COMMAND);
	u16 on = space_decode(dev, true) | space_decode(dev, false);

	if (pci_is_bridge(dev))
		on |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
	if ((cmd | on) != cmd)
		pci_config_writew(dev, PCI_COMMAND, cmd | on);
	return has_unassigned_bar(dev) ? -ENOSPC : 0;
}

void pci_set_master(struct pci_dev *dev)
{
	u16 cmd = pci_config_readw(dev, PCI_COMMAND);

	if (!(cmd & PCI_COMMAND_MASTER))
		pci_config_writew(dev, PCI_COMMAND, cmd | PCI_COMMAND_MASTER);
}
