/* The driver interface: install and remove handlers, mask and unmask lines, set triggers. */
#include "internals.h"
#include "irqflags.h"

#include <errno.h>

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long irqflags;

	if (!desc || !desc->irq_data.chip || !handler)
		return -EINVAL;
	if (desc->handler)
		return -EBUSY;
	local_irq_save(irqflags);
	desc->handler = handler;
	desc->dev_id = dev_id;
	desc->name = name;
	desc->pending = false;
	desc->depth = 0;
	chip_call(desc, desc->irq_data.chip->irq_unmask);
	local_irq_restore(irqflags);
	return 0;
}

const char *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	const char *name;
	unsigned long irqflags;

	if (!desc || !desc->handler || desc->dev_id != dev_id)
		return NULL;
	local_irq_save(irqflags);
	chip_call(desc, desc->irq_data.chip->irq_mask);
	name = desc->name;
	desc->handler = NULL;
	desc->dev_id = NULL;
	desc->name = NULL;
	desc->depth = 1;
	local_irq_restore(irqflags);
	return name;
}

void disable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long irqflags;

	if (!desc || !desc->irq_data.chip)
		return;
	local_irq_save(irqflags);
	if (desc->depth++ == 0)
		chip_call(desc, desc->irq_data.chip->irq_mask);
	local_irq_restore(irqflags);
}

void enable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long irqflags;

	if (!desc || !desc->irq_data.chip || desc->depth == 0)
		return;
	local_irq_save(irqflags);
	if (--desc->depth == 0) {
		chip_call(desc, desc->irq_data.chip->irq_unmask);
		if (desc->pending && desc->handler) {
			/* the edge that came while disabled: the device is still waiting for it */
			desc->pending = false;
			handle_irq_event(desc);
		}
	}
	local_irq_restore(irqflags);
}

int irq_set_irq_type(unsigned int irq, unsigned int type)
{
	struct irq_desc *desc = irq_to_desc(irq);
	int err;

	if (!desc || !desc->irq_data.chip || !desc->irq_data.chip->irq_set_type)
		return -EINVAL;
	err = desc->irq_data.chip->irq_set_type(&desc->irq_data, type);
	if (!err)
		desc->irq_data.type = type;
	return err;
}
