/*
 * Vectors on the boot CPU (vector.h): the allocator's state, vector -> irq, the root handler
 * every interrupt exception goes through, and the x86 MSI domain.
 */
#include <errno.h>

#include "drivers/irqchip/x86/apic.h"
#include "drivers/irqchip/x86/i8259.h"
#include "drivers/irqchip/x86/vector.h"
#include "irqflags.h"

#define NO_IRQ (-1)

static struct vector_map vector_map;
static int vector_irq[X86_NR_IDT_VECTORS]; /* NO_IRQ, or the irq the vector belongs to */
static u8 irq_vector[NR_IRQS];		   /* 0: none */

int x86_vector_alloc_irqs(unsigned int nr, const struct irq_chip *chip, irq_flow_handler_t flow,
			  void *chip_data)
{
	unsigned int block = vector_block_size(nr);
	unsigned long flags;
	int vector, irq;

	local_irq_save(flags);
	vector = vector_map_alloc(&vector_map, block);
	irq = vector < 0 ? vector : irq_alloc_descs(nr);
	if (irq < 0) {
		if (vector >= 0)
			vector_map_free(&vector_map, (unsigned int)vector, block);
		local_irq_restore(flags);
		return irq;
	}
	for (unsigned int i = 0; i < nr; i++) {
		irq_set_chip_and_handler(irq + i, chip, flow, vector + i, chip_data);
		irq_get_irq_data(irq + i)->type = IRQ_TYPE_EDGE_RISING;
		irq_vector[irq + i] = vector + i;
		vector_irq[vector + i] = irq + i;
	}
	local_irq_restore(flags);
	return irq;
}

void x86_vector_free_irqs(unsigned int irq, unsigned int nr)
{
	unsigned int vector = irq_vector[irq];
	unsigned long flags;

	local_irq_save(flags);
	for (unsigned int i = 0; i < nr; i++) {
		vector_irq[vector + i] = NO_IRQ;
		irq_vector[irq + i] = 0;
	}
	vector_map_free(&vector_map, vector, vector_block_size(nr));
	irq_free_descs(irq, nr);
	local_irq_restore(flags);
}

unsigned int x86_irq_vector(unsigned int irq)
{
	return irq < NR_IRQS ? irq_vector[irq] : 0;
}

static void apic_ack(struct irq_data *d)
{
	apic_eoi();
}

/* Nothing to mask at the APIC for a vector: the source (LVT, PCI MSI mask bit) does that. */
static void vector_noop(struct irq_data *d)
{
}

const struct irq_chip lapic_vector_chip = {
	.name = "LAPIC",
	.irq_mask = vector_noop,
	.irq_unmask = vector_noop,
	.irq_ack = apic_ack,
};

/* The root handler: the vector's irq, or the system vectors that have none. */
static void x86_handle_irq(struct pt_regs *regs, unsigned long vector)
{
	if (vector == SPURIOUS_APIC_VECTOR) {
		irq_count_spurious(); /* never in service: no EOI */
		return;
	}
	if (vector == ERROR_APIC_VECTOR) {
		apic_handle_error();
		return;
	}
	if (vector >= ISA_IRQ_VECTOR_BASE && vector < FIRST_DEVICE_VECTOR) {
		i8259_spurious(vector);
		return;
	}
	if (vector >= X86_NR_IDT_VECTORS || vector_irq[vector] == NO_IRQ) {
		irq_count_spurious();
		apic_eoi(); /* the APIC holds it in service until then, blocking lower priorities */
		return;
	}
	generic_handle_irq(vector_irq[vector]);
}

/* ----------------------------------------------------------------------------- MSI domain */

static void msi_compose(struct irq_data *d, struct msi_msg *msg)
{
	x86_msi_compose(apic_id(), x86_irq_vector(d->irq), msg);
}

static const struct irq_chip msi_chip = {
	.name = "PCI-MSI",
	.irq_mask = vector_noop,
	.irq_unmask = vector_noop,
	.irq_ack = apic_ack,
	.irq_compose_msi_msg = msi_compose,
};

static int x86_msi_alloc(u32 dev_id, unsigned int nvec)
{
	return x86_vector_alloc_irqs(nvec, &msi_chip, handle_edge_irq, NULL);
}

static void x86_msi_free(u32 dev_id, unsigned int irq, unsigned int nvec)
{
	x86_vector_free_irqs(irq, nvec);
}

static const struct msi_domain x86_msi_domain = {
	.name = "x86 MSI",
	.alloc = x86_msi_alloc,
	.free = x86_msi_free,
};

void x86_vector_init(void)
{
	for (unsigned int v = 0; v < X86_NR_IDT_VECTORS; v++)
		vector_irq[v] = NO_IRQ;
	set_handle_irq(x86_handle_irq);
	msi_set_domain(&x86_msi_domain);
}
