/*
 * irqchip_init() for x86_64: the 8259s masked, the boot CPU's local APIC, the vector allocator
 * with the root handler and the MSI domain, then the I/O APICs with the GSI domain.
 */
#include <errno.h>

#include "drivers/acpi/madt.h"
#include "drivers/irqchip/irqchip.h"
#include "drivers/irqchip/x86/apic.h"
#include "drivers/irqchip/x86/i8259.h"
#include "drivers/irqchip/x86/vector.h"
#include "printk.h"

static const char *nmi_lint_name(int lint)
{
	return lint == 0 ? "LINT0" : lint == 1 ? "LINT1" : "no LINT";
}

int irqchip_init(void)
{
	const struct acpi_table_madt *madt = acpi_madt();
	int err;

	if (!madt)
		return -ENODEV;
	if (madt->flags & ACPI_MADT_PCAT_COMPAT)
		i8259_init();
	err = apic_init();
	if (err)
		return err;
	x86_vector_init();
	printk("irq: %s id %u, NMI on %s\n", apic_mode_name(apic_mode()), apic_id(),
	       nmi_lint_name(apic_nmi_lint()));
	return 0;
}
