/*
 * MSI on the edu device (drivers/misc/edu.c) and MSI-X on virtio-rng (drivers/virtio/), on
 * machines with an MSI controller: requests end by the device's message interrupt while the CPU
 * idles, the interrupt counted once per request by the interrupt core (irq_stat, not the
 * driver's own count), and the capability and MSI-X table as the function holds them, read back
 * field by field through config space and a mapping of the table of the test's own.
 */
#include <string.h>

#include <asm/io.h>

#include "drivers/misc/edu.h"
#include "drivers/pci/bar_map.h"
#include "drivers/virtio/virtio_rng.h"
#include "irq.h"
#include "ktest.h"
#include "msi.h"

#define EDU_REQUESTS 4
#define FACTORIAL_12 479001600u

/* The first edu with its MSI vector; KSKIP on machines without an edu or an MSI controller. */
static struct edu_device *msi_edu(void)
{
	struct edu_device *edu = edu_get(0);

	if (!edu)
		KSKIP("no edu device on this machine");
	if (!msi_get_domain())
		KSKIP("no MSI controller on this machine");
	KCHECK(edu->irq >= 0);
	return edu->irq >= 0 ? edu : NULL;
}

/* How many times the interrupt core ran irq's flow. */
static unsigned long irq_count(unsigned int irq)
{
	struct irq_stat st;

	if (irq_stat_next(irq, &st) != (int)irq)
		return ~0UL;
	return st.count;
}

KTEST(msi, edu_factorial_completes_by_msi)
{
	struct edu_device *edu = msi_edu();
	unsigned long count, idles;

	if (!edu)
		return;
	count = irq_count(edu->irq);
	idles = edu->idle_waits;
	for (unsigned int i = 1; i <= EDU_REQUESTS; i++) {
		u32 fact = 0;

		KCHECK_EQ(edu_factorial(edu, 12, &fact), 0);
		KCHECK_EQ(fact, FACTORIAL_12);
		KCHECK_EQ(irq_count(edu->irq), count + i);
	}
	/* Each wait idled the CPU at least once: the request is started masked (edu_run). */
	KCHECK(edu->idle_waits >= idles + EDU_REQUESTS);
	KCHECK_EQ(edu->irq_counts[EDU_CAUSE_OTHER], 0);
}

KTEST(msi, edu_dma_completes_by_msi)
{
	struct edu_device *edu = msi_edu();
	unsigned long count, dma_count;
	u8 *buf;

	if (!edu)
		return;
	if (!edu->dma_buf)
		KSKIP("edu has no DMA page below its mask (boot with edu.dma_bits=N)");
	buf = edu->dma_buf;
	count = irq_count(edu->irq);
	dma_count = edu->irq_counts[EDU_CAUSE_DMA];
	for (unsigned int i = 0; i < EDU_DMA_MAX_LEN; i++)
		buf[i] = (u8)(i * 7 + 3);
	KCHECK_EQ(edu_dma(edu, EDU_DMA_TO_DEVICE, EDU_DMA_MAX_LEN), 0);
	KCHECK_EQ(irq_count(edu->irq), count + 1);
	memset(buf, 0, EDU_DMA_MAX_LEN);
	KCHECK_EQ(edu_dma(edu, EDU_DMA_FROM_DEVICE, EDU_DMA_MAX_LEN), 0);
	KCHECK_EQ(irq_count(edu->irq), count + 2);
	KCHECK_EQ(edu->irq_counts[EDU_CAUSE_DMA], dma_count + 2);
	for (unsigned int i = 0; i < EDU_DMA_MAX_LEN; i++)
		if (buf[i] != (u8)(i * 7 + 3)) {
			KCHECK_EQ(buf[i], (u8)(i * 7 + 3));
			break;
		}
}

/* The MSI capability's fields as the function holds them. */
struct msi_regs {
	u16 flags;
	u32 address_lo, address_hi;
	u16 data;
	u16 command;
};

static struct msi_regs read_msi_regs(struct pci_dev *pdev)
{
	u8 cap = pci_find_capability(pdev, PCI_CAP_ID_MSI);
	struct msi_regs r = { 0 };
	bool is64;

	KCHECK(cap != 0);
	r.flags = pci_config_readw(pdev, cap + PCI_MSI_FLAGS);
	is64 = r.flags & PCI_MSI_FLAGS_64BIT;
	r.address_lo = pci_config_readl(pdev, cap + PCI_MSI_ADDRESS_LO);
	r.address_hi = is64 ? pci_config_readl(pdev, cap + PCI_MSI_ADDRESS_HI) : 0;
	r.data = pci_config_readw(pdev, cap + (is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32));
	r.command = pci_config_readw(pdev, PCI_COMMAND);
	return r;
}

static void check_msi_matches_irq(struct edu_device *edu)
{
	struct msi_regs r = read_msi_regs(edu->pdev);
	struct msi_msg msg;

	KCHECK_EQ(irq_compose_msi_msg(edu->irq, &msg), 0);
	KCHECK_EQ(r.address_lo, msg.address_lo);
	KCHECK_EQ(r.address_hi, msg.address_hi);
	KCHECK_EQ(r.data, (u16)msg.data);
	KCHECK(r.flags & PCI_MSI_FLAGS_ENABLE);
	KCHECK_EQ(r.flags & PCI_MSI_FLAGS_QSIZE, 0); /* one vector */
	KCHECK(r.command & PCI_COMMAND_INTX_DISABLE);
	KCHECK(r.command & PCI_COMMAND_MASTER);
}

KTEST(msi, msi_capability_programmed)
{
	struct edu_device *edu = msi_edu();
	struct msi_regs r;
	u32 fact = 0;

	if (!edu)
		return;
	check_msi_matches_irq(edu);
	edu_release_irq(edu);
	r = read_msi_regs(edu->pdev);
	KCHECK_EQ(r.flags & PCI_MSI_FLAGS_ENABLE, 0);
	KCHECK_EQ(r.command & PCI_COMMAND_INTX_DISABLE, 0);
	KCHECK_EQ(edu->pdev->irq_mode, PCI_IRQ_MODE_NONE);
	/* Polled meanwhile, then by MSI again from a fresh allocation. */
	KCHECK_EQ(edu_factorial(edu, 5, &fact), 0);
	KCHECK_EQ(fact, 120);
	KCHECK_EQ(edu_setup_irq(edu), 0);
	if (edu->irq < 0)
		return;
	check_msi_matches_irq(edu);
	KCHECK_EQ(edu_factorial(edu, 6, &fact), 0);
	KCHECK_EQ(fact, 720);
}

#define RNG_BYTES 64

static bool all_bytes_equal(const u8 *b, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (b[i] != b[0])
			return false;
	return true;
}

/* MSI-X table entry nr of pdev, mapped by the test itself from the capability. */
static volatile u32 *msix_entry(struct pci_dev *pdev, unsigned int nr)
{
	u8 cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	u32 table;
	u8 *va;

	KCHECK(cap != 0);
	if (!cap)
		return NULL;
	table = pci_config_readl(pdev, cap + PCI_MSIX_TABLE);
	va = pci_iomap_range(pdev, table & PCI_MSIX_BIR,
			     (table & ~PCI_MSIX_BIR) + nr * PCI_MSIX_ENTRY_SIZE,
			     PCI_MSIX_ENTRY_SIZE);
	KCHECK(va != NULL);
	return (volatile u32 *)va;
}

static void check_msix_entry_matches_irq(struct pci_dev *pdev, int irq)
{
	u8 cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	u16 ctrl = pci_config_readw(pdev, cap + PCI_MSIX_FLAGS);
	volatile u32 *entry = msix_entry(pdev, 0);
	struct msi_msg msg;

	KCHECK(ctrl & PCI_MSIX_FLAGS_ENABLE);
	KCHECK_EQ(ctrl & PCI_MSIX_FLAGS_MASKALL, 0);
	KCHECK(pci_config_readw(pdev, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
	KCHECK_EQ(irq_compose_msi_msg(irq, &msg), 0);
	if (!entry)
		return;
	KCHECK_EQ(readl(entry + PCI_MSIX_ENTRY_LOWER_ADDR / 4), msg.address_lo);
	KCHECK_EQ(readl(entry + PCI_MSIX_ENTRY_UPPER_ADDR / 4), msg.address_hi);
	KCHECK_EQ(readl(entry + PCI_MSIX_ENTRY_DATA / 4), msg.data);
	KCHECK_EQ(readl(entry + PCI_MSIX_ENTRY_VECTOR_CTRL / 4) & PCI_MSIX_ENTRY_CTRL_MASKBIT, 0);
}

KTEST(msi, virtio_rng_returns_entropy_by_msix)
{
	struct virtio_rng *rng = virtio_rng_get();
	u8 a[RNG_BYTES], b[RNG_BYTES];
	unsigned long count, idles;
	int irq;

	if (!rng)
		KSKIP("no modern virtio-rng-pci on this machine");
	if (!msi_get_domain())
		KSKIP("no MSI controller on this machine");
	irq = rng->vq.irq;
	KCHECK(irq >= 0);
	if (irq < 0)
		return;
	check_msix_entry_matches_irq(rng->vdev.pdev, irq);
	count = irq_count(irq);
	idles = rng->idle_waits;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	KCHECK_EQ(virtio_rng_read(a, sizeof(a)), RNG_BYTES);
	KCHECK_EQ(irq_count(irq), count + 1);
	KCHECK_EQ(virtio_rng_read(b, sizeof(b)), RNG_BYTES);
	KCHECK_EQ(irq_count(irq), count + 2);
	KCHECK_EQ(rng->irq_count, count + 2); /* nobody but the queue raised it */
	KCHECK(rng->idle_waits >= idles + 2);
	KCHECK(!all_bytes_equal(a, sizeof(a)));
	KCHECK(!all_bytes_equal(b, sizeof(b)));
	KCHECK(memcmp(a, b, sizeof(a)) != 0);
}
