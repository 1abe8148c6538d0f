/*
 * PCI core on the real machine: what the boot-time enumeration recorded is checked against the
 * config space read afresh (IDs, BAR registers, COMMAND), and the resource rules hold for every
 * BAR of every function: naturally aligned, inside the windows above it, no overlap.
 */
#include "drivers/pci/pci.h"
#include "ktest.h"

KTEST(pci, found_host_bridge_and_ids_match_config_space)
{
	struct pci_dev *d;
	unsigned int host_bridges = 0, n = 0;

	pci_for_each_dev(d) {
		u32 id = pci_config_readl(d, PCI_VENDOR_ID);

		KCHECK_EQ(id & 0xffff, d->vendor);
		KCHECK_EQ(id >> 16, d->device);
		KCHECK_EQ(pci_config_readl(d, PCI_CLASS_REVISION) >> 8, d->class);
		if (d->class == PCI_CLASS_BRIDGE_HOST && !d->parent && d->bus == d->host->bus_start)
			host_bridges++;
		n++;
	}
	KCHECK(n > 1);
	KCHECK_EQ(host_bridges, 1);
}

static bool inside(const struct pci_window *w, u64 start, u64 end)
{
	return w->start <= start && end <= w->end;
}

/* In a window of the right space of every bridge above dev, and of its host. */
static bool inside_windows(const struct pci_dev *dev, const struct pci_bar *bar)
{
	u64 end = bar->addr + bar->size - 1;
	bool io = bar->kind == PCI_BAR_IO;
	const struct pci_window *w;

	for (const struct pci_dev *p = dev->parent;; p = p->parent) {
		w = p ? p->win : dev->host->win;
		if (io ? !inside(&w[PCI_WIN_IO], bar->addr, end) :
			 !inside(&w[PCI_WIN_MEM], bar->addr, end) &&
				    !inside(&w[PCI_WIN_PREF], bar->addr, end))
			return false;
		if (!p)
			return true;
	}
}

/* The BAR register (pair) decoded independently of the core's sizing code. */
static u64 bar_register_address(const struct pci_dev *dev, unsigned int i)
{
	u32 lo = pci_config_readl(dev, PCI_BASE_ADDRESS_0 + 4 * i);

	if (dev->bar[i].kind == PCI_BAR_IO)
		return lo & ~0x3ULL;
	if (dev->bar[i].kind == PCI_BAR_MEM64)
		return (u64)pci_config_readl(dev, PCI_BASE_ADDRESS_0 + 4 * (i + 1)) << 32 |
		       (lo & ~0xfULL);
	return lo & ~0xfULL;
}

static bool bars_overlap(const struct pci_bar *a, const struct pci_bar *b)
{
	return (a->kind == PCI_BAR_IO) == (b->kind == PCI_BAR_IO) &&
	       a->addr <= b->addr + b->size - 1 && b->addr <= a->addr + a->size - 1;
}

/* Does any assigned BAR after (d, i) in list order overlap d's BAR i? */
static bool overlaps_later(const struct pci_dev *d, unsigned int i)
{
	for (const struct pci_dev *e = d; e; e = e->next) {
		for (unsigned int j = e == d ? i + 1 : 0; j < e->nr_bars; j++) {
			if (e->bar[j].kind != PCI_BAR_NONE && e->bar[j].assigned &&
			    bars_overlap(&d->bar[i], &e->bar[j]))
				return true;
		}
	}
	return false;
}

KTEST(pci, every_bar_aligned_inside_windows_disjoint)
{
	struct pci_dev *d;
	unsigned int bars = 0;

	pci_for_each_dev(d) {
		KCHECK_EQ(d->host->nr_no_fit, 0); /* QEMU's machines have room for everything */
		for (unsigned int i = 0; i < d->nr_bars; i++) {
			const struct pci_bar *bar = &d->bar[i];

			if (bar->kind == PCI_BAR_NONE)
				continue;
			bars++;
			KCHECK(bar->assigned);
			KCHECK(bar->size && !(bar->size & (bar->size - 1)));
			KCHECK(IS_ALIGNED(bar->addr, bar->size));
			KCHECK(inside_windows(d, bar));
			KCHECK_EQ(bar_register_address(d, i), bar->addr);
			KCHECK(!overlaps_later(d, i));
		}
	}
	KCHECK(bars > 0);
}

KTEST(pci, decode_enabled_for_assigned_bars)
{
	struct pci_dev *d;

	pci_for_each_dev(d) {
		u16 cmd = pci_config_readw(d, PCI_COMMAND), want = 0;

		for (unsigned int i = 0; i < d->nr_bars; i++) {
			if (d->bar[i].kind != PCI_BAR_NONE && d->bar[i].assigned)
				want |= d->bar[i].kind == PCI_BAR_IO ? PCI_COMMAND_IO :
								       PCI_COMMAND_MEMORY;
		}
		KCHECK_EQ(cmd & want, want);
	}
}
