/*
 * Resources: the host windows derived from firmware's assignments, and the assignment of what
 * firmware left unassigned (pci.h, pci_host_register() steps 3 and 4).
 *
 * Placement is per bus, parents before children: among the children of a bus (BARs still
 * unassigned, closed bridge windows that something below needs) the item with the largest
 * alignment goes first, each at the lowest naturally aligned free address of the bus owner's
 * window. Every item's size is a multiple of its alignment, so in that order items pack without
 * gaps and a window opened for exactly the sum of what lies below it always holds it. Windows
 * that firmware opened are used as they are, never grown.
 *
 * Expansion ROMs (bar[PCI_ROM_RESOURCE]) are listed as firmware left them and nothing more: one
 * left unassigned is not given an address, is not no_fit and does not count in nr_no_fit, and no
 * ROM is ever enabled. Nothing in the kernel runs or reads option ROMs, so space for them would
 * only shrink what BARs can use (Linux too assigns ROM space only when it fits). A ROM firmware
 * did give an address keeps it: that range is never handed to a BAR, so the ROM stays usable.
 */
#include <errno.h>

#include "drivers/pci/internal.h"

#define SZ_4G (1ULL << 32)
#define PCI_IO_WINDOW_ALIGN SZ_4K
#define PCI_MEM_WINDOW_ALIGN (1ULL << 20)

static void window_extend(struct pci_window *w, u64 start, u64 end)
{
	if (pci_window_empty(w)) {
		*w = (struct pci_window){ start, end };
		return;
	}
	w->start = MIN(w->start, start);
	w->end = MAX(w->end, end);
}

static u64 bar_end(const struct pci_bar *bar)
{
	return bar->addr + bar->size - 1;
}

/* The host window a root-bus memory range ending at end belongs to. */
static enum pci_win_type host_mem_window(u64 end)
{
	return end < SZ_4G ? PCI_WIN_MEM : PCI_WIN_PREF;
}

void pci_derive_host_windows(struct pci_host *host)
{
	enum pci_win_type win;
	struct pci_dev *d;

	for (int t = 0; t < PCI_WIN_NR; t++)
		host->win[t] = PCI_WINDOW_NONE;
	pci_for_each_host_dev(host, d) {
		if (d->parent)
			continue;
		for (unsigned int i = 0; i < d->nr_bars; i++) {
			const struct pci_bar *bar = &d->bar[i];

			if (bar->kind == PCI_BAR_NONE || !bar->assigned)
				continue;
			win = bar->kind == PCI_BAR_IO ? PCI_WIN_IO : host_mem_window(bar_end(bar));
			window_extend(&host->win[win], bar->addr, bar_end(bar));
		}
		for (int t = 0; pci_is_bridge(d) && t < PCI_WIN_NR; t++) {
			const struct pci_window *w = &d->win[t];

			if (pci_window_empty(w))
				continue;
			win = t == PCI_WIN_IO ? PCI_WIN_IO : host_mem_window(w->end);
			window_extend(&host->win[win], w->start, w->end);
		}
	}
}

/* ------------------------------------------------------------------------ free space */

/* Is a the bridge that owns bus-owner `owner`'s bus, or one above it? */
static bool is_upstream(const struct pci_dev *a, const struct pci_dev *owner)
{
	for (; owner; owner = owner->parent) {
		if (owner == a)
			return true;
	}
	return false;
}

static bool overlaps(u64 s1, u64 e1, u64 s2, u64 e2)
{
	return s1 <= e2 && s2 <= e1;
}

/* Does bar (a BAR or ROM) have an address in the space io says overlapping [start, end]? */
static bool bar_conflicts(const struct pci_bar *bar, bool io, u64 start, u64 end, u64 *conflict_end)
{
	if (bar->kind == PCI_BAR_NONE || !bar->assigned || (bar->kind == PCI_BAR_IO) != io ||
	    !overlaps(bar->addr, bar_end(bar), start, end))
		return false;
	*conflict_end = bar_end(bar);
	return true;
}

/*
 * Find an assigned range of the host in the same space (I/O or memory) overlapping [start, end]:
 * a BAR, a ROM, or a bridge window other than those of owner and the bridges above it (they
 * contain the range by design). Returns true with the conflicting range's end in *conflict_end,
 * false when none overlaps.
 */
static bool find_conflict(struct pci_host *host, const struct pci_dev *owner, bool io, u64 start,
			  u64 end, u64 *conflict_end)
{
	struct pci_dev *d;

	pci_for_each_host_dev(host, d) {
		for (unsigned int i = 0; i < d->nr_bars; i++) {
			if (bar_conflicts(&d->bar[i], io, start, end, conflict_end))
				return true;
		}
		if (bar_conflicts(&d->bar[PCI_ROM_RESOURCE], io, start, end, conflict_end))
			return true;
		if (!pci_is_bridge(d) || is_upstream(d, owner))
			continue;
		for (int t = 0; t < PCI_WIN_NR; t++) {
			const struct pci_window *w = &d->win[t];

			if ((t == PCI_WIN_IO) == io && !pci_window_empty(w) &&
			    overlaps(w->start, w->end, start, end)) {
				*conflict_end = w->end;
				return true;
			}
		}
	}
	return false;
}

/*
 * The lowest address aligned to align (a power of two) at which [addr, addr + size) lies inside w
 * and overlaps nothing assigned (see find_conflict()). Returns 0 with it in *out, or -ENOSPC.
 */
static int alloc_range(struct pci_host *host, const struct pci_dev *owner,
		       const struct pci_window *w, bool io, u64 size, u64 align, u64 *out)
{
	u64 a, conflict_end;

	if (pci_window_empty(w))
		return -ENOSPC;
	/* Each step moves a past a conflict; a wrap past 2^64 makes it drop below w->start. */
	for (a = ALIGN_UP(w->start, align);
	     a >= w->start && a + size - 1 >= a && a + size - 1 <= w->end;
	     a = ALIGN_UP(conflict_end + 1, align)) {
		if (!find_conflict(host, owner, io, a, a + size - 1, &conflict_end)) {
			*out = a;
			return 0;
		}
	}
	return -ENOSPC;
}

/* ------------------------------------------------------------------------ what goes where */

static struct pci_window *owner_windows(struct pci_host *host, struct pci_dev *owner)
{
	return owner ? owner->win : host->win;
}

/*
 * The window of the bus owner (a bridge, or NULL for the host) a BAR belongs in: 64-bit
 * prefetchable BARs in the prefetchable window, and on the root bus every 64-bit BAR in the
 * host's window above 4 GiB; everything else in IO or MEM.
 */
static enum pci_win_type bar_window(const struct pci_dev *owner, const struct pci_bar *bar)
{
	if (bar->kind == PCI_BAR_IO)
		return PCI_WIN_IO;
	if (bar->kind == PCI_BAR_MEM64 && (bar->prefetch || !owner))
		return PCI_WIN_PREF;
	return PCI_WIN_MEM;
}

static bool bar_pending(const struct pci_bar *bar)
{
	return bar->kind != PCI_BAR_NONE && !bar->assigned && !bar->no_fit;
}

struct pci_need {
	u64 size;
	u64 align;
};

/*
 * What a closed window t of bridge must hold: the pending BARs of its bus and the closed windows
 * below that need room, rounded up to the window granularity and to the largest alignment (so the
 * size is a multiple of the alignment, see the top of the file).
 */
static struct pci_need window_need(struct pci_host *host, struct pci_dev *bridge,
				   enum pci_win_type t)
{
	struct pci_need n = { 0, t == PCI_WIN_IO ? PCI_IO_WINDOW_ALIGN : PCI_MEM_WINDOW_ALIGN };
	struct pci_dev *d;

	pci_for_each_host_dev(host, d) {
		if (d->parent != bridge)
			continue;
		for (unsigned int i = 0; i < d->nr_bars; i++) {
			if (bar_pending(&d->bar[i]) && bar_window(bridge, &d->bar[i]) == t) {
				n.size += d->bar[i].size;
				n.align = MAX(n.align, d->bar[i].size);
			}
		}
		if (pci_is_bridge(d) && pci_window_empty(&d->win[t])) {
			struct pci_need c = window_need(host, d, t);

			n.size += c.size;
			n.align = MAX(n.align, c.align);
		}
	}
	if (n.size)
		n.size = ALIGN_UP(n.size, n.align);
	return n;
}

/* The next thing to place on owner's bus: a pending BAR (bar >= 0) or a window (bar < 0). */
struct pci_item {
	struct pci_dev *dev;
	int bar;
	enum pci_win_type win;
	struct pci_need need;
};

static void consider(struct pci_item *best, struct pci_dev *dev, int bar, enum pci_win_type win,
		     struct pci_need need)
{
	if (need.size && (!best->dev || need.align > best->need.align))
		*best = (struct pci_item){ dev, bar, win, need };
}

/* The item on owner's bus with the largest alignment; false when nothing is left to place. */
static bool next_item(struct pci_host *host, struct pci_dev *owner, struct pci_item *best)
{
	struct pci_dev *d;

	best->dev = NULL;
	pci_for_each_host_dev(host, d) {
		if (d->parent != owner)
			continue;
		for (unsigned int i = 0; i < d->nr_bars; i++) {
			const struct pci_bar *bar = &d->bar[i];

			if (bar_pending(bar))
				consider(best, d, i, 0, (struct pci_need){ bar->size, bar->size });
		}
		for (int t = 0; pci_is_bridge(d) && t < PCI_WIN_NR; t++) {
			if (pci_window_empty(&d->win[t]))
				consider(best, d, -1, t, window_need(host, d, t));
		}
	}
	return best->dev != NULL;
}

/* ------------------------------------------------------------------------ placing */

static void pci_write_bar(struct pci_dev *dev, unsigned int i)
{
	const struct pci_bar *bar = &dev->bar[i];
	u16 reg = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 flags =
		pci_config_readl(dev, reg) &
		(bar->kind == PCI_BAR_IO ? ~PCI_BASE_ADDRESS_IO_MASK : ~PCI_BASE_ADDRESS_MEM_MASK);

	pci_config_writel(dev, reg, (u32)bar->addr | flags);
	if (bar->kind == PCI_BAR_MEM64)
		pci_config_writel(dev, reg + 4, bar->addr >> 32);
}

static void mark_no_fit(struct pci_host *host, struct pci_bar *bar)
{
	bar->no_fit = true;
	host->nr_no_fit++;
}

static int place_bar(struct pci_host *host, struct pci_dev *dev, unsigned int i)
{
	struct pci_bar *bar = &dev->bar[i];
	struct pci_window *win = owner_windows(host, dev->parent);
	enum pci_win_type t = bar_window(dev->parent, bar);
	bool io = bar->kind == PCI_BAR_IO;
	int err = alloc_range(host, dev->parent, &win[t], io, bar->size, bar->size, &bar->addr);

	/* A 64-bit BAR may also live below 4 GiB, in the non-prefetchable window. */
	if (err && t == PCI_WIN_PREF)
		err = alloc_range(host, dev->parent, &win[PCI_WIN_MEM], io, bar->size, bar->size,
				  &bar->addr);
	if (err)
		return err;
	bar->assigned = true;
	pci_write_bar(dev, i);
	return 0;
}

/* Can this bridge's prefetchable window sit above 4 GiB? */
static bool pref_window_64(const struct pci_dev *bridge)
{
	return (pci_config_readw(bridge, PCI_PREF_MEMORY_BASE) & 0x0f) == PCI_PREF_RANGE_TYPE_64;
}

static int place_window(struct pci_host *host, struct pci_item *it)
{
	struct pci_dev *b = it->dev;
	struct pci_window *win = owner_windows(host, b->parent);
	struct pci_window *from = &win[it->win];
	struct pci_window low;
	u64 addr;
	int err;

	if (it->win == PCI_WIN_PREF && !pref_window_64(b)) {
		/* A 32-bit prefetchable window: only the part of a window below 4 GiB. */
		low = (struct pci_window){ from->start, MIN(from->end, SZ_4G - 1) };
		from = &low;
	}
	err = alloc_range(host, b->parent, from, it->win == PCI_WIN_IO, it->need.size,
			  it->need.align, &addr);
	if (err && it->win == PCI_WIN_PREF)
		err = alloc_range(host, b->parent, &win[PCI_WIN_MEM], false, it->need.size,
				  it->need.align, &addr);
	if (err)
		return err;
	b->win[it->win] = (struct pci_window){ addr, addr + it->need.size - 1 };
	pci_write_bridge_window(b, it->win);
	return 0;
}

/* Does window t of bridge have to hold d's BARs of that type (every bridge between closed)? */
static bool behind_closed(const struct pci_dev *bridge, const struct pci_dev *d,
			  enum pci_win_type t)
{
	const struct pci_dev *p;

	for (p = d->parent; p && p != bridge; p = p->parent) {
		if (!pci_window_empty(&p->win[t]))
			return false;
	}
	return p == bridge;
}

/* What window_need() counted for a window that could not open goes without. */
static void fail_window(struct pci_host *host, struct pci_dev *bridge, enum pci_win_type t)
{
	struct pci_dev *d;

	pci_for_each_host_dev(host, d) {
		for (unsigned int i = 0; behind_closed(bridge, d, t) && i < d->nr_bars; i++) {
			struct pci_bar *bar = &d->bar[i];

			if (bar_pending(bar) && bar_window(d->parent, bar) == t)
				mark_no_fit(host, bar);
		}
	}
}

/* Place everything owner's bus needs, then recurse into the bridges on it. */
static void pci_assign_bus(struct pci_host *host, struct pci_dev *owner)
{
	struct pci_item it;
	struct pci_dev *d;

	while (next_item(host, owner, &it)) {
		if (it.bar >= 0 && place_bar(host, it.dev, it.bar))
			mark_no_fit(host, &it.dev->bar[it.bar]);
		else if (it.bar < 0 && place_window(host, &it))
			fail_window(host, it.dev, it.win);
	}
	pci_for_each_host_dev(host, d) {
		if (d->parent == owner && pci_is_bridge(d))
			pci_assign_bus(host, d);
	}
}

void pci_assign_unassigned(struct pci_host *host)
{
	pci_assign_bus(host, NULL);
}
