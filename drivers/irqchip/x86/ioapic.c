/*
 * The I/O APICs (ioapic.h): each one's registers behind an index/data pair (IOREGSEL at 0x00,
 * IOWIN at 0x10), every pin masked at start, pins given a vector and an irq when a driver maps
 * their GSI. Level pins run handle_fasteoi_irq: the local APIC's EOI is broadcast to the I/O
 * APICs, which clears the RTE's Remote IRR so the line can fire again. Edge pins run
 * handle_edge_irq with EOI as the ack.
 */
#include <errno.h>

#include <asm/io.h>

#include "drivers/irqchip/x86/apic.h"
#include "drivers/irqchip/x86/ioapic.h"
#include "drivers/irqchip/x86/vector.h"
#include "irqflags.h"
#include "mm/ioremap.h"

#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_VERSION_MAX_REDIR(v) (((v) >> 16) & 0xff)
#define IOAPIC_REG_RTE(pin) (0x10 + 2 * (pin))
#define NO_IRQ (-1)

struct ioapic_hw {
	void *regs;
	int pin_irq[IOAPIC_MAX_PINS]; /* NO_IRQ until the pin's GSI is mapped */
};

static struct ioapic_topology topology;
static struct ioapic_hw ioapic_hw[MAX_IO_APICS];

static u32 io_read(const struct ioapic_hw *hw, unsigned int reg)
{
	writel(reg, (u8 *)hw->regs + IOAPIC_IOREGSEL);
	return readl((u8 *)hw->regs + IOAPIC_IOWIN);
}

static void io_write(const struct ioapic_hw *hw, unsigned int reg, u32 val)
{
	writel(reg, (u8 *)hw->regs + IOAPIC_IOREGSEL);
	writel(val, (u8 *)hw->regs + IOAPIC_IOWIN);
}

/* High half first: the low half holds the mask, so the entry is never live half-written. */
static void rte_write(const struct ioapic_hw *hw, unsigned int pin, u64 rte)
{
	io_write(hw, IOAPIC_REG_RTE(pin) + 1, (u32)(rte >> 32));
	io_write(hw, IOAPIC_REG_RTE(pin), (u32)rte);
}

static u32 rte_read_low(const struct ioapic_hw *hw, unsigned int pin)
{
	return io_read(hw, IOAPIC_REG_RTE(pin));
}

int ioapic_read_rte(u32 gsi, u64 *rte)
{
	unsigned int pin;
	int i = ioapic_topology_find(&topology, gsi, &pin);

	if (i < 0)
		return i;
	*rte = (u64)io_read(&ioapic_hw[i], IOAPIC_REG_RTE(pin) + 1) << 32 |
	       rte_read_low(&ioapic_hw[i], pin);
	return 0;
}

const struct ioapic_topology *ioapic_get_topology(void)
{
	return &topology;
}

/* The I/O APIC and pin of an irq this file mapped (hwirq is its GSI). */
static struct ioapic_hw *irq_pin(const struct irq_data *d, unsigned int *pin)
{
	int i = ioapic_topology_find(&topology, (u32)d->hwirq, pin);

	return i < 0 ? NULL : &ioapic_hw[i];
}

static void ioapic_set_mask(struct irq_data *d, enum ioapic_mask mask)
{
	unsigned int pin;
	struct ioapic_hw *hw = irq_pin(d, &pin);
	u32 low;

	if (!hw)
		return;
	low = rte_read_low(hw, pin);
	low = mask == IOAPIC_MASKED ? low | IOAPIC_RTE_MASKED : low & ~IOAPIC_RTE_MASKED;
	io_write(hw, IOAPIC_REG_RTE(pin), low);
}

static void ioapic_mask(struct irq_data *d)
{
	ioapic_set_mask(d, IOAPIC_MASKED);
}

static void ioapic_unmask(struct irq_data *d)
{
	ioapic_set_mask(d, IOAPIC_UNMASKED);
}

static void ioapic_apic_eoi(struct irq_data *d)
{
	apic_eoi();
}

static int ioapic_set_type(struct irq_data *d, unsigned int type);

static const struct irq_chip ioapic_chip = {
	.name = "IO-APIC",
	.irq_mask = ioapic_mask,
	.irq_unmask = ioapic_unmask,
	.irq_ack = ioapic_apic_eoi,
	.irq_eoi = ioapic_apic_eoi,
	.irq_set_type = ioapic_set_type,
};

static irq_flow_handler_t flow_for(unsigned int type)
{
	return type & IRQ_TYPE_LEVEL_MASK ? handle_fasteoi_irq : handle_edge_irq;
}

/* Reprogram polarity and trigger, keeping the mask, and switch to the trigger's flow. */
static int ioapic_set_type(struct irq_data *d, unsigned int type)
{
	unsigned int pin;
	struct ioapic_hw *hw = irq_pin(d, &pin);
	enum ioapic_mask mask;
	u64 rte;

	if (!hw)
		return -EINVAL;
	mask = rte_read_low(hw, pin) & IOAPIC_RTE_MASKED ? IOAPIC_MASKED : IOAPIC_UNMASKED;
	if (ioapic_rte_encode(x86_irq_vector(d->irq), apic_id(), type, mask, &rte))
		return -EINVAL;
	rte_write(hw, pin, rte);
	return irq_set_chip_and_handler(d->irq, &ioapic_chip, flow_for(type), d->hwirq,
					d->chip_data);
}

/* An irq for gsi with trigger type: the pin's existing one (type updated) or a new one. */
static int ioapic_map_gsi(u32 gsi, unsigned int type)
{
	unsigned int pin;
	int i = ioapic_topology_find(&topology, gsi, &pin);
	struct ioapic_hw *hw;
	unsigned long flags;
	int irq, err;

	if (i < 0)
		return i;
	if (type == IRQ_TYPE_NONE || type == IRQ_TYPE_EDGE_BOTH)
		return -EINVAL;
	hw = &ioapic_hw[i];
	local_irq_save(flags);
	irq = hw->pin_irq[pin];
	if (irq == NO_IRQ) {
		irq = x86_vector_alloc_irqs(1, &ioapic_chip, flow_for(type), hw);
		if (irq >= 0) {
			irq_get_irq_data(irq)->hwirq = gsi;
			hw->pin_irq[pin] = irq;
		}
	}
	err = irq < 0 ? irq : irq_set_irq_type(irq, type);
	local_irq_restore(flags);
	return err ? err : irq;
}

static int ioapic_map_isa(unsigned int isa)
{
	unsigned int type;
	u32 gsi;
	int err = ioapic_isa_route(&topology, isa, &gsi, &type);

	return err ? err : ioapic_map_gsi(gsi, type);
}

static const struct irq_gsi_domain ioapic_gsi_domain = {
	.name = "IO-APIC",
	.map_gsi = ioapic_map_gsi,
	.map_isa = ioapic_map_isa,
};

static int madt_ioapic(const struct acpi_subtable_header *h, void *priv)
{
	ioapic_topology_add_ioapic(&topology, (const struct acpi_madt_io_apic *)h);
	return 0;
}

static int madt_override(const struct acpi_subtable_header *h, void *priv)
{
	ioapic_topology_add_override(&topology, (const struct acpi_madt_interrupt_override *)h);
	return 0;
}

/* Map one I/O APIC, count its pins and mask them all. */
static int ioapic_probe(struct ioapic *io, struct ioapic_hw *hw)
{
	hw->regs = ioremap(io->address, PAGE_SIZE);
	if (!hw->regs)
		return -ENOMEM;
	io->pins = IOAPIC_VERSION_MAX_REDIR(io_read(hw, IOAPIC_REG_VERSION)) + 1;
	for (unsigned int pin = 0; pin < io->pins; pin++) {
		rte_write(hw, pin, IOAPIC_RTE_MASKED);
		hw->pin_irq[pin] = NO_IRQ;
	}
	return 0;
}

int ioapic_init(void)
{
	int err = 0;

	ioapic_topology_init(&topology);
	acpi_table_parse_madt(ACPI_MADT_TYPE_IO_APIC, madt_ioapic, NULL);
	acpi_table_parse_madt(ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, madt_override, NULL);
	for (unsigned int i = 0; i < topology.nr_ioapics; i++) {
		err = ioapic_probe(&topology.ioapic[i], &ioapic_hw[i]);
		if (err) {
			topology.nr_ioapics = i; /* the ones before stay usable */
			break;
		}
	}
	if (!topology.nr_ioapics)
		return err;
	irq_set_gsi_domain(&ioapic_gsi_domain);
	return (int)topology.nr_ioapics;
}
