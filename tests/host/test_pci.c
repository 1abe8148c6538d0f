/*
 * Host tests of the PCI core (drivers/pci): enumeration, BAR sizing, bus numbering, resource
 * assignment and the listing, against a fake configuration space that behaves like hardware:
 * BARs keep only their writable bits, bridges forward config cycles by their bus numbers.
 */
#include <errno.h>
#include <string.h>

#include "drivers/pci/pci.h"
#include "host_env.h"
#include "tap.h"

#define FAKE_MAX_BUSES 8
#define FAKE_MAX_FNS 32

struct fake_fn {
	u8 cfg[256];
	u32 mask[PCI_NUM_BARS];	 /* writable bits of each BAR register; 0: not implemented */
	u32 rom_mask;		 /* writable address bits of the expansion ROM BAR; 0: no ROM */
	int below;		 /* bridges: the fake bus behind */
	bool sized_decoding;	 /* all ones written to a BAR or ROM BAR while decode was on */
	bool rom_probed_enabled; /* the all-ones address probe went in with the enable bit set */
};

struct fake_pci {
	struct fake_fn *bus[FAKE_MAX_BUSES][PCI_MAX_DEV * PCI_MAX_FN];
	struct fake_fn fns[FAKE_MAX_FNS];
	unsigned int nr_buses, nr_fns;
	struct pci_host host;
};

static u32 cfg_get(const struct fake_fn *f, u16 where, unsigned int size)
{
	u32 v = 0;

	memcpy(&v, &f->cfg[where], size);
	return v;
}

static void cfg_put(struct fake_fn *f, u16 where, unsigned int size, u32 v)
{
	memcpy(&f->cfg[where], &v, size);
}

/* The fake bus a bus number reaches: the root bus, or through the bridges' bus numbers. */
static int fake_route(struct fake_pci *fp, u8 bus)
{
	int b = 0;
	u8 num = fp->host.bus_start;

	while (num != bus) {
		int next = -1;

		for (int i = 0; i < PCI_MAX_DEV * PCI_MAX_FN && next < 0; i++) {
			struct fake_fn *f = fp->bus[b][i];
			u8 sec = f ? f->cfg[PCI_SECONDARY_BUS] : 0;

			if (f && f->below >= 0 && sec && sec <= bus &&
			    bus <= f->cfg[PCI_SUBORDINATE_BUS]) {
				next = f->below;
				num = sec;
			}
		}
		if (next < 0)
			return -1;
		b = next;
	}
	return b;
}

static struct fake_fn *fake_find(struct pci_host *host, u8 bus, u8 devfn)
{
	struct fake_pci *fp = container_of(host, struct fake_pci, host);
	int b = fake_route(fp, bus);

	return b < 0 ? NULL : fp->bus[b][devfn];
}

static u32 fake_read(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size)
{
	struct fake_fn *f = fake_find(host, bus, devfn);

	if (!f)
		return size == 4 ? ~0U : (1U << (8 * size)) - 1;
	return where < sizeof(f->cfg) ? cfg_get(f, where, size) : 0;
}

/* Where f's expansion ROM BAR is: bridges (type 1 header) have it at another offset. */
static u16 rom_reg(const struct fake_fn *f)
{
	return f->below >= 0 ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
}

static bool fake_decoding(const struct fake_fn *f)
{
	return cfg_get(f, PCI_COMMAND, 2) & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
}

/* The ROM BAR: address bits as implemented, the enable bit writable when there is a ROM. */
static void fake_write_rom(struct fake_fn *f, u16 where, u32 val)
{
	u32 writable = f->rom_mask ? f->rom_mask | PCI_ROM_ADDRESS_ENABLE : 0;
	u32 old = cfg_get(f, where, 4);

	if ((val & PCI_ROM_ADDRESS_MASK) == PCI_ROM_ADDRESS_MASK) {
		f->sized_decoding |= fake_decoding(f);
		f->rom_probed_enabled |= val & PCI_ROM_ADDRESS_ENABLE;
	}
	cfg_put(f, where, 4, (val & writable) | (old & ~writable));
}

static void fake_write(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size,
		       u32 val)
{
	struct fake_fn *f = fake_find(host, bus, devfn);
	unsigned int nr_bars = f && f->below >= 0 ? 2 : PCI_NUM_BARS;
	unsigned int i = (where - PCI_BASE_ADDRESS_0) / 4;

	if (!f || where < PCI_COMMAND || (where >= PCI_CLASS_REVISION && where < 0x10))
		return; /* IDs, class and header type are read-only */
	if (where >= PCI_BASE_ADDRESS_0 && i < nr_bars) {
		u32 old = cfg_get(f, where, 4);

		if (val == ~0U && fake_decoding(f))
			f->sized_decoding = true;
		cfg_put(f, where, 4, (val & f->mask[i]) | (old & ~f->mask[i]));
		return;
	}
	if (where == rom_reg(f)) {
		fake_write_rom(f, where, val);
		return;
	}
	cfg_put(f, where, size, val);
}

static const struct pci_ops fake_ops = { .read = fake_read, .write = fake_write };

static void fake_init(struct fake_pci *fp)
{
	memset(fp, 0, sizeof(*fp));
	fp->nr_buses = 1;
	fp->host = (struct pci_host){
		.segment = 0, .bus_start = 0, .bus_end = 0xff, .ops = &fake_ops
	};
	host_env_init();
}

static struct fake_fn *fake_add(struct fake_pci *fp, int bus, u8 dev, u8 fn, u32 id, u32 class,
				u8 hdr)
{
	struct fake_fn *f = &fp->fns[fp->nr_fns++];

	f->below = -1;
	cfg_put(f, PCI_VENDOR_ID, 4, id);
	cfg_put(f, PCI_CLASS_REVISION, 4, class << 8 | 1);
	f->cfg[PCI_HEADER_TYPE] = hdr;
	fp->bus[bus][PCI_DEVFN(dev, fn)] = f;
	return f;
}

/* A bridge on fake bus `bus` numbered sec/sub (0/0: left unnumbered); returns its fake bus. */
static int fake_bridge(struct fake_pci *fp, int bus, u8 dev, u8 sec, u8 sub)
{
	struct fake_fn *f =
		fake_add(fp, bus, dev, 0, 0x00011b36, PCI_CLASS_BRIDGE_PCI, PCI_HEADER_TYPE_BRIDGE);

	f->below = fp->nr_buses++;
	f->cfg[PCI_SECONDARY_BUS] = sec;
	f->cfg[PCI_SUBORDINATE_BUS] = sub;
	return f->below;
}

enum { IO, MEM32, MEM64 };

/* BAR i of f: kind, size, address (0: unassigned). */
static void fake_bar(struct fake_fn *f, unsigned int i, int kind, bool pref, u64 size, u64 addr)
{
	u64 mask = ~(size - 1);
	u32 flags = kind == IO ? PCI_BASE_ADDRESS_SPACE_IO :
				 (kind == MEM64 ? PCI_BASE_ADDRESS_MEM_TYPE_64 : 0) |
					 (pref ? PCI_BASE_ADDRESS_MEM_PREFETCH : 0);

	f->mask[i] = (u32)mask &
		     (kind == IO ? PCI_BASE_ADDRESS_IO_MASK : PCI_BASE_ADDRESS_MEM_MASK);
	cfg_put(f, PCI_BASE_ADDRESS_0 + 4 * i, 4, (u32)addr | flags);
	if (kind == MEM64) {
		f->mask[i + 1] = mask >> 32;
		cfg_put(f, PCI_BASE_ADDRESS_0 + 4 * (i + 1), 4, addr >> 32);
	}
}

static u32 bar_reg(const struct fake_fn *f, unsigned int i)
{
	return cfg_get(f, PCI_BASE_ADDRESS_0 + 4 * i, 4);
}

/* An expansion ROM of size bytes at addr (0: unassigned), its enable bit as given. */
static void fake_rom(struct fake_fn *f, u32 size, u32 addr, bool enable)
{
	f->rom_mask = ~(size - 1) & PCI_ROM_ADDRESS_MASK;
	cfg_put(f, rom_reg(f), 4, addr | (enable ? PCI_ROM_ADDRESS_ENABLE : 0));
}

/* ------------------------------------------------------------------------ tests */

TEST(pci_bar_kinds_sizes_and_sizing_protocol)
{
	struct fake_pci fp;
	struct fake_fn *f;
	struct pci_dev *d;

	fake_init(&fp);
	f = fake_add(&fp, 0, 3, 0, 0x11e81234, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fake_bar(f, 0, MEM32, false, 0x100000, 0xc0000000);
	fake_bar(f, 1, IO, false, 0x20, 0x6040);
	fake_bar(f, 2, MEM64, true, 0x80000000, 0xe000000000);
	fake_bar(f, 5, MEM32, true, 0x1000, 0xc0100000);
	cfg_put(f, PCI_COMMAND, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	CHECK_EQ(pci_host_register(&fp.host), 0);

	d = pci_get_slot(0, 0, 3, 0);
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_EQ(d->vendor, 0x1234);
	CHECK_EQ(d->device, 0x11e8);
	CHECK_EQ(d->class, 0x00ff00);
	CHECK_EQ(d->revision, 1);
	CHECK_EQ(d->nr_bars, 6);
	CHECK_EQ(d->bar[0].kind, PCI_BAR_MEM32);
	CHECK_EQ(d->bar[0].size, 0x100000);
	CHECK_EQ(d->bar[0].addr, 0xc0000000);
	CHECK(d->bar[0].assigned && !d->bar[0].prefetch);
	CHECK_EQ(d->bar[1].kind, PCI_BAR_IO);
	CHECK_EQ(d->bar[1].size, 0x20);
	CHECK_EQ(d->bar[1].addr, 0x6040);
	CHECK_EQ(d->bar[2].kind, PCI_BAR_MEM64);
	CHECK(d->bar[2].prefetch);
	CHECK_EQ(d->bar[2].size, 0x80000000);
	CHECK_EQ(d->bar[2].addr, 0xe000000000);
	CHECK_EQ(d->bar[3].kind, PCI_BAR_NONE); /* upper half of BAR2 */
	CHECK_EQ(d->bar[4].kind, PCI_BAR_NONE); /* not implemented */
	CHECK_EQ(d->bar[5].kind, PCI_BAR_MEM32);
	CHECK(d->bar[5].prefetch);
	/* Sized with decode off; values and command restored. */
	CHECK(!f->sized_decoding);
	CHECK_EQ(bar_reg(f, 0), 0xc0000000);
	CHECK_EQ(bar_reg(f, 1), 0x6041);
	CHECK_EQ(bar_reg(f, 2), 0x0000000c);
	CHECK_EQ(bar_reg(f, 3), 0xe0);
	CHECK_EQ(cfg_get(f, PCI_COMMAND, 2), 0x7);
	CHECK_EQ(fp.host.nr_no_fit, 0);
	pci_host_unregister(&fp.host);
	CHECK(pci_dev_first() == NULL);
}

TEST(pci_multifunction_and_capabilities)
{
	struct fake_pci fp;
	struct fake_fn *f;
	struct pci_dev *d;
	unsigned int n = 0;

	fake_init(&fp);
	fake_add(&fp, 0, 0, 0, 0x29c08086, PCI_CLASS_BRIDGE_HOST, PCI_HEADER_TYPE_NORMAL);
	fake_add(&fp, 0, 4, 0, 0x10001af4, 0x020000, PCI_HEADER_TYPE_NORMAL | PCI_HEADER_TYPE_MFD);
	fake_add(&fp, 0, 4, 3, 0x10011af4, 0x010000, PCI_HEADER_TYPE_NORMAL);
	/* Without the multi-function bit in function 0, function 1 is not looked at. */
	fake_add(&fp, 0, 5, 0, 0x11111234, 0x030000, PCI_HEADER_TYPE_NORMAL);
	fake_add(&fp, 0, 5, 1, 0x22221234, 0x030000, PCI_HEADER_TYPE_NORMAL);
	f = fake_add(&fp, 0, 6, 0, 0x00011b36, 0x088000, PCI_HEADER_TYPE_NORMAL);
	cfg_put(f, PCI_STATUS, 2, PCI_STATUS_CAP_LIST);
	f->cfg[PCI_CAPABILITY_LIST] = 0x42; /* low bits are reserved and ignored */
	f->cfg[0x40] = PCI_CAP_ID_PM;
	f->cfg[0x41] = 0x60;
	f->cfg[0x60] = PCI_CAP_ID_EXP;
	f->cfg[0x61] = 0x40; /* a loop: the walk must end anyway */
	CHECK_EQ(pci_host_register(&fp.host), 0);

	pci_for_each_dev(d)
		n++;
	CHECK_EQ(n, 5);
	CHECK(pci_get_slot(0, 0, 4, 3) != NULL);
	CHECK(pci_get_slot(0, 0, 5, 1) == NULL);
	CHECK(pci_get_device(0x1af4, PCI_ANY_ID, 1) == pci_get_slot(0, 0, 4, 3));
	CHECK(pci_get_device(0x1af4, PCI_ANY_ID, 2) == NULL);
	d = pci_get_slot(0, 0, 6, 0);
	CHECK(d && d->pcie_cap == 0x60);
	CHECK(d && pci_find_capability(d, PCI_CAP_ID_PM) == 0x40);
	CHECK(d && pci_find_capability(d, PCI_CAP_ID_MSI) == 0);
	CHECK(pci_get_slot(0, 0, 0, 0)->pcie_cap == 0);
	/* A second host on the same buses is refused. */
	CHECK_EQ(pci_host_register(&fp.host), -EEXIST);
	pci_host_unregister(&fp.host);
}

TEST(pci_bridges_numbered_depth_first_around_firmware_numbers)
{
	struct fake_pci fp;
	struct fake_fn *fw, *b1, *b2;
	int fw_bus, b1_bus, b2_bus;
	struct pci_dev *d;
	u8 order[8][2];
	unsigned int n = 0;

	fake_init(&fp);
	/* 00:01.0 unnumbered, with an unnumbered bridge behind it; 00:02.0 numbered 1-1. */
	b1_bus = fake_bridge(&fp, 0, 1, 0, 0);
	b2_bus = fake_bridge(&fp, b1_bus, 0, 0, 0);
	fake_add(&fp, b2_bus, 0, 0, 0x11e81234, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fw_bus = fake_bridge(&fp, 0, 2, 1, 1);
	fake_add(&fp, fw_bus, 0, 0, 0x11101af4, 0x050000, PCI_HEADER_TYPE_NORMAL);
	b1 = fp.bus[0][PCI_DEVFN(1, 0)];
	b2 = fp.bus[b1_bus][0];
	fw = fp.bus[0][PCI_DEVFN(2, 0)];
	CHECK_EQ(pci_host_register(&fp.host), 0);

	CHECK_EQ(fw->cfg[PCI_SECONDARY_BUS], 1); /* firmware's numbers are kept */
	CHECK_EQ(fw->cfg[PCI_SUBORDINATE_BUS], 1);
	CHECK_EQ(b1->cfg[PCI_PRIMARY_BUS], 0);
	CHECK_EQ(b1->cfg[PCI_SECONDARY_BUS], 2);
	CHECK_EQ(b1->cfg[PCI_SUBORDINATE_BUS], 3);
	CHECK_EQ(b2->cfg[PCI_PRIMARY_BUS], 2);
	CHECK_EQ(b2->cfg[PCI_SECONDARY_BUS], 3);
	CHECK_EQ(b2->cfg[PCI_SUBORDINATE_BUS], 3);
	d = pci_get_slot(0, 3, 0, 0);
	CHECK(d && d->vendor == 0x1234 && d->parent == pci_get_slot(0, 2, 0, 0));
	CHECK(d && d->parent && d->parent->parent == pci_get_slot(0, 0, 1, 0));
	/* Depth-first: each bridge is followed by what lies behind it. */
	pci_for_each_dev(d) {
		if (n < ARRAY_SIZE(order)) {
			order[n][0] = d->bus;
			order[n][1] = d->dev;
		}
		n++;
	}
	CHECK_EQ(n, 5);
	CHECK(order[0][0] == 0 && order[0][1] == 1);
	CHECK(order[1][0] == 2 && order[1][1] == 0);
	CHECK(order[2][0] == 3 && order[2][1] == 0);
	CHECK(order[3][0] == 0 && order[3][1] == 2);
	CHECK(order[4][0] == 1 && order[4][1] == 0);
	pci_host_unregister(&fp.host);
}

TEST(pci_assigns_naturally_aligned_in_firmware_window)
{
	struct fake_pci fp;
	struct fake_fn *f, *g;
	struct pci_dev *d;

	fake_init(&fp);
	/* Firmware's assignments span [0xc0000000, 0xc01fffff] and I/O [0x6000, 0x60ff]. */
	f = fake_add(&fp, 0, 1, 0, 0x11e81234, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fake_bar(f, 0, MEM32, false, 0x1000, 0xc0000000);
	fake_bar(f, 1, MEM32, false, 0x100000, 0xc0100000);
	fake_bar(f, 2, IO, false, 0x40, 0x6000);
	fake_bar(f, 3, IO, false, 0x40, 0x60c0);
	cfg_put(f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	g = fake_add(&fp, 0, 2, 0, 0x00051b36, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fake_bar(g, 0, MEM32, false, 0x1000, 0);
	fake_bar(g, 1, MEM64, false, 0x10000, 0);
	fake_bar(g, 3, IO, false, 0x40, 0);
	CHECK_EQ(pci_host_register(&fp.host), 0);

	CHECK_EQ(fp.host.win[PCI_WIN_MEM].start, 0xc0000000);
	CHECK_EQ(fp.host.win[PCI_WIN_MEM].end, 0xc01fffff);
	CHECK_EQ(fp.host.win[PCI_WIN_IO].start, 0x6000);
	CHECK_EQ(fp.host.win[PCI_WIN_IO].end, 0x60ff);
	CHECK(fp.host.win[PCI_WIN_PREF].start > fp.host.win[PCI_WIN_PREF].end);
	d = pci_get_slot(0, 0, 2, 0);
	if (!d)
		return;
	/* Largest first: 64 KiB at the first free 64 KiB boundary, then 4 KiB after firmware's. */
	CHECK(d->bar[1].assigned);
	CHECK_EQ(d->bar[1].addr, 0xc0010000);
	CHECK_EQ(d->bar[0].addr, 0xc0001000);
	CHECK_EQ(d->bar[3].addr, 0x6040);
	for (unsigned int i = 0; i < PCI_NUM_BARS; i++)
		CHECK(d->bar[i].kind == PCI_BAR_NONE || IS_ALIGNED(d->bar[i].addr, d->bar[i].size));
	/* Written to the device, decode turned on. */
	CHECK_EQ(bar_reg(g, 0), 0xc0001000);
	CHECK_EQ(bar_reg(g, 1), 0xc0010004);
	CHECK_EQ(bar_reg(g, 2), 0);
	CHECK_EQ(bar_reg(g, 3), 0x6041);
	CHECK_EQ(cfg_get(g, PCI_COMMAND, 2), PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	CHECK_EQ(fp.host.nr_no_fit, 0);
	pci_host_unregister(&fp.host);
}

TEST(pci_bar_that_cannot_fit_is_reported_and_left_disabled)
{
	struct fake_pci fp;
	struct fake_fn *f, *g;
	struct pci_dev *d;

	fake_init(&fp);
	f = fake_add(&fp, 0, 1, 0, 0x11e81234, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fake_bar(f, 0, MEM32, false, 0x100000, 0xc0000000);
	g = fake_add(&fp, 0, 2, 0, 0x11101af4, 0x050000, PCI_HEADER_TYPE_NORMAL);
	fake_bar(g, 0, MEM32, false, 0x1000000, 0); /* 16 MiB: no room */
	fake_bar(g, 1, IO, false, 0x100, 0);	    /* no I/O window at all */
	CHECK_EQ(pci_host_register(&fp.host), 0);

	d = pci_get_slot(0, 0, 2, 0);
	if (!d)
		return;
	CHECK(d->bar[0].no_fit && !d->bar[0].assigned);
	CHECK(d->bar[1].no_fit && !d->bar[1].assigned);
	CHECK_EQ(fp.host.nr_no_fit, 2);
	CHECK_EQ(bar_reg(g, 0), 0);
	CHECK_EQ(cfg_get(g, PCI_COMMAND, 2), 0);
	CHECK_EQ(pci_enable_device(d), -ENOSPC);
	/* The other function is unaffected and enabled (AAVMF leaves decode off). */
	CHECK_EQ(cfg_get(f, PCI_COMMAND, 2), PCI_COMMAND_MEMORY);
	CHECK_EQ(pci_enable_device(pci_get_slot(0, 0, 1, 0)), 0);
	pci_host_unregister(&fp.host);
}

TEST(pci_closed_bridge_window_opened_and_programmed)
{
	struct fake_pci fp;
	struct fake_fn *f, *b, *e;
	struct pci_dev *bd, *ed;
	int below;

	fake_init(&fp);
	f = fake_add(&fp, 0, 1, 0, 0x11e81234, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fake_bar(f, 0, MEM32, false, 0x1000, 0xc0000000);
	fake_bar(f, 1, MEM32, false, 0x100000, 0xc0f00000);
	below = fake_bridge(&fp, 0, 2, 1, 1);
	b = fp.bus[0][PCI_DEVFN(2, 0)];
	e = fake_add(&fp, below, 0, 0, 0x11e81234, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fake_bar(e, 0, MEM32, false, 0x1000, 0);
	fake_bar(e, 1, MEM32, false, 0x100000, 0);
	CHECK_EQ(pci_host_register(&fp.host), 0);

	bd = pci_get_slot(0, 0, 2, 0);
	ed = pci_get_slot(0, 1, 0, 0);
	if (!bd || !ed)
		return;
	/* Need 1 MiB + 4 KiB, in 1 MiB granules, 1 MiB aligned: 2 MiB at the first free MiB. */
	CHECK_EQ(bd->win[PCI_WIN_MEM].start, 0xc0100000);
	CHECK_EQ(bd->win[PCI_WIN_MEM].end, 0xc02fffff);
	CHECK_EQ(cfg_get(b, PCI_MEMORY_BASE, 2), 0xc010);
	CHECK_EQ(cfg_get(b, PCI_MEMORY_LIMIT, 2), 0xc020);
	CHECK_EQ(ed->bar[1].addr, 0xc0100000);
	CHECK_EQ(ed->bar[0].addr, 0xc0200000);
	CHECK(ed->bar[0].addr >= bd->win[PCI_WIN_MEM].start &&
	      ed->bar[0].addr + ed->bar[0].size - 1 <= bd->win[PCI_WIN_MEM].end);
	CHECK(bd->win[PCI_WIN_IO].start > bd->win[PCI_WIN_IO].end);
	CHECK_EQ(cfg_get(b, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY, PCI_COMMAND_MEMORY);
	CHECK_EQ(cfg_get(e, PCI_COMMAND, 2), PCI_COMMAND_MEMORY);
	CHECK_EQ(fp.host.nr_no_fit, 0);
	pci_host_unregister(&fp.host);
}

TEST(pci_rom_sized_kept_disabled_and_not_assigned)
{
	struct fake_pci fp;
	struct fake_fn *a, *b, *c, *br1, *br2;
	struct pci_dev *da, *db, *dc, *dbr1, *dbr2;

	fake_init(&fp);
	/* Firmware gave a's ROM an address (left disabled) in the window its BARs span. */
	a = fake_add(&fp, 0, 1, 0, 0x100e8086, 0x020000, PCI_HEADER_TYPE_NORMAL);
	fake_bar(a, 0, MEM32, false, 0x1000, 0xc0000000);
	fake_bar(a, 1, MEM32, false, 0x100000, 0xc0100000);
	fake_rom(a, 0x8000, 0xc0008000, false);
	cfg_put(a, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	b = fake_add(&fp, 0, 2, 0, 0x11111234, 0x030000, PCI_HEADER_TYPE_NORMAL);
	fake_bar(b, 0, MEM32, false, 0x8000, 0);
	fake_rom(b, 0x40000, 0, false);
	c = fake_add(&fp, 0, 4, 0, 0x11e81234, 0x00ff00, PCI_HEADER_TYPE_NORMAL);
	fake_bar(c, 0, MEM32, false, 0x1000, 0xc0002000);
	/* Bridges: one ROM assigned with its enable bit set, one left holding all ones by firmware. */
	fake_bridge(&fp, 0, 3, 1, 1);
	br1 = fp.bus[0][PCI_DEVFN(3, 0)];
	fake_rom(br1, 0x800, 0xc00ff800, true);
	fake_bridge(&fp, 0, 5, 2, 2);
	br2 = fp.bus[0][PCI_DEVFN(5, 0)];
	fake_rom(br2, 0x10000, 0xffff0000, false);
	CHECK_EQ(pci_host_register(&fp.host), 0);

	da = pci_get_slot(0, 0, 1, 0);
	db = pci_get_slot(0, 0, 2, 0);
	dc = pci_get_slot(0, 0, 4, 0);
	dbr1 = pci_get_slot(0, 0, 3, 0);
	dbr2 = pci_get_slot(0, 0, 5, 0);
	if (!da || !db || !dc || !dbr1 || !dbr2)
		return;
	CHECK_EQ(da->bar[PCI_ROM_RESOURCE].kind, PCI_BAR_MEM32);
	CHECK_EQ(da->bar[PCI_ROM_RESOURCE].size, 0x8000);
	CHECK_EQ(da->bar[PCI_ROM_RESOURCE].addr, 0xc0008000);
	CHECK(da->bar[PCI_ROM_RESOURCE].assigned && !da->rom_enabled);
	CHECK_EQ(db->bar[PCI_ROM_RESOURCE].kind, PCI_BAR_MEM32);
	CHECK_EQ(db->bar[PCI_ROM_RESOURCE].size, 0x40000);
	CHECK(!db->bar[PCI_ROM_RESOURCE].assigned && !db->bar[PCI_ROM_RESOURCE].no_fit);
	CHECK_EQ(dc->bar[PCI_ROM_RESOURCE].kind, PCI_BAR_NONE);
	CHECK_EQ(dbr1->bar[PCI_ROM_RESOURCE].kind, PCI_BAR_MEM32);
	CHECK_EQ(dbr1->bar[PCI_ROM_RESOURCE].size, 0x800);
	CHECK_EQ(dbr1->bar[PCI_ROM_RESOURCE].addr, 0xc00ff800);
	CHECK(dbr1->bar[PCI_ROM_RESOURCE].assigned && dbr1->rom_enabled);
	CHECK_EQ(dbr2->bar[PCI_ROM_RESOURCE].size, 0x10000);
	CHECK(!dbr2->bar[PCI_ROM_RESOURCE].assigned && !dbr2->rom_enabled);
	/* Sized with decode off and the enable bit clear; each register as firmware left it. */
	CHECK(!a->sized_decoding && !b->sized_decoding && !br1->sized_decoding);
	CHECK(!a->rom_probed_enabled && !b->rom_probed_enabled && !br1->rom_probed_enabled &&
	      !br2->rom_probed_enabled);
	CHECK_EQ(cfg_get(a, PCI_ROM_ADDRESS, 4), 0xc0008000);
	CHECK_EQ(cfg_get(b, PCI_ROM_ADDRESS, 4), 0);
	CHECK_EQ(cfg_get(br1, PCI_ROM_ADDRESS1, 4), 0xc00ff801);
	CHECK_EQ(cfg_get(br2, PCI_ROM_ADDRESS1, 4), 0xffff0000);
	CHECK_EQ(cfg_get(br1, PCI_IO_BASE_UPPER16, 4), 0); /* type 0's ROM offset: untouched */
	/* b's BAR skips the range of a's ROM; b's unassigned ROM is no failure. */
	CHECK_EQ(db->bar[0].addr, 0xc0010000);
	CHECK_EQ(fp.host.nr_no_fit, 0);
	CHECK_EQ(pci_enable_device(db), 0);
	CHECK_EQ(cfg_get(b, PCI_COMMAND, 2), PCI_COMMAND_MEMORY);
	pci_host_unregister(&fp.host);
}

struct lines {
	char text[8][96];
	unsigned int n;
};

static void collect(void *priv, const char *line)
{
	struct lines *l = priv;

	if (l->n < ARRAY_SIZE(l->text))
		strncpy(l->text[l->n], line, sizeof(l->text[0]) - 1);
	l->n++;
}

TEST(pci_listing_format)
{
	struct fake_pci fp;
	struct fake_fn *f;
	struct lines l = { 0 };

	fake_init(&fp);
	fp.host.segment = 1;
	f = fake_add(&fp, 0, 0x1f, 2, 0x29228086, 0x010601, PCI_HEADER_TYPE_NORMAL);
	fake_add(&fp, 0, 0x1f, 0, 0x29188086, 0x060100, PCI_HEADER_TYPE_MFD);
	fake_bar(f, 0, IO, false, 0x20, 0x6040);
	fake_bar(f, 2, MEM64, true, 0x4000, 0x8000000000);
	fake_bar(f, 4, MEM32, false, 0x1000000, 0); /* cannot fit */
	fake_rom(f, 0x40000, 0xfeb80000, true);
	fake_rom(fp.bus[0][PCI_DEVFN(0x1f, 0)], 0x800, 0, false);
	CHECK_EQ(pci_host_register(&fp.host), 0);

	pci_print_all(collect, &l);
	CHECK_EQ(l.n, 7);
	CHECK(!strcmp(l.text[0], "0001:00:1f.0 8086:2918 class 060100 ISA bridge"));
	CHECK(!strcmp(l.text[1], "  ROM mem32 unassigned size 0x800 disabled"));
	CHECK(!strcmp(l.text[2], "0001:00:1f.2 8086:2922 class 010601 SATA"));
	CHECK(!strcmp(l.text[3], "  BAR0 io 0x6040 size 0x20"));
	CHECK(!strcmp(l.text[4], "  BAR2 mem64 pref 0x8000000000 size 0x4000"));
	CHECK(!strcmp(l.text[5], "  BAR4 mem32 unassigned size 0x1000000"));
	CHECK(!strcmp(l.text[6], "  ROM mem32 0xfeb80000 size 0x40000 enabled"));
	CHECK(!strcmp(pci_class_name(0x020000), "ethernet"));
	CHECK(!strcmp(pci_class_name(0x060400), "PCI bridge"));
	CHECK(!strcmp(pci_class_name(0x00ff00), "other"));
	pci_host_unregister(&fp.host);
}
