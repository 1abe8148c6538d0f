/*
 * irqchip_init() for x86_64: the 8259s masked, the boot CPU's local APIC, the vector allocator
 * with the root handler and the MSI domain, then the I/O APICs with the GSI domain.
 */
#include <errno.h>

#include "drivers/acpi/madt.h"
#include "drivers/irqchip/irqchip.h"
#include "drivers/irqchip/x86/apic.h"
#include "drivers/irqchip/x86/i8259.h"
#include "drivers/irqchip/x86/ioapic.h"
#include "drivers/irqchip/x86/vector.h"
#include "printk.h"

static const char *nmi_lint_name(int lint)
{
	return lint == 0 ? "LINT0" : lint == 1 ? "LINT1" : "no LINT";
}

/* "1 I/O APIC (24 pins, GSI 0-23)": how many, their pins and the GSIs they span. */
static void print_ioapics(int n)
{
	const struct ioapic_topology *t = ioapic_get_topology();
	u32 first = ~0u, last = 0;
	unsigned int pins = 0;

	if (n <= 0) {
		printk("no I/O APIC (%d)", n);
		return;
	}
	for (unsigned int i = 0; i < t->nr_ioapics; i++) {
		pins += t->ioapic[i].pins;
		first = MIN(first, t->ioapic[i].gsi_base);
		last = MAX(last, t->ioapic[i].gsi_base + t->ioapic[i].pins - 1);
	}
	printk("%u I/O APIC%s (%u pins, GSI %u-%u), %u overrides", t->nr_ioapics,
	       t->nr_ioapics > 1 ? "s" : "", pins, first, last, t->nr_overrides);
}

int irqchip_init(void)
{
	const struct acpi_table_madt *madt = acpi_madt();
	int err, nr_ioapics;

	if (!madt)
		return -ENODEV;
	if (madt->flags & ACPI_MADT_PCAT_COMPAT)
		i8259_init();
	err = apic_init();
	if (err)
		return err;
	x86_vector_init();
	nr_ioapics = ioapic_init();
	printk("irq: %s id %u, ", apic_mode_name(apic_mode()), apic_id());
	print_ioapics(nr_ioapics);
	printk(", NMI on %s\n", nmi_lint_name(apic_nmi_lint()));
	return 0;
}
