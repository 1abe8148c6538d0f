/*
 * The arm64 interrupt controller (drivers/irqchip/arm/): the GIC the kernel drives is the one
 * the firmware tables and the distributor's own ID register name, a software interrupt to this
 * CPU arrives exactly once, and a masked interrupt made pending waits for its unmask. Waits are
 * timed with the virtual counter read here directly, not through the kernel's time code.
 */
#include "ktest.h"

#if defined(__aarch64__)

#include <asm/io.h>
#include <asm/sysreg.h>

#include "drivers/acpi/madt.h"
#include "drivers/irqchip/arm/gic.h"
#include "irqflags.h"
#include "mm/ioremap.h"
#include "printk.h"

#define TEST_SGI 3
#define WAIT_MS 20 /* far longer than TCG takes to deliver a pending interrupt */

/* Spin with interrupts as they are for ms milliseconds of the virtual counter. */
static void spin_ms(unsigned int ms)
{
	u64 start = read_sysreg(cntvct_el0);
	u64 ticks = read_sysreg(cntfrq_el0) / 1000 * ms;

	while (read_sysreg(cntvct_el0) - start < ticks)
		;
}

static volatile unsigned int test_hits;

static irqreturn_t count_hit(unsigned int irq, void *dev_id)
{
	test_hits++;
	return IRQ_HANDLED;
}

static int first_gicd(const struct acpi_subtable_header *header, void *priv)
{
	*(const struct acpi_madt_generic_distributor **)priv = (const void *)header;
	return 1;
}

/* The version GICD_PIDR2.ArchRev gives, read at the GICv2 place, then the GICv3 one. */
static unsigned int pidr2_version(u64 dist_pa)
{
	char *dist = ioremap(dist_pa, 0x10000);
	u32 arch;

	KCHECK(dist != NULL);
	if (!dist)
		return 0;
	arch = (readl(dist + 0xfe8) >> 4) & 0xf;
	if (arch == 1 || arch == 2)
		return 2;
	arch = (readl(dist + 0xffe8) >> 4) & 0xf;
	return arch == 3 || arch == 4 ? 3 : 0;
}

KTEST(irq, gic_version_matches_madt_and_pidr2)
{
	const struct acpi_madt_generic_distributor *gicd = NULL;
	unsigned int hw;

	if (acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_DISTRIBUTOR, first_gicd, &gicd) <= 0)
		KSKIP("no GICD in the MADT");
	hw = pidr2_version(gicd->base_address);
	KCHECK(hw == 2 || hw == 3);
	KCHECK_EQ(gic_version(), hw);
	if (gicd->version != ACPI_MADT_GIC_VERSION_NONE)
		KCHECK_EQ(gicd->version >= ACPI_MADT_GIC_VERSION_V3 ? 3 : 2, hw);
	printk("# GICv%u (MADT version %u, GICD_PIDR2 says v%u)\n", gic_version(), gicd->version,
	       hw);
}

/* Claim the SGI, count its deliveries with interrupts on. */
KTEST(irq, gic_sgi_to_self_handled_once)
{
	int irq;

	if (!gic_version())
		KSKIP("no GIC driven");
	irq = gic_claim_sgi(TEST_SGI);
	KCHECK(irq >= 0);
	if (irq < 0)
		return;
	test_hits = 0;
	KCHECK_EQ(request_irq(irq, count_hit, 0, "test-sgi", NULL), 0);
	gic_send_sgi_self(TEST_SGI);
	spin_ms(WAIT_MS);
	KCHECK_EQ(test_hits, 1);
	free_irq(irq, NULL);
	gic_release_sgi(TEST_SGI);
}

/*
 * disable_irq() masks intid at the GIC; made pending meanwhile it must not arrive, and
 * enable_irq() must deliver it once. (The interrupt core replays only edges that its own flow
 * saw while disabled; a fasteoi GIC interrupt never reaches the flow while masked, so the one
 * delivery comes from the GIC.)
 */
static void check_masked_pending(int irq, u32 intid, void (*raise)(u32 intid))
{
	test_hits = 0;
	KCHECK_EQ(request_irq(irq, count_hit, 0, "test-masked", NULL), 0);
	disable_irq(irq);
	raise(intid);
	spin_ms(WAIT_MS);
	KCHECK_EQ(test_hits, 0);
	enable_irq(irq);
	spin_ms(WAIT_MS);
	KCHECK_EQ(test_hits, 1);
	free_irq(irq, NULL);
}

static void set_pending(u32 intid)
{
	KCHECK_EQ(gic_set_pending(intid), 0);
}

/* A high SPI no device of QEMU's virt uses (its devices and GICv2m sit below 128). */
static int claim_free_spi(u32 *intid)
{
	for (u32 i = 255; i >= 128; i--) {
		int irq = gic_claim_spi(i, IRQ_TYPE_EDGE_RISING, NULL, NULL);

		if (irq >= 0) {
			*intid = i;
			return irq;
		}
	}
	return -1;
}

KTEST(irq, gic_masked_pending_waits_for_enable)
{
	u32 intid;
	int irq;

	if (!gic_version())
		KSKIP("no GIC driven");
	irq = claim_free_spi(&intid);
	KCHECK(irq >= 0);
	if (irq < 0)
		return;
	check_masked_pending(irq, intid, set_pending);
	gic_release_spi(intid);
	if (gic_version() < 3)
		return; /* a GICv2 may keep SGIs enabled (QEMU's does) */
	irq = gic_claim_sgi(TEST_SGI);
	KCHECK(irq >= 0);
	if (irq < 0)
		return;
	check_masked_pending(irq, TEST_SGI, gic_send_sgi_self);
	gic_release_sgi(TEST_SGI);
}

#else

KTEST(irq, gic_version_matches_madt_and_pidr2)
{
	KSKIP("no GIC on x86_64");
}

KTEST(irq, gic_sgi_to_self_handled_once)
{
	KSKIP("no GIC on x86_64");
}

KTEST(irq, gic_masked_pending_waits_for_enable)
{
	KSKIP("no GIC on x86_64");
}

#endif
