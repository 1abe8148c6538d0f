/*
 * The GIC driver's common part: finding the GIC in the MADT, the INTID -> irq table the root
 * decoder looks up, the GIC's irq_chip (mask, unmask, trigger through the distributor or the
 * banked registers) and the GSI domain. The version-specific parts are irq-gic.c (GICv2: memory
 * mapped CPU interface) and irq-gic-v3.c (redistributors, system-register CPU interface).
 */
#include "drivers/irqchip/arm/gic-internal.h"
#include "drivers/irqchip/arm/gic-v2m.h"
#include "drivers/irqchip/arm/gic-v3-its.h"
#include "drivers/acpi/madt.h"
#include "drivers/irqchip/irqchip.h"

#include "irqflags.h"
#include "mm/ioremap.h"
#include "printk.h"

#include <errno.h>

#include <asm/io.h>
#include <asm/sysreg.h>

struct gic_data gic;

/* irq + 1 of each claimed SGI/PPI/SPI and LPI; 0: unclaimed. */
static unsigned int intid_irq[GIC_MAX_INTID + 1];
static unsigned int lpi_irq[GIC_NR_LPIS];

u64 gic_read_mpidr(void)
{
	return read_sysreg(mpidr_el1);
}

u32 gic_dist_lines(void *dist)
{
	u32 lines = 32 * (GICD_TYPER_IT_LINES(readl((char *)dist + GICD_TYPER)) + 1);

	return lines > GIC_MAX_INTID + 1 ? GIC_MAX_INTID + 1 : lines;
}

static void gic_write_all(void *base, unsigned int reg, u32 first, u32 end, u32 val)
{
	for (u32 i = first; i < end; i += 32)
		writel(val, (char *)base + reg + i / 8);
}

static void gic_write_priorities(void *base, u32 first, u32 end)
{
	for (u32 i = first; i < end; i += 4)
		writel(GIC_DEF_PRIORITY * 0x01010101U, (char *)base + GICD_IPRIORITYR + i);
}

static void gic_config_range(void *base, u32 first, u32 end, u32 group)
{
	gic_write_all(base, GICD_IGROUPR, first, end, group);
	gic_write_all(base, GICD_ICENABLER, first, end, ~0U);
	gic_write_all(base, GICD_ICPENDR, first, end, ~0U);
	gic_write_all(base, GICD_ICACTIVER, first, end, ~0U);
	gic_write_priorities(base, first, end);
}

void gic_config_banked(void *base, u32 group)
{
	gic_config_range(base, 0, GIC_FIRST_SPI, group);
}

void gic_config_spis(void *dist, u32 nr_lines, u32 group)
{
	gic_config_range(dist, GIC_FIRST_SPI, nr_lines, group);
	for (u32 i = GIC_FIRST_SPI; i < nr_lines; i += 16)
		writel(0, (char *)dist + GICD_ICFGR + i / 4); /* level */
}

/* Where intid's enable, pending, priority and trigger bits live. */
static char *gic_base_of(u32 intid)
{
	return intid < GIC_FIRST_SPI ? gic.sgi_base : gic.dist;
}

/* Write intid's bit in the set/clear register array at reg. */
static void gic_poke(u32 intid, unsigned int reg)
{
	writel(BIT(intid % 32), gic_base_of(intid) + reg + (intid / 32) * 4);
}

void gic_irq_mask(struct irq_data *d)
{
	gic_poke(d->hwirq, GICD_ICENABLER);
	if (gic.ops->rwp_wait)
		gic.ops->rwp_wait(d->hwirq);
}

void gic_irq_unmask(struct irq_data *d)
{
	gic_poke(d->hwirq, GICD_ISENABLER);
}

void gic_irq_eoi(struct irq_data *d)
{
	gic.ops->eoi(d->hwirq);
}

/*
 * Program intid's trigger: edge or level (the GIC has no polarity; an SPI must be active-high or
 * rising, as Linux requires, while PPIs take what the firmware tables say). Changing it needs
 * the interrupt disabled, so it is re-enabled after when it was. -EINVAL for a type the
 * interrupt cannot have (SGIs are edge only; a GICv2 may fix PPIs), with nothing changed.
 */
static int gic_configure(u32 intid, unsigned int type)
{
	bool edge = type & IRQ_TYPE_EDGE_BOTH;
	char *cfg = gic_base_of(intid) + GICD_ICFGR + (intid / 16) * 4;
	u32 bit = GICD_ICFGR_EDGE << 2 * (intid % 16);
	char *enable = gic_base_of(intid) + GICD_ISENABLER + (intid / 32) * 4;
	bool was_enabled;
	unsigned long flags;
	u32 old, val;
	int err = 0;

	if (intid >= GIC_FIRST_SPI && type != IRQ_TYPE_LEVEL_HIGH && type != IRQ_TYPE_EDGE_RISING)
		return -EINVAL;
	if (intid < GIC_NR_SGIS)
		return edge ? 0 : -EINVAL;
	local_irq_save(flags);
	old = readl(cfg);
	val = edge ? old | bit : old & ~bit;
	if (val != old) {
		was_enabled = readl(enable) & BIT(intid % 32);
		gic_poke(intid, GICD_ICENABLER);
		if (gic.ops->rwp_wait)
			gic.ops->rwp_wait(intid);
		writel(val, cfg);
		if (readl(cfg) != val) {
			writel(old, cfg);
			err = -EINVAL;
		}
		if (was_enabled)
			gic_poke(intid, GICD_ISENABLER);
	}
	local_irq_restore(flags);
	return err;
}

static int gic_irq_set_type(struct irq_data *d, unsigned int type)
{
	return gic_configure(d->hwirq, type);
}

static struct irq_chip gic_chip = {
	.irq_mask = gic_irq_mask,
	.irq_unmask = gic_irq_unmask,
	.irq_eoi = gic_irq_eoi,
	.irq_set_type = gic_irq_set_type,
};

/* The trigger intid has now, as an IRQ_TYPE_*. */
static unsigned int gic_current_type(u32 intid)
{
	u32 cfg = readl(gic_base_of(intid) + GICD_ICFGR + (intid / 16) * 4);

	return cfg & GICD_ICFGR_EDGE << 2 * (intid % 16) ? IRQ_TYPE_EDGE_RISING :
							   IRQ_TYPE_LEVEL_HIGH;
}

/*
 * Give slot (an intid_irq or lpi_irq entry) an irq with chip and the fasteoi flow for hwirq.
 * Returns the irq or -EBUSY / -ENOSPC with nothing changed.
 */
static int gic_claim_slot(unsigned int *slot, u32 hwirq, const struct irq_chip *chip,
			  void *chip_data)
{
	int irq;

	if (*slot)
		return -EBUSY;
	irq = irq_alloc_descs(1);
	if (irq < 0)
		return irq;
	irq_set_chip_and_handler(irq, chip, handle_fasteoi_irq, hwirq, chip_data);
	*slot = irq + 1;
	return irq;
}

static void gic_release_slot(unsigned int *slot)
{
	if (!*slot)
		return;
	irq_free_descs(*slot - 1, 1);
	*slot = 0;
}

/* Claim an SGI, PPI or SPI: the common part of gic_claim_spi() and gic_claim_sgi(). */
static int gic_claim(u32 intid, unsigned int type, const struct irq_chip *chip, void *chip_data)
{
	int irq, err;

	if (!gic.version)
		return -ENODEV;
	if (intid >= gic.nr_lines)
		return -EINVAL;
	irq = gic_claim_slot(&intid_irq[intid], intid, chip ? chip : &gic_chip, chip_data);
	if (irq < 0)
		return irq;
	gic_poke(intid, GICD_ICENABLER); /* masked until request_irq() */
	if (type != IRQ_TYPE_NONE) {
		err = gic_configure(intid, type);
		if (err) {
			gic_release_slot(&intid_irq[intid]);
			return err;
		}
	}
	if (intid >= GIC_FIRST_SPI)
		gic.ops->route_spi(intid);
	irq_get_irq_data(irq)->type = gic_current_type(intid);
	return irq;
}

static void gic_release(u32 intid)
{
	if (!gic.version || intid >= gic.nr_lines || !intid_irq[intid])
		return;
	gic_poke(intid, GICD_ICENABLER);
	gic_release_slot(&intid_irq[intid]);
}

int gic_claim_spi(u32 intid, unsigned int type, const struct irq_chip *chip, void *chip_data)
{
	if (intid < GIC_FIRST_SPI || intid > GIC_MAX_INTID)
		return -EINVAL;
	return gic_claim(intid, type, chip, chip_data);
}

void gic_release_spi(u32 intid)
{
	if (intid >= GIC_FIRST_SPI)
		gic_release(intid);
}

int gic_claim_sgi(u32 intid)
{
	if (intid >= GIC_NR_SGIS)
		return -EINVAL;
	return gic_claim(intid, IRQ_TYPE_EDGE_RISING, NULL, NULL);
}

void gic_release_sgi(u32 intid)
{
	if (intid < GIC_NR_SGIS)
		gic_release(intid);
}

int gic_v3_claim_lpi(u32 intid, const struct irq_chip *chip, void *chip_data)
{
	if (gic.version != 3)
		return -ENODEV;
	if (intid < GIC_FIRST_LPI || intid >= GIC_FIRST_LPI + GIC_NR_LPIS || !chip)
		return -EINVAL;
	return gic_claim_slot(&lpi_irq[intid - GIC_FIRST_LPI], intid, chip, chip_data);
}

void gic_v3_release_lpi(u32 intid)
{
	if (intid >= GIC_FIRST_LPI && intid < GIC_FIRST_LPI + GIC_NR_LPIS)
		gic_release_slot(&lpi_irq[intid - GIC_FIRST_LPI]);
}

void gic_send_sgi_self(u32 intid)
{
	if (gic.version && intid < GIC_NR_SGIS)
		gic.ops->send_sgi_self(intid);
}

int gic_set_pending(u32 intid)
{
	if (!gic.version || intid >= gic.nr_lines)
		return -EINVAL;
	gic_poke(intid, GICD_ISPENDR);
	return 0;
}

void *gic_v3_rdist_base(void)
{
	return gic.version == 3 ? gic.rdist : NULL;
}

u64 gic_v3_rdist_typer(void)
{
	return gic.version == 3 ? gic.rdist_typer : 0;
}

unsigned int gic_version(void)
{
	return gic.version;
}

/* irq + 1 for intid, 0 when nobody claimed it. */
static unsigned int gic_lookup(u32 intid)
{
	if (intid <= GIC_MAX_INTID)
		return intid_irq[intid];
	if (intid >= GIC_FIRST_LPI && intid < GIC_FIRST_LPI + GIC_NR_LPIS)
		return lpi_irq[intid - GIC_FIRST_LPI];
	return 0;
}

/*
 * The root decoder: take interrupts until the CPU interface has none left. An INTID nobody
 * claimed is counted and ended at once (left active it would block its priority forever); a
 * read of 1020-1023 with nothing handled yet is a spurious exception.
 */
static void gic_handle_irq(struct pt_regs *regs, unsigned long vector)
{
	bool handled = false;

	for (;;) {
		u32 intid = gic.ops->ack();
		unsigned int slot;

		if (intid > GIC_MAX_INTID && intid < GIC_FIRST_LPI)
			break;
		handled = true;
		slot = gic_lookup(intid);
		if (slot) {
			generic_handle_irq(slot - 1);
			continue;
		}
		irq_count_spurious();
		gic.ops->eoi(intid);
	}
	if (!handled)
		irq_count_spurious();
}

/* GSI 16-31: this CPU's PPIs; 32 up: SPIs. A GSI mapped before gets the same irq again. */
static int gic_map_gsi(u32 gsi, unsigned int type)
{
	unsigned int slot;
	int irq;

	if (gsi < GIC_FIRST_PPI || gsi >= gic.nr_lines)
		return -EINVAL;
	slot = intid_irq[gsi];
	if (!slot)
		return gic_claim(gsi, type, NULL, NULL);
	irq = slot - 1;
	if (type != IRQ_TYPE_NONE && irq_set_irq_type(irq, type))
		return -EINVAL;
	return irq;
}

static const struct irq_gsi_domain gic_gsi_domain = {
	.name = "GIC",
	.map_gsi = gic_map_gsi,
};

/*
 * The GIC version: the MADT's, or for "none" the distributor's ArchRev, read at the GICv2
 * offset first (a GICv2 distributor may be only 4 KiB long). 0 when neither says 2 or 3.
 */
static unsigned int gic_probe_version(const struct acpi_gic_info *info, void *dist)
{
	u32 arch;

	switch (info->version) {
	case ACPI_MADT_GIC_VERSION_V1:
	case ACPI_MADT_GIC_VERSION_V2:
		return 2;
	case ACPI_MADT_GIC_VERSION_V3:
	case ACPI_MADT_GIC_VERSION_V4:
		return 3;
	case ACPI_MADT_GIC_VERSION_NONE:
		arch = GIC_PIDR2_ARCH(readl((char *)dist + GICD_V2_PIDR2));
		if (arch == 1 || arch == 2)
			return 2;
		arch = GIC_PIDR2_ARCH(readl((char *)dist + GICD_V3_PIDR2));
		if (arch == 3 || arch == 4)
			return 3;
	}
	return 0;
}

int irqchip_init(void)
{
	struct acpi_gic_info info;
	unsigned int version;
	void *dist;
	int err;

	err = acpi_madt_gic_get(gic_read_mpidr(), &info);
	if (err)
		return err;
	dist = ioremap(info.dist_base, GIC_DIST_SIZE);
	if (!dist)
		return -ENOMEM;
	version = gic_probe_version(&info, dist);
	if (version == 2)
		err = gic_v2_init(&info, dist);
	else if (version == 3)
		err = gic_v3_init(&info, dist);
	else
		err = -ENODEV;
	if (err)
		return err;
	gic.version = version;
	gic_chip.name = version == 2 ? "GICv2" : "GICv3";
	set_handle_irq(gic_handle_irq);
	irq_set_gsi_domain(&gic_gsi_domain);
	/* the MSI frames, each optional; registered last, the ITS wins over a GICv2m frame */
	gicv2m_init();
	its_init();
	return 0;
}
