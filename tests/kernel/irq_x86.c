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
#include "irq.h"
#include "irqflags.h"
#include "printk.h"

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
