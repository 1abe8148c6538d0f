/*
 * bochs-display (docs/hardware.md#qemu-devices): set a mode through the dispi registers in BAR2,
 * map the framebuffer BAR0 into an address space (prefetchable: write-combining, PMD leaves at
 * QEMU's 16 MiB aligned BAR) and draw eight vertical colour bars through that user mapping. The
 * pixels are read back through a kernel mapping here, and the runner checks QEMU's screendump of
 * the device after power-off (tests/qemu/pci_devices.py holds the same mode and colours).
 */
#include <asm/io.h>

#include "drivers/pci/bar_map.h"
#include "drivers/pci/hw/bochs.h"
#include "drivers/misc/edu.h"
#include "ktest.h"
#include "mm/vma.h"
#include "pci_user_map.h"
#include "printk.h"

#define FB_WIDTH 1024 /* 3 MiB of pixels: two PMD leaves */
#define FB_HEIGHT 768

/* 0xRRGGBB of bar i, covering columns [i * W / 8, (i + 1) * W / 8). */
static const u32 bar_colors[] = {
	0xffffff, 0xffff00, 0x00ffff, 0x00ff00, 0xff00ff, 0xff0000, 0x0000ff, 0x000000,
};

static struct pci_dev *find_bochs_display(void)
{
	struct pci_dev *pdev;

	for (unsigned int n = 0;
	     (pdev = pci_get_device(PCI_VENDOR_ID_QEMU, PCI_DEVICE_ID_QEMU_VGA, n)); n++)
		if (pdev->class == PCI_CLASS_DISPLAY_OTHER)
			return pdev;
	return NULL;
}

static u32 bar_color(const struct bochs_device *bochs, u32 x)
{
	return bar_colors[x / (bochs->width / ARRAY_SIZE(bar_colors))];
}

static void draw_bars(const struct bochs_device *bochs, unsigned long fb)
{
	for (u32 y = 0; y < bochs->height; y++) {
		volatile u32 *row = (volatile u32 *)(fb + (unsigned long)y * bochs->pitch);

		for (u32 x = 0; x < bochs->width; x++)
			row[x] = bar_color(bochs, x);
	}
}

/* Sample every bar on a few rows through another mapping: the kernel's. */
static void check_bars(const struct bochs_device *bochs, const u8 *fb)
{
	unsigned long bad = 0;

	for (u32 y = 0; y < bochs->height; y += bochs->height / 4 - 1) {
		const volatile u32 *row =
			(const volatile u32 *)(fb + (unsigned long)y * bochs->pitch);

		for (u32 x = 3; x < bochs->width; x += bochs->width / ARRAY_SIZE(bar_colors))
			bad += row[x] != bar_color(bochs, x);
	}
	KCHECK_EQ(bad, 0);
}

KTEST(pci, bochs_display_color_bars)
{
	struct pci_dev *pdev = find_bochs_display();
	struct bochs_device bochs;
	struct bar_user_map map;
	struct leaf_counts c;
	char name[16];
	u8 *alias;
	int err;

	if (!pdev)
		KSKIP("no bochs-display on this machine");
	pci_dev_name(pdev, name, sizeof(name));
	err = bochs_probe(pdev, &bochs);
	KCHECK_EQ(err, 0);
	if (!err) {
		err = bochs_set_mode(&bochs, FB_WIDTH, FB_HEIGHT);
		KCHECK_EQ(err, 0);
	}
	if (err || bar_map_user(pdev, 0, &map))
		return;
	KCHECK_EQ(find_vma(map.mm, map.va)->mem_type, MT_WC);
	draw_bars(&bochs, map.va);
	wmb(); /* write-combining stores: the display and QEMU's screendump read them */
	c = bar_count_leaves(&map);
	KCHECK(IS_ALIGNED(pdev->bar[0].addr, SZ_2M));
	KCHECK_EQ(c.n[PT_PMD], 2);
	KCHECK_EQ(c.n[PT_PUD] + c.n[PT_PTE], 0);
	alias = pci_ioremap_bar(pdev, 0);
	KCHECK(alias);
	if (alias)
		check_bars(&bochs, alias);
	printk("# bochs-display %s: %ux%u, pitch %u, BAR0 %#llx at %#lx, %zu bars drawn:\n", name,
	       bochs.width, bochs.height, bochs.pitch, (unsigned long long)pdev->bar[0].addr,
	       map.va, ARRAY_SIZE(bar_colors));
	bar_print_ptdump(&map);
	bar_unmap_user(&map);
}
