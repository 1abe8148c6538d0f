/*
 * The arch-neutral interrupt core (kernel/irq/), with Linux's names: interrupt descriptors
 * numbered from 0, the controller behind each (struct irq_chip), the flow handler that decides
 * when the controller is acknowledged and when the interrupt ends (edge, level, fasteoi), and
 * the driver interface (request_irq, free_irq, enable_irq, disable_irq).
 *
 * Who calls what:
 *   arch trap code  -> handle_arch_irq(regs, vector)        (include/arch.h)
 *   handle_arch_irq -> the root handler of the top controller  (set_handle_irq)
 *   root handler    -> generic_handle_irq(irq)                 (the controller's own decode)
 *   generic_handle_irq -> desc->handle_irq (a flow) -> the driver's handler
 * Controllers (drivers/irqchip/) allocate descriptors for their inputs, install a chip and a
 * flow on each, and register how global system interrupts (ACPI GSIs) and message-signalled
 * interrupts (MSI) map onto them.
 *
 * Every handler runs with interrupts masked on the CPU and is not re-entered. Nothing here sleeps.
 * The numbering is Pagoda's own (a Linux "virq"); hwirq is the controller's number.
 */
#ifndef PAGODA_IRQ_H
#define PAGODA_IRQ_H

#include "types.h"

struct pt_regs;
struct irq_desc;

/* Sized for 24 I/O APIC pins or 1020 GIC interrupts, plus MSI vectors. */
#define NR_IRQS 1280

/* What a driver's handler says (Linux irqreturn_t). */
typedef enum irqreturn {
	IRQ_NONE,    /* not my device: counted as unhandled */
	IRQ_HANDLED, /* the device's cause was cleared */
} irqreturn_t;

typedef irqreturn_t (*irq_handler_t)(unsigned int irq, void *dev_id);

/* Trigger types (Linux IRQ_TYPE_*, same values). */
#define IRQ_TYPE_NONE 0x0
#define IRQ_TYPE_EDGE_RISING 0x1
#define IRQ_TYPE_EDGE_FALLING 0x2
#define IRQ_TYPE_LEVEL_HIGH 0x4
#define IRQ_TYPE_LEVEL_LOW 0x8
#define IRQ_TYPE_EDGE_BOTH (IRQ_TYPE_EDGE_RISING | IRQ_TYPE_EDGE_FALLING)
#define IRQ_TYPE_LEVEL_MASK (IRQ_TYPE_LEVEL_HIGH | IRQ_TYPE_LEVEL_LOW)

/* What the chip callbacks get: one interrupt as its controller sees it. */
struct irq_data {
	unsigned int irq;	     /* Pagoda's number */
	unsigned long hwirq;	     /* the controller's number (pin, vector, INTID, event) */
	const struct irq_chip *chip; /* NULL while the descriptor is free */
	void *chip_data;	     /* the controller instance */
	unsigned int type;	     /* IRQ_TYPE_*: how the line triggers */
};

struct msi_msg;

/*
 * A controller's operations (Linux struct irq_chip). All optional except what the flow installed
 * on the interrupt calls: handle_edge_irq calls irq_ack before the handler, handle_level_irq
 * masks and acks before and unmasks after, handle_fasteoi_irq calls irq_eoi after.
 */
struct irq_chip {
	const char *name; /* the controller column of `irq` */
	void (*irq_mask)(struct irq_data *d);
	void (*irq_unmask)(struct irq_data *d);
	void (*irq_ack)(struct irq_data *d);
	void (*irq_eoi)(struct irq_data *d);
	/* Program the trigger; 0, or -EINVAL when the controller cannot (nothing changed). */
	int (*irq_set_type)(struct irq_data *d, unsigned int type);
	/* For an MSI: the address and data a device must write to raise this interrupt. */
	void (*irq_compose_msi_msg)(struct irq_data *d, struct msi_msg *msg);
};

typedef void (*irq_flow_handler_t)(struct irq_desc *desc);

/* The flows (kernel/irq/chip.c), Linux's names and orders. */
void handle_edge_irq(struct irq_desc *desc);
void handle_level_irq(struct irq_desc *desc);
void handle_fasteoi_irq(struct irq_desc *desc);

/* --------------------------------------------------------------- controller side */

/*
 * Reserve nr consecutive free descriptors (MSI needs a block). Returns the first number, or
 * -ENOSPC when there is no such block (nothing reserved). Each comes back without a chip.
 */
int irq_alloc_descs(unsigned int nr);
/* Return descriptors to the free pool; any handler must have been freed first. */
void irq_free_descs(unsigned int irq, unsigned int nr);

/*
 * Put irq under chip with the given flow, controller number and instance data. The interrupt
 * starts masked (depth 1): request_irq() unmasks it. Returns 0, or -EINVAL for a number that
 * was not allocated.
 */
int irq_set_chip_and_handler(unsigned int irq, const struct irq_chip *chip, irq_flow_handler_t flow,
			     unsigned long hwirq, void *chip_data);

/* The controller's view of irq, or NULL when irq is not allocated. */
struct irq_data *irq_get_irq_data(unsigned int irq);

/* Handle one interrupt the root handler decoded. Returns 0, or -EINVAL for an unknown number. */
int generic_handle_irq(unsigned int irq);

/*
 * An interrupt the controller reported that nobody owns (a spurious vector, GIC INTID 1023, an
 * unallocated number): counted for `irq`'s ERR line.
 */
void irq_count_spurious(void);

/*
 * The top-level controller's decoder, called by handle_arch_irq() for every interrupt exception
 * with the saved registers and the arch's vector (x86: the IDT vector; arm64: 0).
 */
typedef void (*irq_root_handler_t)(struct pt_regs *regs, unsigned long vector);
void set_handle_irq(irq_root_handler_t handler);

/* ------------------------------------------------------------ GSI and legacy lines */

/*
 * How the interrupt controller that owns the machine's wired lines maps them (x86: the I/O
 * APICs, with the MADT's interrupt source overrides; arm64: the GIC's SPIs and PPIs).
 */
struct irq_gsi_domain {
	const char *name;
	/* Map a global system interrupt with trigger type; an irq number or a negative errno. */
	int (*map_gsi)(u32 gsi, unsigned int type);
	/* Map a PC ISA line (x86 COM1 is 4) through any override; NULL where there is none. */
	int (*map_isa)(unsigned int isa_irq);
};
void irq_set_gsi_domain(const struct irq_gsi_domain *domain);

/* An irq for ACPI global system interrupt gsi; -ENODEV without a controller for it. */
int irq_map_gsi(u32 gsi, unsigned int type);
/* An irq for ISA line isa_irq (0-15); -ENODEV on machines without ISA lines. */
int irq_map_isa(unsigned int isa_irq);

/* --------------------------------------------------------------- driver side */

/*
 * Install handler for irq under name (shown by `irq`) and unmask the line. flags are reserved
 * (pass 0). Returns 0; -EINVAL for an unallocated irq or a NULL handler; -EBUSY when irq
 * already has a handler (lines are not shared). On failure nothing changed.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id);
/* Mask the line and remove the handler installed with dev_id. Returns that handler's name. */
const char *free_irq(unsigned int irq, void *dev_id);

/* Nesting mask/unmask: n disable_irq() calls need n enable_irq() calls to unmask again. */
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);

/* Change the trigger type. 0, or the chip's error (-EINVAL when it has no irq_set_type). */
int irq_set_irq_type(unsigned int irq, unsigned int type);

/* ---------------------------------------------------------------- inspection */

/* One row of the `irq` table (Linux /proc/interrupts). */
struct irq_stat {
	unsigned int irq;
	unsigned long count;	 /* times the flow ran */
	unsigned long unhandled; /* times the handler said IRQ_NONE or there was none */
	unsigned long hwirq;
	const char *chip;
	unsigned int type;
	const char *name; /* the handler's, or NULL */
};

/* Fill *st for the first allocated irq >= from; returns its number, or -ENOENT past the last. */
int irq_stat_next(unsigned int from, struct irq_stat *st);
/* Interrupts nobody owned (irq_count_spurious). */
unsigned long irq_spurious_count(void);
/* "Edge", "Level" (or "-") for the trigger type, as /proc/interrupts prints it. */
const char *irq_type_name(unsigned int type);

/* Are we in an interrupt handler? (counts nesting from handle_arch_irq) */
bool in_interrupt(void);
/* The registers the current interrupt interrupted, or NULL outside an interrupt. */
struct pt_regs *get_irq_regs(void);

#endif
