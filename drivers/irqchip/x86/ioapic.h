/*
 * I/O APICs: the machine's wired interrupt lines (global system interrupts, GSIs) as the MADT
 * describes them (each I/O APIC's id, address and GSI base; interrupt source overrides that move
 * an ISA line to another GSI or give it another trigger), the redirection table entry (RTE)
 * that routes one pin to a vector, and the GSI domain (irq_set_gsi_domain) built on them.
 *
 * The topology and the encodings are hostable (ioapic_map.c, tests/host); the hardware side is
 * ioapic.c.
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_X86_IOAPIC_H
#define PAGODA_DRIVERS_IRQCHIP_X86_IOAPIC_H

#include "drivers/acpi/madt.h"
#include "types.h"

#define MAX_IO_APICS 8
#define NR_ISA_IRQS 16
#define IOAPIC_MAX_PINS 256 /* the version register's 8-bit maximum redirection entry + 1 */

struct ioapic {
	u8 id;
	u32 address;
	u32 gsi_base;	   /* the GSI of pin 0 */
	unsigned int pins; /* from the version register (the kernel reads it; tests set it) */
};

/* Where an ISA line goes: its GSI and its MPS INTI flags (0: conforms to the ISA bus). */
struct isa_route {
	u32 gsi;
	u16 inti_flags;
};

struct ioapic_topology {
	struct ioapic ioapic[MAX_IO_APICS];
	unsigned int nr_ioapics;
	struct isa_route isa[NR_ISA_IRQS]; /* identity until an override says otherwise */
	unsigned int nr_overrides;	   /* ISA overrides applied (others are ignored) */
};

/* Empty, with every ISA line on the GSI of its number, edge, active high. */
void ioapic_topology_init(struct ioapic_topology *t);
/* Add the I/O APIC of a MADT entry, pins 0 for now. 0, or -ENOSPC past MAX_IO_APICS. */
int ioapic_topology_add_ioapic(struct ioapic_topology *t, const struct acpi_madt_io_apic *e);
/* Apply an interrupt source override; one for another bus or a line >= 16 is ignored. */
void ioapic_topology_add_override(struct ioapic_topology *t,
				  const struct acpi_madt_interrupt_override *e);
/* The I/O APIC (index) whose pins cover gsi, with the pin in *pin; -ENODEV when none does. */
int ioapic_topology_find(const struct ioapic_topology *t, u32 gsi, unsigned int *pin);
/*
 * The GSI and trigger type (IRQ_TYPE_*) of ISA line isa through its override: conforming
 * polarity and trigger mean the ISA bus's, edge and active high. -EINVAL for isa >= 16.
 */
int ioapic_isa_route(const struct ioapic_topology *t, unsigned int isa, u32 *gsi,
		     unsigned int *type);

/* MPS INTI flags to IRQ_TYPE_*, conforming fields taken from bus_type (an IRQ_TYPE_*). */
unsigned int acpi_inti_to_irq_type(u16 inti_flags, unsigned int bus_type);

/* Redirection table entry (82093AA datasheet 3.2.4). */
#define IOAPIC_RTE_VECTOR_MASK 0xffull
#define IOAPIC_RTE_DM_FIXED (0ull << 8)
#define IOAPIC_RTE_DEST_PHYSICAL (0ull << 11)
#define IOAPIC_RTE_ACTIVE_LOW BIT(13)
#define IOAPIC_RTE_REMOTE_IRR BIT(14)
#define IOAPIC_RTE_LEVEL BIT(15)
#define IOAPIC_RTE_MASKED BIT(16)
#define IOAPIC_RTE_DEST_SHIFT 56 /* physical mode: the 8-bit APIC id in 63:56 */

enum ioapic_mask { IOAPIC_UNMASKED, IOAPIC_MASKED };

/*
 * The RTE that delivers a pin of trigger type (edge or level, rising/high or falling/low) to
 * vector on the CPU with APIC id dest: fixed delivery, physical destination. -EINVAL (nothing
 * written) for IRQ_TYPE_NONE or both edges, which an I/O APIC cannot do.
 */
int ioapic_rte_encode(unsigned int vector, u32 dest, unsigned int type, enum ioapic_mask mask,
		      u64 *rte);

/* ---------------------------------------------------------------- kernel side (ioapic.c) */

/*
 * Find every I/O APIC in the MADT, map it, read its pin count, mask all its pins, and register
 * the GSI domain. Returns the number of I/O APICs set up (0: none in the MADT; ISA and PCI
 * lines then have no interrupts), or -ENOMEM when the first cannot be mapped (no GSI domain).
 * One that cannot be mapped ends the list there. After x86_vector_init().
 */
int ioapic_init(void);
/* The RTE of gsi's pin as the I/O APIC holds it: 0, or -ENODEV when no I/O APIC has gsi. */
int ioapic_read_rte(u32 gsi, u64 *rte);
/* What ioapic_init() found (for the boot line and the tests). */
const struct ioapic_topology *ioapic_get_topology(void);

#endif
