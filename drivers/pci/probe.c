/*
 * Enumeration: bus numbering, the depth-first scan, BAR sizing, bridge windows, and host
 * registration, which runs the whole pipeline (pci.h, pci_host_register()).
 */
#include <errno.h>

#include "drivers/pci/internal.h"
#include "mm/slab.h"

static struct pci_host *pci_hosts;
static struct pci_dev *pci_devices; /* hosts' devices, each host's contiguous */

struct pci_dev *pci_dev_first(void)
{
	return pci_devices;
}

/* ------------------------------------------------------------------------ finding functions */

static bool fn_present(struct pci_host *host, u8 bus, u8 devfn)
{
	u16 vendor = pci_bus_read(host, bus, devfn, PCI_VENDOR_ID, 2);

	return vendor != 0xffff && vendor != 0;
}

static u8 fn_header(struct pci_host *host, u8 bus, u8 devfn)
{
	return pci_bus_read(host, bus, devfn, PCI_HEADER_TYPE, 1);
}

/*
 * The next present function on bus after devfn (-1: the first), or -1 when there is none.
 * Functions 1-7 are probed only when function 0 exists and says it is multi-function.
 */
static int next_fn(struct pci_host *host, u8 bus, int devfn)
{
	for (int d = devfn + 1; d < PCI_MAX_DEV * PCI_MAX_FN; d++) {
		bool fn0 = (d & 7) == 0;

		if (fn0 ? !fn_present(host, bus, d) :
			  !(fn_header(host, bus, d & ~7) & PCI_HEADER_TYPE_MFD)) {
			d |= 7; /* no such device, or no more functions in it */
			continue;
		}
		if (fn0 || fn_present(host, bus, d))
			return d;
	}
	return -1;
}

#define for_each_fn(host, bus, devfn)                                                              \
	for ((devfn) = next_fn(host, bus, -1); (devfn) >= 0; (devfn) = next_fn(host, bus, devfn))

static bool fn_is_bridge(struct pci_host *host, u8 bus, u8 devfn)
{
	return (fn_header(host, bus, devfn) & PCI_HEADER_TYPE_MASK) == PCI_HEADER_TYPE_BRIDGE;
}

/* ------------------------------------------------------------------------ bus numbering */

/* Firmware's secondary/subordinate numbers of a bridge on bus, if they fit in (bus, limit]. */
static bool bridge_numbered(struct pci_host *host, u8 bus, u8 devfn, u8 limit, u8 *sec, u8 *sub)
{
	*sec = pci_bus_read(host, bus, devfn, PCI_SECONDARY_BUS, 1);
	*sub = pci_bus_read(host, bus, devfn, PCI_SUBORDINATE_BUS, 1);
	return *sec > bus && *sec <= *sub && *sub <= limit;
}

static u8 pci_number_bus(struct pci_host *host, u8 bus, u8 limit);

/*
 * Number an unnumbered bridge on bus: secondary hi + 1, subordinate the highest bus found below
 * it. Returns the new highest bus number in use. With no number left (hi == limit) the bridge
 * is closed (secondary and subordinate 0) and its subtree stays unreachable.
 */
static u8 pci_number_bridge(struct pci_host *host, u8 bus, u8 devfn, u8 hi, u8 limit)
{
	u8 sec = hi + 1;

	if (hi >= limit) {
		pci_bus_write(host, bus, devfn, PCI_SECONDARY_BUS, 2, 0);
		return hi;
	}
	pci_bus_write(host, bus, devfn, PCI_PRIMARY_BUS, 1, bus);
	pci_bus_write(host, bus, devfn, PCI_SECONDARY_BUS, 1, sec);
	/* Forward every bus up to limit while the subtree below is numbered. */
	pci_bus_write(host, bus, devfn, PCI_SUBORDINATE_BUS, 1, limit);
	hi = pci_number_bus(host, sec, limit);
	pci_bus_write(host, bus, devfn, PCI_SUBORDINATE_BUS, 1, hi);
	return hi;
}

/*
 * Give bus numbers to the bridges below bus that firmware left unnumbered (or numbered outside
 * (bus, limit]), depth-first, above every number firmware used, up to limit. Firmware's numbers
 * are kept first so new numbers never collide with them (Linux does the same in two passes).
 * Returns the highest bus number in use at or below bus.
 */
static u8 pci_number_bus(struct pci_host *host, u8 bus, u8 limit)
{
	u8 hi = bus, sec, sub;
	int devfn;

	for_each_fn(host, bus, devfn) {
		if (fn_is_bridge(host, bus, devfn) &&
		    bridge_numbered(host, bus, devfn, limit, &sec, &sub))
			hi = MAX(hi, MAX(sub, pci_number_bus(host, sec, sub)));
	}
	for_each_fn(host, bus, devfn) {
		if (fn_is_bridge(host, bus, devfn) &&
		    !bridge_numbered(host, bus, devfn, limit, &sec, &sub))
			hi = pci_number_bridge(host, bus, devfn, hi, limit);
	}
	return hi;
}

/* ------------------------------------------------------------------------ BARs */

/*
 * The lowest set bit of the writable address bits is the size (they are the high bits).
 * Address 0 means "unassigned" unless the function already decodes that space: arm64's PIO
 * window starts at port 0, and AAVMF does give that port to an I/O BAR.
 */
static void decode_bar(struct pci_bar *bar, enum pci_bar_kind kind, u64 val, u64 mask,
		       bool decoding)
{
	bar->size = mask & (~mask + 1);
	if (!bar->size)
		return;
	bar->kind = kind;
	bar->addr = val;
	bar->assigned = val != 0 || decoding;
}

/*
 * Write probe to the 32-bit register reg, read back which bits took it and put the original value
 * back: the sizing protocol (the caller turned decode off). Returns the read-back value, the
 * original in *orig.
 */
static u32 pci_probe_reg(struct pci_dev *dev, u16 reg, u32 probe, u32 *orig)
{
	u32 mask;

	*orig = pci_config_readl(dev, reg);
	pci_config_writel(dev, reg, probe);
	mask = pci_config_readl(dev, reg);
	pci_config_writel(dev, reg, *orig);
	return mask;
}

/*
 * Size BAR i of dev with the write-all-ones protocol (the caller turned decode off) and restore
 * its value. Returns how many BAR registers it takes: 2 for a 64-bit memory BAR, else 1.
 */
static unsigned int pci_size_bar(struct pci_dev *dev, unsigned int i, u16 cmd)
{
	u16 reg = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 lo, hi, mask_lo = pci_probe_reg(dev, reg, ~0U, &lo), mask_hi;
	struct pci_bar *bar = &dev->bar[i];

	if (lo & PCI_BASE_ADDRESS_SPACE_IO) {
		decode_bar(bar, PCI_BAR_IO, lo & PCI_BASE_ADDRESS_IO_MASK,
			   mask_lo & PCI_BASE_ADDRESS_IO_MASK, cmd & PCI_COMMAND_IO);
		return 1;
	}
	bar->prefetch = lo & PCI_BASE_ADDRESS_MEM_PREFETCH;
	if ((lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) != PCI_BASE_ADDRESS_MEM_TYPE_64 ||
	    i + 1 >= dev->nr_bars) {
		decode_bar(bar, PCI_BAR_MEM32, lo & PCI_BASE_ADDRESS_MEM_MASK,
			   mask_lo & PCI_BASE_ADDRESS_MEM_MASK, cmd & PCI_COMMAND_MEMORY);
		return 1;
	}
	mask_hi = pci_probe_reg(dev, reg + 4, ~0U, &hi);
	decode_bar(bar, PCI_BAR_MEM64, (u64)hi << 32 | (lo & PCI_BASE_ADDRESS_MEM_MASK),
		   (u64)mask_hi << 32 | (mask_lo & PCI_BASE_ADDRESS_MEM_MASK),
		   cmd & PCI_COMMAND_MEMORY);
	return 2;
}

/* Config offset of dev's expansion ROM BAR; 0 for header types that have none (CardBus). */
static u16 pci_rom_reg(const struct pci_dev *dev)
{
	if (dev->hdr_type == PCI_HEADER_TYPE_NORMAL)
		return PCI_ROM_ADDRESS;
	return pci_is_bridge(dev) ? PCI_ROM_ADDRESS1 : 0;
}

/*
 * Size dev's expansion ROM BAR into bar[PCI_ROM_RESOURCE] (the caller turned decode off). The
 * probe keeps the enable bit clear, so the ROM is never switched on, even for the probe.
 * OVMF and AAVMF switch a ROM off after reading it by writing all ones, which leaves the register
 * holding the probe's answer (every address bit it implements set, the top of the 32-bit space):
 * that is no address anybody assigned, so it counts as unassigned
 * (docs/hardware.md#pci-expansion-rom-bar).
 */
static void pci_size_rom(struct pci_dev *dev, u16 cmd)
{
	struct pci_bar *rom = &dev->bar[PCI_ROM_RESOURCE];
	u16 reg = pci_rom_reg(dev);
	u32 val, mask, addr;
	bool leftover;

	if (!reg)
		return;
	mask = pci_probe_reg(dev, reg, PCI_ROM_ADDRESS_MASK, &val) & PCI_ROM_ADDRESS_MASK;
	addr = val & PCI_ROM_ADDRESS_MASK;
	leftover = addr == mask;
	decode_bar(rom, PCI_BAR_MEM32, leftover ? 0 : addr, mask,
		   !leftover && (val & PCI_ROM_ADDRESS_ENABLE) && (cmd & PCI_COMMAND_MEMORY));
	dev->rom_enabled = rom->kind != PCI_BAR_NONE && (val & PCI_ROM_ADDRESS_ENABLE);
}

/* Size every BAR and the ROM with decode off, so the probe values are never decoded. */
static void pci_size_bars(struct pci_dev *dev)
{
	u16 cmd = pci_config_readw(dev, PCI_COMMAND);

	pci_config_writew(dev, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned int i = 0; i < dev->nr_bars;)
		i += pci_size_bar(dev, i, cmd);
	pci_size_rom(dev, cmd);
	pci_config_writew(dev, PCI_COMMAND, cmd);
}

/* ------------------------------------------------------------------------ bridge windows */

#define PCI_IO_RANGE_MASK 0xf0u	      /* address bits 15:12 in the 8-bit registers */
#define PCI_MEMORY_RANGE_MASK 0xfff0u /* address bits 31:20 in the 16-bit registers */
#define PCI_IO_GRANULE 0xfffULL
#define PCI_MEM_GRANULE 0xfffffULL

/*
 * The registers' reset value 0 reads as the open window [0, granule]: like a BAR at 0, it is
 * real only when the bridge already forwards that space (decoding).
 */
static struct pci_window bridge_window(u64 start, u64 end, bool decoding)
{
	return (start || decoding) && start <= end ? (struct pci_window){ start, end } :
						     PCI_WINDOW_NONE;
}

void pci_read_bridge_windows(struct pci_dev *b)
{
	u16 cmd = pci_config_readw(b, PCI_COMMAND);
	u8 io_base = pci_config_readb(b, PCI_IO_BASE), io_limit = pci_config_readb(b, PCI_IO_LIMIT);
	u16 pref_base = pci_config_readw(b, PCI_PREF_MEMORY_BASE);
	u64 start = (u64)(io_base & PCI_IO_RANGE_MASK) << 8;
	u64 end = (u64)(io_limit & PCI_IO_RANGE_MASK) << 8 | PCI_IO_GRANULE;

	if ((io_base & 0x0f) == PCI_IO_RANGE_TYPE_32) {
		start |= (u64)pci_config_readw(b, PCI_IO_BASE_UPPER16) << 16;
		end |= (u64)pci_config_readw(b, PCI_IO_LIMIT_UPPER16) << 16;
	}
	b->win[PCI_WIN_IO] = bridge_window(start, end, cmd & PCI_COMMAND_IO);

	start = (u64)(pci_config_readw(b, PCI_MEMORY_BASE) & PCI_MEMORY_RANGE_MASK) << 16;
	end = (u64)(pci_config_readw(b, PCI_MEMORY_LIMIT) & PCI_MEMORY_RANGE_MASK) << 16 |
	      PCI_MEM_GRANULE;
	b->win[PCI_WIN_MEM] = bridge_window(start, end, cmd & PCI_COMMAND_MEMORY);

	start = (u64)(pref_base & PCI_MEMORY_RANGE_MASK) << 16;
	end = (u64)(pci_config_readw(b, PCI_PREF_MEMORY_LIMIT) & PCI_MEMORY_RANGE_MASK) << 16 |
	      PCI_MEM_GRANULE;
	if ((pref_base & 0x0f) == PCI_PREF_RANGE_TYPE_64) {
		start |= (u64)pci_config_readl(b, PCI_PREF_BASE_UPPER32) << 32;
		end |= (u64)pci_config_readl(b, PCI_PREF_LIMIT_UPPER32) << 32;
	}
	b->win[PCI_WIN_PREF] = bridge_window(start, end, cmd & PCI_COMMAND_MEMORY);
}

/* The encoding pci_read_bridge_windows() decodes; an empty window is written base > limit. */
void pci_write_bridge_window(struct pci_dev *b, enum pci_win_type type)
{
	const struct pci_window *w = &b->win[type];
	u64 start = pci_window_empty(w) ? ~0ULL : w->start;
	u64 end = pci_window_empty(w) ? 0 : w->end;

	switch (type) {
	case PCI_WIN_IO:
		pci_config_writew(b, PCI_IO_BASE_UPPER16, start >> 16);
		pci_config_writew(b, PCI_IO_LIMIT_UPPER16, end >> 16);
		pci_config_writeb(b, PCI_IO_BASE, (start >> 8) & PCI_IO_RANGE_MASK);
		pci_config_writeb(b, PCI_IO_LIMIT, (end >> 8) & PCI_IO_RANGE_MASK);
		break;
	case PCI_WIN_MEM:
		pci_config_writew(b, PCI_MEMORY_BASE, (start >> 16) & PCI_MEMORY_RANGE_MASK);
		pci_config_writew(b, PCI_MEMORY_LIMIT, (end >> 16) & PCI_MEMORY_RANGE_MASK);
		break;
	default:
		pci_config_writel(b, PCI_PREF_BASE_UPPER32, start >> 32);
		pci_config_writel(b, PCI_PREF_LIMIT_UPPER32, end >> 32);
		pci_config_writew(b, PCI_PREF_MEMORY_BASE, (start >> 16) & PCI_MEMORY_RANGE_MASK);
		pci_config_writew(b, PCI_PREF_MEMORY_LIMIT, (end >> 16) & PCI_MEMORY_RANGE_MASK);
		break;
	}
}

/* ------------------------------------------------------------------------ the scan */

/* A new pci_dev for the function at bus/devfn, its BARs and ROM sized, (bridge) windows read. */
static struct pci_dev *pci_setup_device(struct pci_host *host, u8 bus, u8 devfn,
					struct pci_dev *parent)
{
	struct pci_dev *dev = kzalloc(sizeof(*dev));
	u32 id, class_rev;

	if (!dev)
		return NULL;
	dev->host = host;
	dev->parent = parent;
	dev->segment = host->segment;
	dev->bus = bus;
	dev->dev = devfn >> 3;
	dev->fn = devfn & 7;
	id = pci_config_readl(dev, PCI_VENDOR_ID);
	dev->vendor = id & 0xffff;
	dev->device = id >> 16;
	class_rev = pci_config_readl(dev, PCI_CLASS_REVISION);
	dev->class = class_rev >> 8;
	dev->revision = class_rev & 0xff;
	dev->hdr_type = pci_config_readb(dev, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	dev->pcie_cap = pci_find_capability(dev, PCI_CAP_ID_EXP);
	/* CardBus (type 2) and unknown headers: listed, BARs not touched. */
	dev->nr_bars = dev->hdr_type == PCI_HEADER_TYPE_NORMAL ? 6 : pci_is_bridge(dev) ? 2 : 0;
	pci_size_bars(dev);
	if (pci_is_bridge(dev)) {
		dev->secondary = pci_config_readb(dev, PCI_SECONDARY_BUS);
		dev->subordinate = pci_config_readb(dev, PCI_SUBORDINATE_BUS);
		pci_read_bridge_windows(dev);
	}
	return dev;
}

/*
 * Create the functions of bus and, right after each bridge, of the buses below it, appending
 * them at *tail. Returns 0 or -ENOMEM (what was created stays on the list).
 */
static int pci_scan_bus(struct pci_host *host, u8 bus, struct pci_dev *parent,
			struct pci_dev ***tail)
{
	int devfn, err;

	for_each_fn(host, bus, devfn) {
		struct pci_dev *dev = pci_setup_device(host, bus, devfn, parent);

		if (!dev)
			return -ENOMEM;
		**tail = dev;
		*tail = &dev->next;
		/* Numbering guarantees secondary > bus for every reachable bridge. */
		if (pci_is_bridge(dev) && dev->secondary > bus) {
			err = pci_scan_bus(host, dev->secondary, dev, tail);
			if (err)
				return err;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------------ hosts */

static void free_devs(struct pci_dev *d)
{
	while (d) {
		struct pci_dev *next = d->next;

		kfree(d);
		d = next;
	}
}

static bool host_overlaps(const struct pci_host *a, const struct pci_host *b)
{
	return a->segment == b->segment && a->bus_start <= b->bus_end && b->bus_start <= a->bus_end;
}

static int check_host(const struct pci_host *host)
{
	if (!host->ops || !host->ops->read || !host->ops->write || host->bus_start > host->bus_end)
		return -EINVAL;
	for (const struct pci_host *h = pci_hosts; h; h = h->next) {
		if (h == host || host_overlaps(h, host))
			return -EEXIST;
	}
	return 0;
}

static void link_host(struct pci_host *host)
{
	struct pci_dev **dp = &pci_devices;
	struct pci_host **hp = &pci_hosts;

	while (*dp)
		dp = &(*dp)->next;
	*dp = host->devs;
	while (*hp)
		hp = &(*hp)->next;
	host->next = NULL;
	*hp = host;
}

int pci_host_register(struct pci_host *host)
{
	struct pci_dev *devs = NULL, **tail = &devs, *d;
	int err = check_host(host);

	if (err)
		return err;
	pci_number_bus(host, host->bus_start, host->bus_end);
	err = pci_scan_bus(host, host->bus_start, NULL, &tail);
	if (err) {
		free_devs(devs);
		return err;
	}
	host->devs = devs;
	host->nr_no_fit = 0;
	pci_derive_host_windows(host);
	pci_assign_unassigned(host);
	pci_for_each_host_dev(host, d)
		pci_enable_device(d);
	link_host(host);
	return 0;
}

void pci_host_unregister(struct pci_host *host)
{
	struct pci_dev **dp = &pci_devices, *d;
	struct pci_host **hp = &pci_hosts;

	while (*hp && *hp != host)
		hp = &(*hp)->next;
	if (!*hp)
		return;
	*hp = host->next;
	while (*dp && (*dp)->host != host)
		dp = &(*dp)->next;
	for (d = *dp; d && d->host == host;) {
		struct pci_dev *next = d->next;

		kfree(d);
		d = next;
	}
	*dp = d;
	host->devs = NULL;
}
