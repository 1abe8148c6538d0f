/*
 * QEMU's `edu` teaching device (QEMU docs/specs/edu.rst, docs/hardware.md#qemu-devices): 32-bit
 * registers in BAR0 (1 MiB, not prefetchable). Kernel only: MMIO through asm/io.h.
 */
#ifndef PAGODA_DRIVERS_PCI_HW_EDU_H
#define PAGODA_DRIVERS_PCI_HW_EDU_H

#include "drivers/pci/pci.h"

#define PCI_VENDOR_ID_QEMU 0x1234
#define PCI_DEVICE_ID_QEMU_EDU 0x11e8

#define EDU_REG_IDENT 0x00     /* RO: 0xRRrr00ed, major RR, minor rr */
#define EDU_REG_LIVENESS 0x04  /* RW: reads back the bitwise inverse of what was written */
#define EDU_REG_FACTORIAL 0x08 /* RW: write n, wait for EDU_STATUS_COMPUTING to clear, read n! */
#define EDU_REG_STATUS 0x20
#define EDU_STATUS_COMPUTING BIT(0)
#define EDU_IDENT_MAGIC 0xed /* low byte of the identification register */

struct edu_device {
	struct pci_dev *pdev;
	u8 *regs; /* BAR0, through ioremap */
};

/*
 * Map pdev's BAR0 and fill edu. Returns 0; -ENODEV when BAR0 cannot be mapped (absent,
 * unassigned) or the identification register lacks the edu magic. Nothing to undo on failure
 * (a mapping made stays, there is no iounmap).
 */
int edu_probe(struct pci_dev *pdev, struct edu_device *edu);

u32 edu_ident(const struct edu_device *edu);

/* Write val to the liveness register and return what it reads back (~val on a live device). */
u32 edu_liveness(const struct edu_device *edu, u32 val);

/*
 * Compute n! on the device (32 bits, wraps like the device does) into *result, polling the
 * status register a bounded number of times. Returns 0, or -ETIMEDOUT when the device stays busy.
 */
int edu_factorial(const struct edu_device *edu, u32 n, u32 *result);

#endif
