/*
 * The flow handlers: when a controller is told an interrupt was taken (ack), when it is told the
 * handler finished (eoi), and when the line is masked meanwhile. Linux's kernel/irq/chip.c
 * orders, for the same reasons:
 *   edge:    ack first, so an edge that arrives while the handler runs is latched again and
 *            not lost; the line stays unmasked.
 *   level:   mask and ack first (the line is still asserted and would fire at once), unmask
 *            after the handler cleared the device's cause.
 *   fasteoi: the controller holds the interrupt active until eoi (GIC, I/O APIC level through
 *            the local APIC), so one eoi after the handler both ends it and lets it fire again.
 * A disabled or handler-less interrupt is masked where it stands and counted as unhandled; an
 * edge that came while disabled is remembered and replayed by enable_irq().
 */
#include "internals.h"

static bool can_handle(const struct irq_desc *desc)
{
	return desc->handler && desc->depth == 0;
}

void handle_irq_event(struct irq_desc *desc)
{
	if (desc->handler(desc->irq_data.irq, desc->dev_id) == IRQ_NONE)
		desc->unhandled++;
}

void handle_edge_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	desc->count++;
	if (!can_handle(desc)) {
		desc->pending = desc->handler != NULL;
		if (!desc->handler)
			desc->unhandled++;
		chip_call(desc, chip->irq_mask);
		chip_call(desc, chip->irq_ack);
		return;
	}
	chip_call(desc, chip->irq_ack);
	handle_irq_event(desc);
}

void handle_level_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	desc->count++;
	chip_call(desc, chip->irq_mask);
	chip_call(desc, chip->irq_ack);
	if (!can_handle(desc)) {
		desc->unhandled += desc->handler == NULL;
		return; /* stays masked until a handler is requested or the line is enabled */
	}
	handle_irq_event(desc);
	chip_call(desc, chip->irq_unmask);
}

void handle_fasteoi_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	desc->count++;
	if (!can_handle(desc)) {
		desc->unhandled += desc->handler == NULL;
		chip_call(desc, chip->irq_mask);
		chip_call(desc, chip->irq_eoi);
		return;
	}
	handle_irq_event(desc);
	chip_call(desc, chip->irq_eoi);
}
