/*
 * The driver of QEMU's `edu` teaching device (QEMU docs/specs/edu.rst,
 * docs/hardware.md#qemu-devices): 32-bit registers in BAR0 (1 MiB, not prefetchable), a
 * factorial unit and a DMA engine that raise an interrupt when done, one MSI vector (no MSI-X,
 * and INTx is not routed: docs/interrupts.md, MSI and MSI-X). Kernel only: MMIO through asm/io.h.
 *
 * edu_init() binds every edu after pci_init(). Requests sleep until the device's interrupt (the
 * CPU idles meanwhile) when the machine has an MSI domain, and poll the device otherwise. One
 * request at a time per device; not from interrupt context.
 */
#ifndef PAGODA_DRIVERS_MISC_EDU_H
#define PAGODA_DRIVERS_MISC_EDU_H

#include "drivers/pci/pci.h"

#define PCI_VENDOR_ID_QEMU 0x1234
#define PCI_DEVICE_ID_QEMU_EDU 0x11e8

#define EDU_REG_IDENT 0x00     /* RO: 0xRRrr00ed, major RR, minor rr */
#define EDU_REG_LIVENESS 0x04  /* RW: reads back the bitwise inverse of what was written */
#define EDU_REG_FACTORIAL 0x08 /* RW: write n, wait for EDU_STATUS_COMPUTING to clear, read n! */
#define EDU_REG_STATUS 0x20
#define EDU_STATUS_COMPUTING BIT(0)
#define EDU_STATUS_IRQFACT BIT(7) /* raise EDU_IRQ_FACTORIAL when a factorial is done */
#define EDU_REG_IRQ_STATUS 0x24	  /* RO: the causes raised and not yet acknowledged */
#define EDU_REG_IRQ_RAISE 0x60	  /* WO: raise these causes */
#define EDU_REG_IRQ_ACK 0x64	  /* WO: acknowledge these causes */
#define EDU_IRQ_FACTORIAL 0x00000001
#define EDU_IRQ_DMA 0x00000100
#define EDU_REG_DMA_SRC 0x80 /* 64 bits each */
#define EDU_REG_DMA_DST 0x88
#define EDU_REG_DMA_COUNT 0x90
#define EDU_REG_DMA_CMD 0x98
#define EDU_DMA_RUN BIT(0)    /* start; clears when the transfer is done */
#define EDU_DMA_TO_RAM BIT(1) /* clear: RAM -> device buffer; set: device buffer -> RAM */
#define EDU_DMA_IRQ BIT(2)    /* raise EDU_IRQ_DMA when done */
#define EDU_DMA_BUF 0x40000   /* the device buffer, as a DMA address on the device side */
#define EDU_DMA_BUF_SIZE 4096
/*
 * QEMU before 8.0 stops the whole machine (hw_error) for a transfer that ends exactly at the
 * end of the device buffer (an off-by-one in its range check), so one byte stays unused.
 */
#define EDU_DMA_MAX_LEN (EDU_DMA_BUF_SIZE - 1)
#define EDU_IDENT_MAGIC 0xed	/* low byte of the identification register */
#define EDU_DMA_BITS_DEFAULT 28 /* the device's DMA mask unless -device edu,dma_mask=... */

/* Interrupt causes the handler counted (Linux would show them in debugfs). */
enum edu_cause { EDU_CAUSE_FACTORIAL, EDU_CAUSE_DMA, EDU_CAUSE_OTHER, EDU_NR_CAUSES };

struct edu_device {
	struct pci_dev *pdev;
	u8 *regs; /* BAR0, through ioremap */
	int irq;  /* the MSI irq, or a negative errno: requests poll */
	/* Written by the interrupt handler. */
	volatile u32 irq_done; /* causes seen and not yet consumed by a waiter */
	volatile unsigned long irq_counts[EDU_NR_CAUSES];
	unsigned long idle_waits; /* times a waiter idled the CPU for the interrupt */
	/* One page of RAM below the DMA mask for edu_dma(), or NULL (dma_err says why). */
	void *dma_buf;
	phys_addr_t dma_pa;
	int dma_err;
};

/*
 * Bind every edu: map BAR0, check the identification, give it one MSI vector (edu does not
 * have more) with edu_irq_handler, allocate its DMA page below the DMA mask. The mask comes from
 * `edu.dma_bits=N` on cmdline (default EDU_DMA_BITS_DEFAULT, the device's default; QEMU's
 * `-device edu,dma_mask=...` raises the device's side). Prints one line per device; a device
 * that cannot be used is left out; one without MSI polls; one without a DMA page has no DMA.
 */
void edu_init(const char *cmdline);

/* The index-th bound edu (from 0, in PCI list order), or NULL when there are not that many. */
struct edu_device *edu_get(unsigned int index);

/*
 * Give edu its MSI vector with the driver's handler (edu_init() does this once). Returns 0, or
 * pci_alloc_irq_vectors()'s or request_irq()'s error with nothing held: requests poll then.
 */
int edu_setup_irq(struct edu_device *edu);

/* Free the handler and the vector (MSI off, INTx as before); requests poll until set up again. */
void edu_release_irq(struct edu_device *edu);

u32 edu_ident(const struct edu_device *edu);

/* Write val to the liveness register and return what it reads back (~val on a live device). */
u32 edu_liveness(const struct edu_device *edu, u32 val);

/*
 * Compute n! on the device (32 bits, wraps like the device does) into *result. Returns 0, or
 * -ETIMEDOUT when the device does not finish within seconds (*result untouched).
 */
int edu_factorial(struct edu_device *edu, u32 n, u32 *result);

enum edu_dma_dir { EDU_DMA_TO_DEVICE, EDU_DMA_FROM_DEVICE };

/*
 * Transfer the first len bytes of edu->dma_buf to the start of the device buffer, or back. Returns
 * 0; -EINVAL for len 0 or above EDU_DMA_MAX_LEN; edu->dma_err when the device has no DMA page;
 * -ETIMEDOUT when the engine does not finish within seconds.
 */
int edu_dma(struct edu_device *edu, enum edu_dma_dir dir, size_t len);

#endif
