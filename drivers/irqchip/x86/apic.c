/*
 * The boot CPU's local APIC (apic.h). The mode follows the CPU: x2APIC when CPUID.1:ECX.x2APIC
 * says it exists (entered through IA32_APIC_BASE.EXTD; there is no way back without a reset),
 * else xAPIC through an uncached mapping of the MADT's address, which a local APIC address
 * override (type 5) replaces.
 */
#include <errno.h>

#include <asm/cpuid.h>
#include <asm/io.h>
#include <asm/processor.h>

#include "drivers/acpi/madt.h"
#include "drivers/irqchip/x86/apic.h"
#include "drivers/irqchip/x86/vector.h"
#include "mm/ioremap.h"
#include "printk.h"

#define CPUID_EDX_APIC BIT(9)
#define CPUID_ECX_X2APIC BIT(21)
#define APIC_LVR_MAXLVT(lvr) (((lvr) >> 16) & 0xff)
#define APIC_LVTCMCI 0x2f0
#define ACPI_UID_ALL_XAPIC 0xff
#define ACPI_UID_ALL_X2APIC 0xffffffffu

static enum apic_mode mode;
static void *xapic_regs;
static u32 boot_apic_id;
static int nmi_lint = -1;
static unsigned long error_count;

u32 apic_read(unsigned int reg)
{
	if (mode == APIC_MODE_X2APIC)
		return (u32)rdmsr(APIC_X2APIC_MSR_BASE + reg / 16);
	return readl((u8 *)xapic_regs + reg);
}

void apic_write(unsigned int reg, u32 val)
{
	if (mode == APIC_MODE_X2APIC)
		wrmsr(APIC_X2APIC_MSR_BASE + reg / 16, val);
	else
		writel(val, (u8 *)xapic_regs + reg);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

void apic_send_self_ipi(unsigned int vector)
{
	u32 icr = APIC_DEST_SELF | APIC_INT_ASSERT | APIC_DM_FIXED | (vector & APIC_VECTOR_MASK);

	if (mode == APIC_MODE_X2APIC) {
		wrmsr(APIC_X2APIC_MSR_BASE + APIC_ICR / 16, icr); /* one 64-bit register */
		return;
	}
	apic_write(APIC_ICR2, 0);
	apic_write(APIC_ICR, icr);
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
}

enum apic_mode apic_mode(void)
{
	return mode;
}

const char *apic_mode_name(enum apic_mode m)
{
	return m == APIC_MODE_X2APIC ? "x2APIC" : m == APIC_MODE_XAPIC ? "xAPIC" : "no APIC";
}

u32 apic_id(void)
{
	return boot_apic_id;
}

int apic_nmi_lint(void)
{
	return nmi_lint;
}

unsigned long apic_error_count(void)
{
	return error_count;
}

void apic_handle_error(void)
{
	u32 esr;

	apic_write(APIC_ESR, 0); /* latches the errors into the readable register */
	esr = apic_read(APIC_ESR);
	error_count++;
	printk("apic: error interrupt, ESR %#x\n", esr);
	apic_eoi();
}

static int madt_lapic_override(const struct acpi_subtable_header *h, void *priv)
{
	*(phys_addr_t *)priv = ((const struct acpi_madt_local_apic_override *)h)->address;
	return 0;
}

/* Map the xAPIC page: the MADT's address unless an override names another. */
static int xapic_map(void)
{
	phys_addr_t pa = acpi_madt()->address;

	acpi_table_parse_madt(ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE, madt_lapic_override, &pa);
	xapic_regs = ioremap(pa, PAGE_SIZE);
	return xapic_regs ? 0 : -ENOMEM;
}

/* x2APIC when the CPU has it, else xAPIC; the APIC globally enabled in IA32_APIC_BASE. */
static int apic_enter_mode(void)
{
	u32 a, b, c, d;
	u64 base = rdmsr(MSR_IA32_APICBASE);
	int err;

	cpuid(CPUID_FEATURES, 0, &a, &b, &c, &d);
	if (!(d & CPUID_EDX_APIC))
		return -ENODEV;
	if (c & CPUID_ECX_X2APIC) {
		/* EN before EXTD: the architecture forbids going from disabled to x2APIC at once */
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE);
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE | MSR_IA32_APICBASE_EXTD);
		mode = APIC_MODE_X2APIC;
		return 0;
	}
	err = xapic_map();
	if (err)
		return err;
	wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE);
	mode = APIC_MODE_XAPIC;
	return 0;
}

/* The ACPI processor UID of this CPU (to match NMI entries), found by its APIC id. */
struct uid_match {
	u32 apic_id;
	u32 uid;
	bool found;
};

static int match_lapic(const struct acpi_subtable_header *h, void *priv)
{
	const struct acpi_madt_local_apic *l = (const void *)h;
	struct uid_match *m = priv;

	if (l->id == m->apic_id && !m->found) {
		m->uid = l->processor_id;
		m->found = true;
	}
	return 0;
}

static int match_x2apic(const struct acpi_subtable_header *h, void *priv)
{
	const struct acpi_madt_local_x2apic *l = (const void *)h;
	struct uid_match *m = priv;

	if (l->local_apic_id == m->apic_id && !m->found) {
		m->uid = l->uid;
		m->found = true;
	}
	return 0;
}

/* Program LINT`lint` for NMI delivery with the entry's polarity (NMIs are always edge). */
static void set_nmi_lint(unsigned int lint, u16 inti_flags)
{
	u32 lvt = APIC_DM_NMI;

	if (lint > 1)
		return;
	if ((inti_flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW)
		lvt |= APIC_LVT_ACTIVE_LOW;
	apic_write(lint ? APIC_LVT1 : APIC_LVT0, lvt);
	nmi_lint = (int)lint;
}

static int lapic_nmi(const struct acpi_subtable_header *h, void *priv)
{
	const struct acpi_madt_local_apic_nmi *n = (const void *)h;
	const struct uid_match *m = priv;

	if (n->processor_id == ACPI_UID_ALL_XAPIC || (m->found && n->processor_id == m->uid))
		set_nmi_lint(n->lint, n->inti_flags);
	return 0;
}

static int x2apic_nmi(const struct acpi_subtable_header *h, void *priv)
{
	const struct acpi_madt_local_x2apic_nmi *n = (const void *)h;
	const struct uid_match *m = priv;

	if (n->uid == ACPI_UID_ALL_X2APIC || (m->found && n->uid == m->uid))
		set_nmi_lint(n->lint, n->inti_flags);
	return 0;
}

/* LINT0/LINT1: NMI where the MADT says so, masked otherwise (the 8259s' ExtINT is not used). */
static void setup_lint(void)
{
	struct uid_match m = { .apic_id = boot_apic_id };

	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_LVT_MASKED);
	acpi_table_parse_madt(ACPI_MADT_TYPE_LOCAL_APIC, match_lapic, &m);
	acpi_table_parse_madt(ACPI_MADT_TYPE_LOCAL_X2APIC, match_x2apic, &m);
	acpi_table_parse_madt(ACPI_MADT_TYPE_LOCAL_APIC_NMI, lapic_nmi, &m);
	acpi_table_parse_madt(ACPI_MADT_TYPE_LOCAL_X2APIC_NMI, x2apic_nmi, &m);
}

/* Mask every LVT entry the firmware may have left armed, as far as this APIC has them. */
static void mask_lvts(void)
{
	unsigned int maxlvt = APIC_LVR_MAXLVT(apic_read(APIC_LVR));

	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	if (maxlvt >= 4)
		apic_write(APIC_LVTPC, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		apic_write(APIC_LVTTHMR, APIC_LVT_MASKED);
	if (maxlvt >= 6)
		apic_write(APIC_LVTCMCI, APIC_LVT_MASKED);
}

int apic_init(void)
{
	int err;

	if (!acpi_madt())
		return -ENODEV;
	err = apic_enter_mode();
	if (err)
		return err;
	boot_apic_id = apic_read(APIC_ID);
	if (mode == APIC_MODE_XAPIC)
		boot_apic_id >>= 24;
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_TASKPRI, 0);
	mask_lvts();
	setup_lint();
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0); /* clear what the firmware left */
	apic_write(APIC_ESR, 0);
	return 0;
}
