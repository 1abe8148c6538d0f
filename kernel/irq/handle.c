/*
 * The entry from the arch trap code: remember the interrupted registers (so that an exception
 * inside a handler can report both contexts) and hand over to the top controller's decoder.
 */
#include "arch.h"
#include "internals.h"

#include <errno.h>

static irq_root_handler_t root_handler;
static struct pt_regs *irq_regs;
static unsigned int irq_nesting;

void set_handle_irq(irq_root_handler_t handler)
{
	root_handler = handler;
}

void handle_arch_irq(struct pt_regs *regs, unsigned long vector)
{
	struct pt_regs *outer = irq_regs;

	irq_regs = regs;
	irq_nesting++;
	if (root_handler)
		root_handler(regs, vector);
	else
		irq_count_spurious(); /* no controller set up: nothing can acknowledge it */
	irq_nesting--;
	irq_regs = outer;
}

int generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc || !desc->handle_irq) {
		irq_count_spurious();
		return -EINVAL;
	}
	desc->handle_irq(desc);
	return 0;
}

bool in_interrupt(void)
{
	return irq_nesting > 0;
}

struct pt_regs *get_irq_regs(void)
{
	return irq_regs;
}
