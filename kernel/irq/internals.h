/* The interrupt descriptor, private to kernel/irq/ (drivers see struct irq_data). */
#ifndef PAGODA_KERNEL_IRQ_INTERNALS_H
#define PAGODA_KERNEL_IRQ_INTERNALS_H

#include "irq.h"

struct irq_desc {
	struct irq_data irq_data;
	irq_flow_handler_t handle_irq; /* the flow; NULL while no chip is installed */
	irq_handler_t handler;	       /* the driver's, NULL while none is requested */
	void *dev_id;
	const char *name;
	unsigned long count;	 /* flows run */
	unsigned long unhandled; /* no handler, or it said IRQ_NONE */
	unsigned int depth;	 /* disable nesting: masked while > 0 */
	bool allocated;
	bool pending; /* an edge arrived while disabled: replayed by enable_irq */
};

/* The descriptor of an allocated irq, or NULL. */
struct irq_desc *irq_to_desc(unsigned int irq);

/* Call one of desc's chip operations, when the chip has it. */
static inline void chip_call(struct irq_desc *desc, void (*op)(struct irq_data *))
{
	if (op)
		op(&desc->irq_data);
}

/* Run the driver's handler and count what it said (the flows' common step). */
void handle_irq_event(struct irq_desc *desc);

#endif
