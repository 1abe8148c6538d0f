/* Mode setting for bochs-display (bochs.h). */
#include <errno.h>

#include <asm/io.h>

#include "drivers/pci/bar_map.h"
#include "drivers/pci/hw/bochs.h"
#include "drivers/video/fbcon.h"

#define BOCHS_MMIO_BAR 2
#define BOCHS_FB_BAR 0

/* Dispi registers: MMIO offset 0x500 + (index << 1) (QEMU include/hw/display/bochs-vbe.h). */
#define DISPI_MMIO_OFFSET 0x500
#define DISPI_INDEX_ID 0x0
#define DISPI_INDEX_XRES 0x1
#define DISPI_INDEX_YRES 0x2
#define DISPI_INDEX_BPP 0x3
#define DISPI_INDEX_ENABLE 0x4
#define DISPI_INDEX_BANK 0x5
#define DISPI_INDEX_VIRT_WIDTH 0x6
#define DISPI_INDEX_VIRT_HEIGHT 0x7
#define DISPI_INDEX_X_OFFSET 0x8
#define DISPI_INDEX_Y_OFFSET 0x9
#define DISPI_ID0 0xb0c0
#define DISPI_ID5 0xb0c5
#define DISPI_ENABLED 0x01
#define DISPI_LFB_ENABLED 0x40

/* QEMU extension registers: their size, then the framebuffer byte order. */
#define QEXT_MMIO_OFFSET 0x600
#define QEXT_REG_SIZE 0x0
#define QEXT_REG_BYTEORDER 0x4
#define QEXT_LITTLE_ENDIAN 0x1e1e1e1e

#define BOCHS_BPP 32

static u16 dispi_read(const struct bochs_device *bochs, unsigned int index)
{
	return readw(bochs->mmio + DISPI_MMIO_OFFSET + (index << 1));
}

static void dispi_write(const struct bochs_device *bochs, unsigned int index, u16 val)
{
	writew(val, bochs->mmio + DISPI_MMIO_OFFSET + (index << 1));
}

int bochs_probe(struct pci_dev *pdev, struct bochs_device *bochs)
{
	u8 *mmio = pci_ioremap_bar(pdev, BOCHS_MMIO_BAR);
	u16 id;

	if (!mmio)
		return -ENODEV;
	bochs->mmio = mmio;
	id = dispi_read(bochs, DISPI_INDEX_ID);
	if (id < DISPI_ID0 || id > DISPI_ID5)
		return -ENODEV;
	bochs->pdev = pdev;
	return 0;
}

/*
 * The pixel words are little-endian whatever QEMU's default for the target; old QEMUs without
 * the extension registers are little-endian on both our arches.
 */
static void bochs_set_little_endian(const struct bochs_device *bochs)
{
	if (readl(bochs->mmio + QEXT_MMIO_OFFSET + QEXT_REG_SIZE) >= QEXT_REG_BYTEORDER + 4)
		writel(QEXT_LITTLE_ENDIAN, bochs->mmio + QEXT_MMIO_OFFSET + QEXT_REG_BYTEORDER);
}

int bochs_set_mode(struct bochs_device *bochs, u32 width, u32 height)
{
	const struct pci_bar *fb = &bochs->pdev->bar[BOCHS_FB_BAR];
	u32 pitch = width * (BOCHS_BPP / 8);

	if (!width || !height || width > 0xffff || height > 0xffff ||
	    (u64)pitch * height > fb->size)
		return -EINVAL;
	/* The GOP console may be drawing here, in the mode firmware set: it must stop. */
	efifb_remove_conflicting(fb->addr, fb->size, "bochs-display");
	/* Registers change only while the display is off (Bochs VBE rule). */
	dispi_write(bochs, DISPI_INDEX_ENABLE, 0);
	bochs_set_little_endian(bochs);
	dispi_write(bochs, DISPI_INDEX_BPP, BOCHS_BPP);
	dispi_write(bochs, DISPI_INDEX_XRES, width);
	dispi_write(bochs, DISPI_INDEX_YRES, height);
	dispi_write(bochs, DISPI_INDEX_BANK, 0);
	dispi_write(bochs, DISPI_INDEX_VIRT_WIDTH, width);
	dispi_write(bochs, DISPI_INDEX_VIRT_HEIGHT, height);
	dispi_write(bochs, DISPI_INDEX_X_OFFSET, 0);
	dispi_write(bochs, DISPI_INDEX_Y_OFFSET, 0);
	dispi_write(bochs, DISPI_INDEX_ENABLE, DISPI_ENABLED | DISPI_LFB_ENABLED);
	/* The device clamps what it cannot do: read back to know. */
	if (dispi_read(bochs, DISPI_INDEX_XRES) != width ||
	    dispi_read(bochs, DISPI_INDEX_YRES) != height ||
	    dispi_read(bochs, DISPI_INDEX_BPP) != BOCHS_BPP) {
		dispi_write(bochs, DISPI_INDEX_ENABLE, 0);
		return -EINVAL;
	}
	bochs->width = width;
	bochs->height = height;
	bochs->pitch = pitch;
	return 0;
}
