/*
 * The x86 interrupt controllers and time hardware (drivers/irqchip/x86, drivers/clocksource/x86),
 * checked through a path other than the one the driver used: CPUID and IA32_APIC_BASE read back
 * for the APIC mode, a real interrupt for the vector allocator and the root handler, the MADT
 * read again for the I/O APIC routing, a second clock for each calibration. The file builds on
 * every arch; elsewhere each test skips.
 */
#include "ktest.h"

#ifdef __x86_64__
#include <asm/cpuid.h>
#include <asm/processor.h>

#include "drivers/acpi/madt.h"
#include "drivers/irqchip/x86/apic.h"
#include "drivers/irqchip/x86/ioapic.h"
#include "drivers/irqchip/x86/vector.h"
#include "arch.h"
#include "clockchips.h"
#include "clocksource.h"
#include "irq.h"
#include "irqflags.h"
#include "ktime.h"
#include "printk.h"
#include "rtc.h"

#define CPUID_ECX_X2APIC BIT(21)

static void check_apic_mode(void)
{
	u32 a, b, c, d;
	u64 base = rdmsr(MSR_IA32_APICBASE);
	bool x2apic_cpu;

	if (apic_mode() == APIC_MODE_NONE)
		KSKIP("no local APIC set up");
	cpuid(CPUID_FEATURES, 0, &a, &b, &c, &d);
	x2apic_cpu = c & CPUID_ECX_X2APIC;
	KCHECK_EQ(apic_mode(), x2apic_cpu ? APIC_MODE_X2APIC : APIC_MODE_XAPIC);
	KCHECK(base & MSR_IA32_APICBASE_ENABLE);
	KCHECK_EQ(!!(base & MSR_IA32_APICBASE_EXTD), x2apic_cpu);
	KCHECK(apic_read(APIC_SPIV) & APIC_SPIV_APIC_ENABLED);
	KCHECK_EQ(apic_read(APIC_SPIV) & APIC_VECTOR_MASK, SPURIOUS_APIC_VECTOR);
	printk("# apic: %s, id %u, IA32_APIC_BASE %#llx\n", apic_mode_name(apic_mode()), apic_id(),
	       (unsigned long long)base);
}

static unsigned int ipi_handled;

static irqreturn_t count_ipi(unsigned int irq, void *dev_id)
{
	KCHECK(in_interrupt());
	ipi_handled++;
	return IRQ_HANDLED;
}

/* The interrupt count the core keeps for irq (the `irq` table's), or ~0 for a bad irq. */
static unsigned long irq_flow_count(unsigned int irq)
{
	struct irq_stat st;

	return irq_stat_next(irq, &st) == (int)irq ? st.count : ~0UL;
}

static void check_self_ipi(void)
{
	unsigned long flags;
	int irq;

	if (apic_mode() == APIC_MODE_NONE)
		KSKIP("no local APIC set up");
	irq = x86_vector_alloc_irqs(1, &lapic_vector_chip, handle_edge_irq, NULL);
	KCHECK(irq >= 0);
	if (irq < 0)
		return;
	ipi_handled = 0;
	KCHECK_EQ(request_irq(irq, count_ipi, 0, "self-IPI", &ipi_handled), 0);
	local_irq_save(flags);
	apic_send_self_ipi(x86_irq_vector(irq));
	KCHECK_EQ(ipi_handled, 0); /* masked on the CPU: pending, not taken */
	local_irq_enable();
	asm volatile("nop" ::: "memory"); /* the sti shadow ends here */
	local_irq_restore(flags);
	KCHECK_EQ(ipi_handled, 1);
	KCHECK_EQ(irq_flow_count(irq), 1);
	printk("# self-IPI on vector %#x (irq %d): handled %u time(s)\n", x86_irq_vector(irq), irq,
	       ipi_handled);
	free_irq(irq, &ipi_handled);
	x86_vector_free_irqs(irq, 1);
}

/* What the MADT itself says about an ISA line: its override's GSI and flags, else identity. */
struct isa_expect {
	u8 isa;
	u32 gsi;
	u16 flags;
};

static int find_override(const struct acpi_subtable_header *h, void *priv)
{
	const struct acpi_madt_interrupt_override *o = (const void *)h;
	struct isa_expect *e = priv;

	if (o->bus == 0 && o->source_irq == e->isa) {
		e->gsi = o->global_irq;
		e->flags = o->inti_flags;
	}
	return 0;
}

/* ISA line isa maps to an irq on the overridden GSI, and the I/O APIC's RTE routes it there. */
static void check_isa_line(unsigned int isa)
{
	struct isa_expect e = { .isa = (u8)isa, .gsi = isa };
	struct irq_stat st;
	bool level, low;
	int irq;
	u64 rte;

	acpi_table_parse_madt(ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, find_override, &e);
	level = (e.flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL;
	low = (e.flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW;
	irq = irq_map_isa(isa);
	KCHECK(irq >= 0);
	if (irq < 0)
		return;
	KCHECK_EQ(irq_map_isa(isa), irq); /* mapping again gives the same irq */
	KCHECK_EQ(irq_get_irq_data(irq)->hwirq, e.gsi);
	KCHECK_EQ(ioapic_read_rte(e.gsi, &rte), 0);
	KCHECK_EQ(rte & IOAPIC_RTE_VECTOR_MASK, x86_irq_vector(irq));
	KCHECK_EQ(rte >> IOAPIC_RTE_DEST_SHIFT, apic_id());
	KCHECK_EQ(!!(rte & IOAPIC_RTE_LEVEL), level);
	KCHECK_EQ(!!(rte & IOAPIC_RTE_ACTIVE_LOW), low);
	KCHECK_EQ(irq_stat_next(irq, &st), irq);
	KCHECK_EQ(!!(rte & IOAPIC_RTE_MASKED), st.name == NULL); /* unmasked once requested */
	printk("# ISA IRQ %u -> GSI %u (irq %d, vector %#x, %s, active %s)\n", isa, e.gsi, irq,
	       x86_irq_vector(irq), level ? "level" : "edge", low ? "low" : "high");
}

static void check_isa_overrides(void)
{
	if (!ioapic_get_topology()->nr_ioapics)
		KSKIP("no I/O APIC");
	check_isa_line(0);
	check_isa_line(4);
}

/* How far two measurements of one rate may disagree: 1% (parts per 10000). */
#define RATE_TOLERANCE_PPM 10000
#define MEASURE_MS 50

/* The rate of read() (counting up) over MEASURE_MS of ref, measured here, not by the driver. */
static u64 measure_hz(u64 (*read)(void), struct clocksource *ref)
{
	u64 t0, t1, r0, r1, want = ref->hz * MEASURE_MS / 1000;
	unsigned long flags;

	local_irq_save(flags);
	r0 = ref->read(ref);
	t0 = read();
	do {
		t1 = read();
		r1 = ref->read(ref);
	} while (((r1 - r0) & ref->mask) < want);
	local_irq_restore(flags);
	return (t1 - t0) * ref->hz / ((r1 - r0) & ref->mask);
}

static bool rates_agree(u64 a, u64 b)
{
	u64 diff = a > b ? a - b : b - a;

	return diff * 1000000 <= b * RATE_TOLERANCE_PPM;
}

static u64 lapic_count_up(void)
{
	return 0xffffffffu - apic_read(APIC_TMCCT);
}

/*
 * The LAPIC timer's rate against ref with a free countdown, the LVT masked meanwhile; then the
 * running timer is restored with what it had left (the tick comes MEASURE_MS late).
 */
static u64 lapic_measure_hz(struct clocksource *ref)
{
	unsigned long flags;
	u32 lvtt, left;
	u64 hz;

	local_irq_save(flags);
	lvtt = apic_read(APIC_LVTT);
	left = apic_read(APIC_TMCCT);
	apic_write(APIC_LVTT, lvtt | APIC_LVT_MASKED);
	apic_write(APIC_TMICT, 0xffffffffu);
	hz = measure_hz(lapic_count_up, ref);
	apic_write(APIC_LVTT, lvtt);
	apic_write(APIC_TMICT, left ? left : 1);
	local_irq_restore(flags);
	return hz;
}

static void check_lapic_timer_rate(void)
{
	struct clock_event_device *ced = clockevent_current();
	struct clocksource *hpet = clocksource_find("hpet"), *pm = clocksource_find("acpi_pm");
	u64 hz;

	if (!ced || !hpet)
		KSKIP("no LAPIC timer or no HPET");
	hz = lapic_measure_hz(hpet);
	printk("# lapic timer: calibrated %llu Hz, measured %llu Hz against hpet\n",
	       (unsigned long long)ced->hz, (unsigned long long)hz);
	KCHECK(rates_agree(hz, ced->hz));
	if (!pm)
		return;
	hz = lapic_measure_hz(pm); /* a clock the calibration did not use */
	printk("# lapic timer: measured %llu Hz against acpi_pm\n", (unsigned long long)hz);
	KCHECK(rates_agree(hz, ced->hz));
}

static u64 tsc_now(void)
{
	return rdtsc();
}

static void check_tsc_rate(void)
{
	struct clocksource *tsc = clocksource_find("tsc"), *hpet = clocksource_find("hpet");
	u64 hz;

	if (!tsc || !hpet)
		KSKIP("the TSC is no clocksource here (not invariant) or no HPET");
	hz = measure_hz(tsc_now, hpet);
	printk("# tsc: %llu Hz as registered, measured %llu Hz against hpet\n",
	       (unsigned long long)tsc->hz, (unsigned long long)hz);
	KCHECK(rates_agree(hz, tsc->hz));
}

/* The clock event device's interrupt arrives while a sleep idles the CPU. */
static void check_lapic_timer_fires(void)
{
	struct clock_event_device *ced = clockevent_current();
	unsigned long before;

	if (!ced)
		KSKIP("no clock event device");
	KCHECK(!irqs_disabled());
	before = irq_flow_count(ced->irq);
	msleep(30);
	KCHECK(irq_flow_count(ced->irq) > before);
	printk("# %s timer: irq %u, %lu interrupts during a 30 ms sleep\n", ced->name, ced->irq,
	       irq_flow_count(ced->irq) - before);
}

static void check_self_nmi(void)
{
	unsigned long before = nmi_count();

	if (apic_mode() == APIC_MODE_NONE)
		KSKIP("no local APIC set up");
	apic_send_self_nmi();
	KCHECK_EQ(nmi_count(), before + 1);
}

static void check_cmos_rtc(void)
{
	struct rtc_time tm;

	if (!rtc_get())
		KSKIP("no RTC registered");
	KCHECK_EQ(rtc_read_time(&tm), 0);
	KCHECK(rtc_valid_tm(&tm));
	KCHECK(tm.tm_year + 1900 >= 2024); /* QEMU starts it at the host's time */
	printk("# rtc %s: %04d-%02d-%02d %02d:%02d:%02d\n", rtc_get()->name, tm.tm_year + 1900,
	       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

#define X86_ONLY(check) check()
#else
#define X86_ONLY(check) KSKIP("x86_64 controllers")
#endif

KTEST(irq, x86_apic_mode_matches_cpuid)
{
	X86_ONLY(check_apic_mode);
}

KTEST(irq, x86_self_ipi_delivered_once)
{
	X86_ONLY(check_self_ipi);
}

KTEST(irq, x86_isa_lines_follow_madt_overrides)
{
	X86_ONLY(check_isa_overrides);
}

KTEST(irq, x86_lapic_timer_rate_matches_hpet)
{
	X86_ONLY(check_lapic_timer_rate);
}

KTEST(irq, x86_tsc_rate_matches_hpet)
{
	X86_ONLY(check_tsc_rate);
}

KTEST(irq, x86_lapic_timer_interrupts)
{
	X86_ONLY(check_lapic_timer_fires);
}

KTEST(irq, x86_self_nmi_counted)
{
	X86_ONLY(check_self_nmi);
}

KTEST(irq, x86_cmos_rtc_reads)
{
	X86_ONLY(check_cmos_rtc);
}
