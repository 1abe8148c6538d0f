/* The edu driver (edu.h). */
#include <errno.h>
#include <stdlib.h>

#include <asm/io.h>

#include "drivers/misc/edu.h"
#include "drivers/misc/idle_wait.h"
#include "drivers/pci/bar_map.h"
#include "irq.h"
#include "irqflags.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "printk.h"

#define EDU_MAX_DEVICES 8
/*
 * How long a request may take before it is given up. QEMU computes a factorial in a thread of
 * its own within microseconds and ends a DMA transfer 100 ms after it starts (a virtual-clock
 * timer); seconds leave room for a loaded host, yet a dead device cannot hang the caller.
 */
#define EDU_TIMEOUT_SECONDS 5

static struct edu_device edu_devices[EDU_MAX_DEVICES];
static unsigned int nr_edu_devices;

static irqreturn_t edu_irq_handler(unsigned int irq, void *dev_id)
{
	struct edu_device *edu = dev_id;
	u32 status = readl(edu->regs + EDU_REG_IRQ_STATUS);

	if (!status)
		return IRQ_NONE;
	writel(status, edu->regs + EDU_REG_IRQ_ACK);
	if (status & EDU_IRQ_FACTORIAL)
		edu->irq_counts[EDU_CAUSE_FACTORIAL]++;
	if (status & EDU_IRQ_DMA)
		edu->irq_counts[EDU_CAUSE_DMA]++;
	if (status & ~(EDU_IRQ_FACTORIAL | EDU_IRQ_DMA))
		edu->irq_counts[EDU_CAUSE_OTHER]++;
	edu->irq_done |= status;
	return IRQ_HANDLED;
}

/* What a request waits for: cause from the handler, or busy clearing in register reg. */
struct edu_wait {
	struct edu_device *edu;
	u32 cause;
	unsigned int reg;
	u32 busy;
};

static bool edu_irq_seen(void *arg)
{
	const struct edu_wait *w = arg;

	return w->edu->irq_done & w->cause;
}

static bool edu_not_busy(void *arg)
{
	const struct edu_wait *w = arg;

	return !(readl(w->edu->regs + w->reg) & w->busy);
}

/*
 * Write val to register reg, which starts a request that raises cause when done (with the
 * interrupt: idle until the handler saw it, see idle_wait_masked()) or clears busy in busy_reg
 * (polled), and wait for the end.
 */
static int edu_run(struct edu_device *edu, unsigned int reg, u32 val, u32 cause,
		   unsigned int busy_reg, u32 busy)
{
	struct edu_wait w = { edu, cause, busy_reg, busy };
	unsigned long flags;
	int err;

	if (edu->irq < 0) {
		writel(val, edu->regs + reg);
		return poll_wait(edu_not_busy, &w, EDU_TIMEOUT_SECONDS);
	}
	local_irq_save(flags);
	writel(val, edu->regs + reg);
	err = idle_wait_masked(edu_irq_seen, &w, EDU_TIMEOUT_SECONDS, &edu->idle_waits);
	edu->irq_done &= ~cause;
	local_irq_restore(flags);
	return err;
}

u32 edu_ident(const struct edu_device *edu)
{
	return readl(edu->regs + EDU_REG_IDENT);
}

u32 edu_liveness(const struct edu_device *edu, u32 val)
{
	writel(val, edu->regs + EDU_REG_LIVENESS);
	return readl(edu->regs + EDU_REG_LIVENESS);
}

int edu_factorial(struct edu_device *edu, u32 n, u32 *result)
{
	int err;

	writel(edu->irq >= 0 ? EDU_STATUS_IRQFACT : 0, edu->regs + EDU_REG_STATUS);
	err = edu_run(edu, EDU_REG_FACTORIAL, n, EDU_IRQ_FACTORIAL, EDU_REG_STATUS,
		      EDU_STATUS_COMPUTING);
	if (!err)
		*result = readl(edu->regs + EDU_REG_FACTORIAL);
	return err;
}

int edu_dma(struct edu_device *edu, enum edu_dma_dir dir, size_t len)
{
	u32 cmd = EDU_DMA_RUN | (edu->irq >= 0 ? EDU_DMA_IRQ : 0);

	if (!len || len > EDU_DMA_MAX_LEN)
		return -EINVAL;
	if (!edu->dma_buf)
		return edu->dma_err;
	if (dir == EDU_DMA_TO_DEVICE) {
		writeq(edu->dma_pa, edu->regs + EDU_REG_DMA_SRC);
		writeq(EDU_DMA_BUF, edu->regs + EDU_REG_DMA_DST);
	} else {
		writeq(EDU_DMA_BUF, edu->regs + EDU_REG_DMA_SRC);
		writeq(edu->dma_pa, edu->regs + EDU_REG_DMA_DST);
		cmd |= EDU_DMA_TO_RAM;
	}
	writeq(len, edu->regs + EDU_REG_DMA_COUNT);
	return edu_run(edu, EDU_REG_DMA_CMD, cmd, EDU_IRQ_DMA, EDU_REG_DMA_CMD, EDU_DMA_RUN);
}

/*
 * edu.dma_bits=N from cmdline, the width of the DMA addresses the device takes (QEMU clamps
 * wider ones to its dma_mask, silently); EDU_DMA_BITS_DEFAULT when absent or malformed.
 */
static unsigned int edu_dma_bits(const char *cmdline)
{
	char val[8];
	char *end;
	unsigned long bits;

	if (cmdline_get(cmdline, "edu.dma_bits", val, sizeof(val)))
		return EDU_DMA_BITS_DEFAULT;
	bits = strtoul(val, &end, 0);
	if (*end || bits < 12 || bits > 64) {
		printk("edu: ignoring edu.dma_bits=%s (12 to 64)\n", val);
		return EDU_DMA_BITS_DEFAULT;
	}
	return bits;
}

/* One page for DMA wholly below 2^bits, or NULL with dma_err set (the allocator has no zones). */
static void edu_alloc_dma(struct edu_device *edu, unsigned int bits)
{
	struct page *page = alloc_page();
	phys_addr_t last;

	if (!page) {
		edu->dma_err = -ENOMEM;
		return;
	}
	last = page_to_phys(page) + PAGE_SIZE - 1;
	if (bits < 64 && last >> bits) {
		__free_page(page);
		edu->dma_err = -ERANGE;
		return;
	}
	edu->dma_pa = page_to_phys(page);
	edu->dma_buf = page_address(page);
}

int edu_setup_irq(struct edu_device *edu)
{
	int err = pci_alloc_irq_vectors(edu->pdev, 1, 1, PCI_IRQ_MSI);

	if (err < 0)
		goto poll;
	edu->irq = pci_irq_vector(edu->pdev, 0);
	err = request_irq(edu->irq, edu_irq_handler, 0, "edu", edu);
	if (!err)
		return 0;
	pci_free_irq_vectors(edu->pdev);
poll:
	edu->irq = err;
	return err;
}

void edu_release_irq(struct edu_device *edu)
{
	if (edu->irq < 0)
		return;
	free_irq(edu->irq, edu);
	pci_free_irq_vectors(edu->pdev);
	edu->irq = -ENODEV;
}

/* Map, check and wire up one edu; 0, or -ENODEV when BAR0 is unusable or not an edu. */
static int edu_probe(struct pci_dev *pdev, struct edu_device *edu, unsigned int dma_bits)
{
	u8 *regs = pci_ioremap_bar(pdev, 0);

	if (!regs || (readl(regs + EDU_REG_IDENT) & 0xff) != EDU_IDENT_MAGIC)
		return -ENODEV;
	edu->pdev = pdev;
	edu->regs = regs;
	pci_set_master(pdev); /* its DMA engine */
	edu_setup_irq(edu);
	edu_alloc_dma(edu, dma_bits);
	return 0;
}

static void edu_report(const struct edu_device *edu, unsigned int dma_bits)
{
	const struct pci_dev *p = edu->pdev;
	char where[16];

	ksnprintf(where, sizeof(where), "%04x:%02x:%02x.%x", p->segment, p->bus, p->dev, p->fn);
	if (edu->irq >= 0)
		printk("edu %s: MSI irq %d", where, edu->irq);
	else
		printk("edu %s: no MSI (%d), polling", where, edu->irq);
	if (edu->dma_buf)
		printk(", DMA page %#llx (%u-bit mask)\n", (unsigned long long)edu->dma_pa,
		       dma_bits);
	else if (edu->dma_err == -ERANGE)
		printk(", no DMA: no page below its %u-bit mask (edu.dma_bits=N with "
		       "-device edu,dma_mask=...)\n",
		       dma_bits);
	else
		printk(", no DMA (%d)\n", edu->dma_err);
}

void edu_init(const char *cmdline)
{
	unsigned int dma_bits = edu_dma_bits(cmdline);
	struct pci_dev *pdev;

	for (unsigned int n = 0;
	     (pdev = pci_get_device(PCI_VENDOR_ID_QEMU, PCI_DEVICE_ID_QEMU_EDU, n)); n++) {
		struct edu_device *edu;

		if (nr_edu_devices == EDU_MAX_DEVICES)
			break;
		edu = &edu_devices[nr_edu_devices];
		if (edu_probe(pdev, edu, dma_bits))
			continue;
		edu_report(edu, dma_bits);
		nr_edu_devices++;
	}
}

struct edu_device *edu_get(unsigned int index)
{
	return index < nr_edu_devices ? &edu_devices[index] : NULL;
}
