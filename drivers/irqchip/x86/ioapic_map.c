/* The I/O APIC topology and RTE encoding (ioapic.h), hostable. */
#include <errno.h>

#include "drivers/irqchip/x86/ioapic.h"
#include "irq.h"

void ioapic_topology_init(struct ioapic_topology *t)
{
	*t = (struct ioapic_topology){ 0 };
	for (unsigned int i = 0; i < NR_ISA_IRQS; i++)
		t->isa[i].gsi = i;
}

int ioapic_topology_add_ioapic(struct ioapic_topology *t, const struct acpi_madt_io_apic *e)
{
	if (t->nr_ioapics == MAX_IO_APICS)
		return -ENOSPC;
	t->ioapic[t->nr_ioapics++] = (struct ioapic){
		.id = e->id,
		.address = e->address,
		.gsi_base = e->global_irq_base,
	};
	return 0;
}

void ioapic_topology_add_override(struct ioapic_topology *t,
				  const struct acpi_madt_interrupt_override *e)
{
	if (e->bus != 0 || e->source_irq >= NR_ISA_IRQS)
		return;
	t->isa[e->source_irq] =
		(struct isa_route){ .gsi = e->global_irq, .inti_flags = e->inti_flags };
	t->nr_overrides++;
}

int ioapic_topology_find(const struct ioapic_topology *t, u32 gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < t->nr_ioapics; i++) {
		const struct ioapic *io = &t->ioapic[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->pins) {
			*pin = gsi - io->gsi_base;
			return (int)i;
		}
	}
	return -ENODEV;
}

unsigned int acpi_inti_to_irq_type(u16 inti_flags, unsigned int bus_type)
{
	u16 polarity = inti_flags & ACPI_MADT_POLARITY_MASK;
	u16 trigger = inti_flags & ACPI_MADT_TRIGGER_MASK;
	bool level = trigger == ACPI_MADT_TRIGGER_CONFORMS ? bus_type & IRQ_TYPE_LEVEL_MASK :
							     trigger == ACPI_MADT_TRIGGER_LEVEL;
	bool low = polarity == ACPI_MADT_POLARITY_CONFORMS ?
			   bus_type & (IRQ_TYPE_LEVEL_LOW | IRQ_TYPE_EDGE_FALLING) :
			   polarity == ACPI_MADT_POLARITY_ACTIVE_LOW;

	if (level)
		return low ? IRQ_TYPE_LEVEL_LOW : IRQ_TYPE_LEVEL_HIGH;
	return low ? IRQ_TYPE_EDGE_FALLING : IRQ_TYPE_EDGE_RISING;
}

int ioapic_isa_route(const struct ioapic_topology *t, unsigned int isa, u32 *gsi,
		     unsigned int *type)
{
	if (isa >= NR_ISA_IRQS)
		return -EINVAL;
	*gsi = t->isa[isa].gsi;
	*type = acpi_inti_to_irq_type(t->isa[isa].inti_flags, IRQ_TYPE_EDGE_RISING);
	return 0;
}

int ioapic_rte_encode(unsigned int vector, u32 dest, unsigned int type, enum ioapic_mask mask,
		      u64 *rte)
{
	u64 v = IOAPIC_RTE_DM_FIXED | IOAPIC_RTE_DEST_PHYSICAL | (vector & IOAPIC_RTE_VECTOR_MASK) |
		(u64)(dest & 0xff) << IOAPIC_RTE_DEST_SHIFT;

	switch (type) {
	case IRQ_TYPE_EDGE_RISING:
		break;
	case IRQ_TYPE_EDGE_FALLING:
		v |= IOAPIC_RTE_ACTIVE_LOW;
		break;
	case IRQ_TYPE_LEVEL_HIGH:
		v |= IOAPIC_RTE_LEVEL;
		break;
	case IRQ_TYPE_LEVEL_LOW:
		v |= IOAPIC_RTE_LEVEL | IOAPIC_RTE_ACTIVE_LOW;
		break;
	default:
		return -EINVAL;
	}
	if (mask == IOAPIC_MASKED)
		v |= IOAPIC_RTE_MASKED;
	*rte = v;
	return 0;
}
