/*
 * x86 interrupt vectors: which IDT vectors the local APIC delivers what on, the allocator of the
 * vectors devices get (a naturally aligned block for multi-message MSI), and the message a PCI
 * device writes to raise one (the local APIC's 0xfee00000 window).
 *
 * IDT layout: 0-31 exceptions; 0x20-0x2f the remapped 8259s (all masked: anything there is
 * spurious); 0x30-0xef allocated to irqs; 0xfe the APIC error interrupt, 0xff its spurious vector.
 *
 * The vector map and the encodings are hostable (tests/host); the rest is in vector.c.
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_X86_VECTOR_H
#define PAGODA_DRIVERS_IRQCHIP_X86_VECTOR_H

#include "irq.h"
#include "msi.h"
#include "types.h"

#define X86_NR_IDT_VECTORS 256
#define ISA_IRQ_VECTOR_BASE 0x20 /* the 8259s' 16 lines after remapping */
#define FIRST_DEVICE_VECTOR 0x30
#define LAST_DEVICE_VECTOR 0xef
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff /* low 4 bits must be 1s for the oldest APICs: 0xff is safe */

/* Which of the 256 vectors are taken (bit v of used[v / 64]). */
struct vector_map {
	u64 used[X86_NR_IDT_VECTORS / 64];
};

/*
 * Take the first free block of nr vectors (nr a power of two, at most 32) that starts on a
 * multiple of nr inside FIRST_DEVICE_VECTOR..LAST_DEVICE_VECTOR: a device with multi-message
 * MSI sets the low log2(nr) bits of the message data to the vector's own, so the block must be
 * aligned. Returns the first vector, -EINVAL for a bad nr, or -ENOSPC (nothing taken).
 */
int vector_map_alloc(struct vector_map *map, unsigned int nr);
/* Give back a block vector_map_alloc() returned. */
void vector_map_free(struct vector_map *map, unsigned int vector, unsigned int nr);

/* The smallest power of two >= n (n >= 1): the vector block a request for n irqs needs. */
unsigned int vector_block_size(unsigned int n);

/* MSI address: the window, the destination APIC id, physical destination mode (bit 2 clear). */
#define MSI_ADDR_BASE 0xfee00000u
#define MSI_ADDR_DEST_ID_SHIFT 12
#define MSI_ADDR_DEST_ID_MASK 0x000ff000u
/* MSI data: vector in 7:0; delivery mode 10:8 (0 fixed), trigger bit 15 (0 edge). */
#define MSI_DATA_VECTOR_MASK 0xffu

/*
 * The message that makes a device raise vector on the CPU whose APIC id is dest_apic_id: fixed
 * delivery, physical destination, edge. The 8-bit id field reaches APIC ids 0-255 (more needs
 * interrupt remapping, which Pagoda does not do).
 */
static inline void x86_msi_compose(u32 dest_apic_id, unsigned int vector, struct msi_msg *msg)
{
	msg->address_lo = MSI_ADDR_BASE |
			  ((dest_apic_id << MSI_ADDR_DEST_ID_SHIFT) & MSI_ADDR_DEST_ID_MASK);
	msg->address_hi = 0;
	msg->data = vector & MSI_DATA_VECTOR_MASK;
}

/* ------------------------------------------------------------------- kernel side (vector.c) */

/*
 * Allocate nr irqs (consecutive numbers) on a naturally aligned block of vector_block_size(nr)
 * vectors, under chip with flow and chip_data, all masked, edge, hwirq = the vector. Returns
 * the first irq, or a negative errno (-ENOSPC: no vectors or descriptors) with nothing
 * allocated. Call after x86_vector_init().
 */
int x86_vector_alloc_irqs(unsigned int nr, const struct irq_chip *chip, irq_flow_handler_t flow,
			  void *chip_data);
/* Undo x86_vector_alloc_irqs() (handlers freed first). */
void x86_vector_free_irqs(unsigned int irq, unsigned int nr);
/* The IDT vector irq arrives on; 0 when irq has none. */
unsigned int x86_irq_vector(unsigned int irq);

/*
 * The chip of interrupts that only the local APIC sees (its timer, IPIs): nothing to mask at
 * the source, ack = EOI. Flow handle_edge_irq.
 */
extern const struct irq_chip lapic_vector_chip;

/*
 * Register the root handler (set_handle_irq) that maps vector -> irq -> generic_handle_irq and
 * the x86 MSI domain (msi_set_domain). After the local APIC is up.
 */
void x86_vector_init(void);

#endif
