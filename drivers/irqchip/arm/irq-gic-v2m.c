/*
 * GICv2m MSI frame (see gic-v2m.h): each MSI is one of the frame's SPIs, claimed from the GIC
 * edge-triggered (a message is an edge) under a chip that masks, unmasks and ends it as the GIC
 * does and composes {frame + MSI_SETSPI_NS, INTID}. One frame is used: the first in the MADT
 * (QEMU's virt machine has one; Linux spreads devices over several).
 */
#include "drivers/acpi/madt.h"
#include "drivers/irqchip/arm/gic-v2m.h"
#include "drivers/irqchip/arm/gic.h"
#include "irq.h"
#include "mm/ioremap.h"
#include "msi.h"
#include "printk.h"

#include <asm/io.h>

struct v2m_frame {
	phys_addr_t base;
	struct v2m_spis spis;
};

static struct v2m_frame v2m;

static void v2m_compose_msi_msg(struct irq_data *d, struct msi_msg *msg)
{
	const struct v2m_frame *frame = d->chip_data;
	phys_addr_t addr = frame->base + V2M_MSI_SETSPI_NS;

	msg->address_lo = (u32)addr;
	msg->address_hi = (u32)(addr >> 32);
	msg->data = (u32)d->hwirq;
}

static const struct irq_chip v2m_chip = {
	.name = "GICv2m",
	.irq_mask = gic_irq_mask,
	.irq_unmask = gic_irq_unmask,
	.irq_eoi = gic_irq_eoi,
	.irq_compose_msi_msg = v2m_compose_msi_msg,
};

/* Release the SPIs [intid, intid + nr) that were claimed from the GIC. */
static void v2m_release_spis(u32 intid, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		gic_release_spi(intid + i);
}

/*
 * Claim SPIs [intid, intid + nvec) under v2m_chip. The GIC hands out one irq per claim; they
 * must come out consecutive, as the MSI domain promises. Returns the first irq, or a negative
 * errno with nothing claimed (-ENOSPC when the irqs were not consecutive).
 */
static int v2m_claim_spis(u32 intid, unsigned int nvec)
{
	int first = -1;

	for (unsigned int i = 0; i < nvec; i++) {
		int irq = gic_claim_spi(intid + i, IRQ_TYPE_EDGE_RISING, &v2m_chip, &v2m);

		if (irq >= 0 && i == 0)
			first = irq;
		if (irq < 0 || irq != first + (int)i) {
			v2m_release_spis(intid, irq < 0 ? i : i + 1);
			return irq < 0 ? irq : -ENOSPC;
		}
	}
	return first;
}

static int v2m_alloc(u32 dev_id, unsigned int nvec)
{
	int intid = v2m_spis_alloc(&v2m.spis, nvec);
	int irq;

	if (intid < 0)
		return intid;
	irq = v2m_claim_spis(intid, nvec);
	if (irq < 0)
		v2m_spis_free(&v2m.spis, intid, nvec);
	return irq;
}

static void v2m_free(u32 dev_id, unsigned int irq, unsigned int nvec)
{
	struct irq_data *d = irq_get_irq_data(irq);
	u32 intid;

	if (!d || d->chip != &v2m_chip)
		return;
	intid = (u32)d->hwirq;
	v2m_release_spis(intid, nvec);
	v2m_spis_free(&v2m.spis, intid, nvec);
}

static const struct msi_domain v2m_domain = {
	.name = "GICv2m",
	.alloc = v2m_alloc,
	.free = v2m_free,
};

static int v2m_find_frame(const struct acpi_subtable_header *header, void *priv)
{
	*(const struct acpi_madt_generic_msi_frame **)priv =
		(const struct acpi_madt_generic_msi_frame *)header;
	return 1; /* the first one */
}

int gicv2m_init(void)
{
	const struct acpi_madt_generic_msi_frame *madt = NULL;
	u32 base, count;
	void *regs;

	acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_MSI_FRAME, v2m_find_frame, &madt);
	if (!madt)
		return -ENODEV;
	regs = ioremap(madt->base_address, V2M_FRAME_SIZE);
	if (!regs)
		return -ENOMEM;
	if (madt->flags & ACPI_MADT_OVERRIDE_SPI_VALUES) {
		base = madt->spi_base;
		count = madt->spi_count;
	} else {
		u32 typer = readl((char *)regs + V2M_MSI_TYPER);

		base = V2M_MSI_TYPER_BASE(typer);
		count = V2M_MSI_TYPER_NUM_SPI(typer);
	}
	if (v2m_spis_init(&v2m.spis, base, count))
		return -ENODEV;
	v2m.base = madt->base_address;
	msi_set_domain(&v2m_domain);
	printk("GICv2m: frame at %#llx, SPIs %u-%u\n", (unsigned long long)v2m.base, base,
	       base + count - 1);
	return 0;
}
