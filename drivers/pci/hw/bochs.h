/*
 * QEMU's bochs-display (and the dispi interface of std VGA): the Bochs VBE "dispi" registers,
 * 16 bits each, in BAR2's MMIO at 0x500 + (index << 1), and QEMU's extension registers at 0x600;
 * the linear framebuffer is BAR0 (prefetchable). docs/hardware.md#qemu-devices. Kernel only: MMIO.
 */
#ifndef PAGODA_DRIVERS_PCI_HW_BOCHS_H
#define PAGODA_DRIVERS_PCI_HW_BOCHS_H

#include "drivers/pci/pci.h"

#define PCI_DEVICE_ID_QEMU_VGA 0x1111	 /* vendor PCI_VENDOR_ID_QEMU (misc/edu.h): VGA, bochs */
#define PCI_CLASS_DISPLAY_OTHER 0x038000 /* bochs-display; std VGA is 0x030000 */

struct bochs_device {
	struct pci_dev *pdev;
	u8 *mmio;  /* BAR2, through ioremap */
	u32 width; /* the mode bochs_set_mode() set: pixels, */
	u32 height;
	u32 pitch; /* and bytes per line of the framebuffer */
};

/*
 * Map pdev's register BAR (BAR2) and check the dispi ID. Returns 0; -ENODEV when BAR2 cannot be
 * mapped or the ID is not a Bochs VBE one (0xB0C0-0xB0C5). After a failure *bochs is unusable;
 * a mapping made stays (no iounmap).
 */
int bochs_probe(struct pci_dev *pdev, struct bochs_device *bochs);

/*
 * Switch to width x height, 32 bits per pixel (0x00RRGGBB little-endian words, rows of
 * width * 4 bytes from the start of BAR0), with the linear framebuffer on; sets bochs->width,
 * height and pitch. Returns 0; -EINVAL when the mode does not fit the framebuffer BAR or the
 * device did not take it (the registers read back otherwise; the display is then disabled).
 */
int bochs_set_mode(struct bochs_device *bochs, u32 width, u32 height);

#endif
