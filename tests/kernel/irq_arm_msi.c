/*
 * The arm64 MSI controllers (drivers/irqchip/arm/irq-gic-v2m.c, irq-gic-v3-its.c) through the
 * MSI domain, as drivers/pci/msi.c uses it, with the CPU in the device's place: it writes the
 * composed message's data to the composed address. Where the check can, it reads what the
 * hardware holds through the MADT's own addresses rather than the driver's.
 * Other machines (x86, an arm64 machine without such a frame) skip.
 */
#include <string.h>

#include <asm/io.h>

#include "drivers/acpi/madt.h"
#include "irq.h"
#include "irqflags.h"
#include "ktest.h"
#include "mm/ioremap.h"
#include "msi.h"
#include "phys.h"

#define V2M_MSI_SETSPI_NS 0x040
#define GITS_CWRITER 0x0088
#define GITS_CREADR 0x0090
#define GITS_TRANSLATER 0x10040
#define GICR_PROPBASER 0x0070
#define GIC_FIRST_LPI 8192
#define LPI_CONFIG_ENABLED 0xa3 /* priority 0xa0 | RES1 | enable */
#define LPI_CONFIG_MASKED 0xa2

/* Spins for an interrupt to come in: it comes at once under QEMU, whatever the load. */
#define DELIVERY_SPINS 10000000

/*
 * A requester id no device of the test machines has (bus 0xfe), for the vectors the CPU
 * raises itself.
 */
#define TEST_DEV_ID 0xfe00

static volatile unsigned int msi_count;
static volatile unsigned int msi_irq_seen;
static int msi_test_cookie; /* the handler's dev_id */

static irqreturn_t msi_test_handler(unsigned int irq, void *dev_id)
{
	msi_count++;
	msi_irq_seen = irq;
	return IRQ_HANDLED;
}

/* The MSI domain, if it is the arm one named; KSKIP with reason otherwise. */
static const struct msi_domain *arm_msi_domain(const char *name, const char *reason)
{
	const struct msi_domain *domain = msi_get_domain();

	if (!domain || strcmp(domain->name, name))
		KSKIP(reason);
	return domain;
}

#define NO_V2M "the MSI domain is not a GICv2m frame"
#define NO_ITS "the MSI domain is not a GICv3 ITS"

static int first_subtable(const struct acpi_subtable_header *header, void *priv)
{
	*(const struct acpi_subtable_header **)priv = header;
	return 1;
}

static const void *madt_first(enum acpi_madt_type type)
{
	const struct acpi_subtable_header *header = NULL;

	acpi_table_parse_madt(type, first_subtable, &header);
	return header;
}

static phys_addr_t msg_address(const struct msi_msg *msg)
{
	return (phys_addr_t)msg->address_hi << 32 | msg->address_lo;
}

/* Write msg as a device would, from the CPU through its own mapping of the target page. */
static void cpu_send_msi(const struct msi_msg *msg)
{
	phys_addr_t addr = msg_address(msg);
	char *page = ioremap(addr & PAGE_MASK, PAGE_SIZE);

	KCHECK(page != NULL);
	if (page)
		writel(msg->data, page + (addr & ~PAGE_MASK));
}

static void wait_for_msi(unsigned int count)
{
	for (unsigned long spin = 0; spin < DELIVERY_SPINS && msi_count < count; spin++)
		asm volatile("" : : : "memory");
}

/*
 * Allocate one vector, check its message address against expect_addr, send it from the CPU
 * and check its handler ran exactly once. Returns the irq (freed by the caller) or -1.
 */
static int raise_one(const struct msi_domain *domain, u32 dev_id, phys_addr_t expect_addr)
{
	struct msi_msg msg;
	int irq = domain->alloc(dev_id, 1);

	KCHECK(irq >= 0);
	if (irq < 0)
		return -1;
	KCHECK_EQ(irq_compose_msi_msg(irq, &msg), 0);
	KCHECK_EQ(msg_address(&msg), expect_addr);
	KCHECK(!irqs_disabled());
	msi_count = 0;
	KCHECK_EQ(request_irq(irq, msi_test_handler, 0, "msi-test", &msi_test_cookie), 0);
	cpu_send_msi(&msg);
	wait_for_msi(1);
	KCHECK_EQ(msi_count, 1);
	KCHECK_EQ(msi_irq_seen, irq);
	wait_for_msi(2); /* a second delivery would be a bug */
	KCHECK_EQ(msi_count, 1);
	return irq;
}

KTEST(irq, gicv2m_setspi_raises_once)
{
	const struct msi_domain *domain = arm_msi_domain("GICv2m", NO_V2M);
	const struct acpi_madt_generic_msi_frame *frame =
		madt_first(ACPI_MADT_TYPE_GENERIC_MSI_FRAME);
	int irq;

	KCHECK(frame != NULL);
	if (!frame)
		return;
	irq = raise_one(domain, TEST_DEV_ID, frame->base_address + V2M_MSI_SETSPI_NS);
	if (irq < 0)
		return;
	free_irq(irq, &msi_test_cookie);
	domain->free(TEST_DEV_ID, irq, 1);
}

/* This CPU's LPI configuration table, from the first redistributor's GICR_PROPBASER. */
static const u8 *lpi_config_table(void)
{
	const struct acpi_madt_generic_redistributor *gicr =
		madt_first(ACPI_MADT_TYPE_GENERIC_REDISTRIBUTOR);
	char *rdist = gicr ? ioremap(gicr->base_address, PAGE_SIZE) : NULL;

	if (!rdist)
		return NULL;
	return __va(readq(rdist + GICR_PROPBASER) & GENMASK(51, 12));
}

/* The ITS command queue is empty (CREADR reached CWRITER) and not stalled. */
static void check_its_queue_drained(char *its)
{
	u64 creadr = readq(its + GITS_CREADR);

	KCHECK_EQ(creadr & BIT(0), 0);
	KCHECK_EQ(creadr & GENMASK(19, 5), readq(its + GITS_CWRITER) & GENMASK(19, 5));
}

/*
 * Under QEMU a CPU write to GITS_TRANSLATER carries requester id 0 (only PCI devices set one),
 * so the ITS translates it as DeviceID 0: the host bridge, which never sends MSIs.
 */
#define QEMU_CPU_DEVICE_ID 0

KTEST(irq, its_translater_raises_once)
{
	const struct msi_domain *domain = arm_msi_domain("ITS", NO_ITS);
	const struct acpi_madt_generic_translator *madt =
		madt_first(ACPI_MADT_TYPE_GENERIC_TRANSLATOR);
	char *its = madt ? ioremap(madt->base_address, 0x10000) : NULL;
	const u8 *config = lpi_config_table();
	struct irq_data *d;
	int irq;

	KCHECK(its != NULL);
	KCHECK(config != NULL);
	if (!its || !config)
		return;
	irq = raise_one(domain, QEMU_CPU_DEVICE_ID, madt->base_address + GITS_TRANSLATER);
	if (irq < 0)
		return;
	d = irq_get_irq_data(irq);
	KCHECK(d->hwirq >= GIC_FIRST_LPI);
	KCHECK_EQ(config[d->hwirq - GIC_FIRST_LPI], LPI_CONFIG_ENABLED);
	disable_irq(irq);
	KCHECK_EQ(config[d->hwirq - GIC_FIRST_LPI], LPI_CONFIG_MASKED);
	enable_irq(irq);
	KCHECK_EQ(config[d->hwirq - GIC_FIRST_LPI], LPI_CONFIG_ENABLED);
	check_its_queue_drained(its);
	free_irq(irq, &msi_test_cookie);
	domain->free(QEMU_CPU_DEVICE_ID, irq, 1);
	check_its_queue_drained(its);
}

#define MANY_VECTORS 24

/* Allocate MANY_VECTORS single vectors; their message data and hwirqs into data[], hwirq[]. */
static bool alloc_many(const struct msi_domain *domain, int *irqs, u32 *data, unsigned long *hwirq)
{
	for (unsigned int i = 0; i < MANY_VECTORS; i++) {
		struct msi_msg msg;

		irqs[i] = domain->alloc(TEST_DEV_ID, 1);
		KCHECK(irqs[i] >= 0);
		if (irqs[i] < 0)
			return false;
		KCHECK_EQ(irq_compose_msi_msg(irqs[i], &msg), 0);
		data[i] = msg.data;
		hwirq[i] = irq_get_irq_data(irqs[i])->hwirq;
		for (unsigned int j = 0; j < i; j++)
			KCHECK(data[j] != data[i]);
	}
	return true;
}

static void free_many(const struct msi_domain *domain, const int *irqs)
{
	for (unsigned int i = 0; i < MANY_VECTORS && irqs[i] >= 0; i++)
		domain->free(TEST_DEV_ID, irqs[i], 1);
}

static void check_alloc_free_reuses(const struct msi_domain *domain)
{
	int irqs[MANY_VECTORS], again[MANY_VECTORS];
	u32 data[MANY_VECTORS], data_again[MANY_VECTORS];
	unsigned long hwirq[MANY_VECTORS], hwirq_again[MANY_VECTORS];
	struct msi_msg msg;
	int block;
	bool ok;

	memset(irqs, 0xff, sizeof(irqs));
	memset(again, 0xff, sizeof(again));
	ok = alloc_many(domain, irqs, data, hwirq);
	free_many(domain, irqs);
	if (ok && alloc_many(domain, again, data_again, hwirq_again)) {
		for (unsigned int i = 0; i < MANY_VECTORS; i++) {
			KCHECK_EQ(data_again[i], data[i]);
			KCHECK_EQ(hwirq_again[i], hwirq[i]);
		}
	}
	free_many(domain, again);
	/* multi-message MSI: 4 vectors, consecutive irqs, data a naturally aligned block */
	block = domain->alloc(TEST_DEV_ID, 4);
	KCHECK(block >= 0);
	if (block < 0)
		return;
	KCHECK_EQ(irq_compose_msi_msg(block, &msg), 0);
	KCHECK_EQ(msg.data % 4, 0);
	for (unsigned int i = 0; i < 4; i++) {
		struct msi_msg vec;

		KCHECK_EQ(irq_compose_msi_msg(block + i, &vec), 0);
		KCHECK_EQ(vec.data, msg.data + i);
	}
	domain->free(TEST_DEV_ID, block, 4);
}

KTEST(irq, gicv2m_alloc_free_reuses_spis)
{
	check_alloc_free_reuses(arm_msi_domain("GICv2m", NO_V2M));
}

KTEST(irq, its_alloc_free_reuses_events_and_lpis)
{
	check_alloc_free_reuses(arm_msi_domain("ITS", NO_ITS));
}
