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

#include "clockchips.h"
#include "clocksource.h"
#include "drivers/acpi/gtdt.h"
#include "drivers/acpi/madt.h"
#include "drivers/irqchip/arm/gic.h"
#include "irqflags.h"
#include "mm/ioremap.h"
#include "printk.h"
#include "rtc.h"

#include <string.h>

#define TEST_SGI 3
#define WAIT_MS 20	 /* far longer than TCG takes to deliver a pending interrupt */
#define DEADLINE_MS 2000 /* for what must come, also when the host starves QEMU */

/* The virtual counter value ms milliseconds from now. */
static u64 deadline_in(unsigned int ms)
{
	return read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0) / 1000 * ms;
}

static bool past(u64 deadline)
{
	return (s64)(read_sysreg(cntvct_el0) - deadline) >= 0;
}

/* Spin with interrupts as they are for ms milliseconds of the virtual counter. */
static void spin_ms(unsigned int ms)
{
	u64 deadline = deadline_in(ms);

	while (!past(deadline))
		;
}

/* Spin until count(arg) reaches want or ms have passed; whether it did. */
static bool spin_until(unsigned long (*count)(unsigned int arg), unsigned int arg,
		       unsigned long want, unsigned int ms)
{
	u64 deadline = deadline_in(ms);

	while (count(arg) < want)
		if (past(deadline))
			return false;
	return true;
}

static volatile unsigned long test_hits;

static unsigned long hits(unsigned int unused)
{
	return test_hits;
}

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
	KCHECK(spin_until(hits, 0, 1, DEADLINE_MS));
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
	KCHECK(spin_until(hits, 0, 1, DEADLINE_MS));
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

/* The times irq's flow ran, read from the `irq` table's statistics. */
static unsigned long irq_count(unsigned int irq)
{
	struct irq_stat st;

	return irq_stat_next(irq, &st) == (int)irq ? st.count : 0;
}

/*
 * The clock event device is the EL1 virtual timer on the GTDT's PPI, and its interrupt keeps
 * arriving while the CPU waits (the tick, HZ times a second: TIMER_TICKS take 50 ms, but a
 * starved QEMU coalesces late ticks, so only the deadline is generous).
 */
#define TIMER_TICKS 5
KTEST(irq, arch_timer_ppi_counts_while_waiting)
{
	struct clock_event_device *ced = clockevent_current();
	struct acpi_gtdt_info gtdt;
	unsigned long before;

	KCHECK(ced != NULL);
	if (!ced)
		return;
	KCHECK_EQ(strcmp(ced->name, "arch_sys_timer"), 0);
	if (!acpi_gtdt_get(&gtdt))
		KCHECK_EQ(irq_get_irq_data(ced->irq)->hwirq, gtdt.el1_virt.gsiv);
	before = irq_count(ced->irq);
	KCHECK(spin_until(irq_count, ced->irq, before + TIMER_TICKS, DEADLINE_MS));
	printk("# arch timer: irq %u (PPI %lu)\n", ced->irq, irq_get_irq_data(ced->irq)->hwirq);
}

/*
 * The two counters the clocksources read agree (the hand-off sets CNTVOFF_EL2 to 0; firmware
 * without EL2 has no offset): a virtual read lies between two physical reads, both ways.
 */
KTEST(irq, arch_counters_virtual_and_physical_agree)
{
	struct clocksource *virt = clocksource_find("arch_sys_counter");
	struct clocksource *phys = clocksource_find("arch_sys_counter_phys");
	u64 p0, v, p1, v0, p, v1;

	KCHECK(virt != NULL);
	if (!phys)
		KSKIP("the physical counter is not registered (entered at EL1 above a hypervisor)");
	if (!virt)
		return;
	KCHECK_EQ(virt->hz, read_sysreg(cntfrq_el0));
	p0 = phys->read(phys);
	v = virt->read(virt);
	p1 = phys->read(phys);
	v0 = read_sysreg(cntvct_el0);
	isb();
	p = read_sysreg(cntpct_el0);
	isb();
	v1 = read_sysreg(cntvct_el0);
	KCHECK(p0 <= v && v <= p1);
	KCHECK(v0 <= p && p <= v1);
}

#define QEMU_VIRT_PL031 0x09010000 /* where every arm64 case's machine has it */
#define UNIX_TIME_2023 1672531200  /* QEMU starts the RTC at the host's time */

/* The wall clock is the PL031, and reads what its data register, read here, says. */
KTEST(irq, pl031_is_the_wall_clock)
{
	struct rtc_device *rtc = rtc_get();
	char *regs = ioremap(QEMU_VIRT_PL031, PAGE_SIZE);
	struct rtc_time tm;
	u32 before, after;
	u64 t;

	KCHECK(rtc != NULL && regs != NULL);
	if (!rtc || !regs)
		return;
	KCHECK_EQ(strcmp(rtc->name, "pl031"), 0);
	before = readl(regs);
	KCHECK_EQ(rtc_read_time(&tm), 0);
	after = readl(regs);
	t = rtc_tm_to_time64(&tm);
	KCHECK(before <= t && t <= after);
	KCHECK(t >= UNIX_TIME_2023);
}

#else

KTEST(irq, pl031_is_the_wall_clock)
{
	KSKIP("no PL031 on x86_64");
}

KTEST(irq, arch_timer_ppi_counts_while_waiting)
{
	KSKIP("no Arm generic timer on x86_64");
}

KTEST(irq, arch_counters_virtual_and_physical_agree)
{
	KSKIP("no Arm generic timer on x86_64");
}

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
