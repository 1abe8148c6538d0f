/*
 * Interrupt descriptors: a fixed table of NR_IRQS, allocated in blocks by the controllers, and
 * the statistics the `irq` table prints. The GSI and MSI domains are the single registration
 * points through which drivers reach whatever controller the machine has.
 */
#include "internals.h"
#include "msi.h"

#include <errno.h>
#include <stddef.h>

static struct irq_desc irq_descs[NR_IRQS];
static unsigned long spurious_count;
static const struct irq_gsi_domain *gsi_domain;
static const struct msi_domain *msi_domain;

struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irq < NR_IRQS && irq_descs[irq].allocated ? &irq_descs[irq] : NULL;
}

/* Is [first, first + nr) free? */
static bool descs_free(unsigned int first, unsigned int nr)
{
	for (unsigned int i = first; i < first + nr; i++)
		if (irq_descs[i].allocated)
			return false;
	return true;
}

int irq_alloc_descs(unsigned int nr)
{
	if (nr == 0 || nr > NR_IRQS)
		return -ENOSPC;
	for (unsigned int first = 0; first + nr <= NR_IRQS; first++) {
		if (!descs_free(first, nr))
			continue;
		for (unsigned int i = first; i < first + nr; i++)
			irq_descs[i] = (struct irq_desc){
				.irq_data.irq = i,
				.depth = 1,
				.allocated = true,
			};
		return first;
	}
	return -ENOSPC;
}

void irq_free_descs(unsigned int irq, unsigned int nr)
{
	for (unsigned int i = irq; i < irq + nr && i < NR_IRQS; i++)
		irq_descs[i] = (struct irq_desc){ 0 };
}

int irq_set_chip_and_handler(unsigned int irq, const struct irq_chip *chip, irq_flow_handler_t flow,
			     unsigned long hwirq, void *chip_data)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc || !chip || !flow)
		return -EINVAL;
	desc->irq_data.chip = chip;
	desc->irq_data.hwirq = hwirq;
	desc->irq_data.chip_data = chip_data;
	desc->handle_irq = flow;
	return 0;
}

struct irq_data *irq_get_irq_data(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc ? &desc->irq_data : NULL;
}

void irq_count_spurious(void)
{
	spurious_count++;
}

unsigned long irq_spurious_count(void)
{
	return spurious_count;
}

int irq_stat_next(unsigned int from, struct irq_stat *st)
{
	for (unsigned int i = from; i < NR_IRQS; i++) {
		const struct irq_desc *desc = &irq_descs[i];

		if (!desc->allocated || !desc->irq_data.chip)
			continue;
		*st = (struct irq_stat){
			.irq = i,
			.count = desc->count,
			.unhandled = desc->unhandled,
			.hwirq = desc->irq_data.hwirq,
			.chip = desc->irq_data.chip->name,
			.type = desc->irq_data.type,
			.name = desc->handler ? desc->name : NULL,
		};
		return i;
	}
	return -ENOENT;
}

const char *irq_type_name(unsigned int type)
{
	if (type & IRQ_TYPE_LEVEL_MASK)
		return "Level";
	return type & IRQ_TYPE_EDGE_BOTH ? "Edge" : "-";
}

void irq_set_gsi_domain(const struct irq_gsi_domain *domain)
{
	gsi_domain = domain;
}

int irq_map_gsi(u32 gsi, unsigned int type)
{
	return gsi_domain && gsi_domain->map_gsi ? gsi_domain->map_gsi(gsi, type) : -ENODEV;
}

int irq_map_isa(unsigned int isa_irq)
{
	return gsi_domain && gsi_domain->map_isa ? gsi_domain->map_isa(isa_irq) : -ENODEV;
}

void msi_set_domain(const struct msi_domain *domain)
{
	msi_domain = domain;
}

const struct msi_domain *msi_get_domain(void)
{
	return msi_domain;
}

int irq_compose_msi_msg(unsigned int irq, struct msi_msg *msg)
{
	struct irq_data *d = irq_get_irq_data(irq);

	if (!d || !d->chip || !d->chip->irq_compose_msi_msg)
		return -EINVAL;
	d->chip->irq_compose_msi_msg(d, msg);
	return 0;
}
