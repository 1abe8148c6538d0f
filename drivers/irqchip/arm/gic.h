/*
 * The Arm Generic Interrupt Controller (GICv2 and GICv3), as the rest of the kernel sees it: the
 * MSI frames (GICv2m, the GICv3 ITS) wrap GIC interrupts in their own chips, and the tests raise
 * and mask interrupts with no device behind them.
 *
 * INTIDs: 0-15 SGIs (software generated, per CPU), 16-31 PPIs (per CPU: timers), 32-1019 SPIs
 * (shared: devices, GICv2m), 1020-1023 special (1023: nothing pending), 8192 up LPIs (GICv3
 * only: message based, through the ITS). An ACPI GSI is the INTID (GSI 33 = SPI 1 = INTID 33).
 * Every interrupt this driver delivers is Group 1 on GICv3 (Group 0 where a GICv2 has no
 * security extensions, which signals IRQ there too), at one priority, to the boot CPU.
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_ARM_GIC_H
#define PAGODA_DRIVERS_IRQCHIP_ARM_GIC_H

#include "irq.h"
#include "types.h"

#define GIC_NR_SGIS 16
#define GIC_FIRST_PPI 16
#define GIC_FIRST_SPI 32
#define GIC_MAX_INTID 1019 /* the last SPI */
#define GIC_INTID_SPURIOUS 1023
#define GIC_FIRST_LPI 8192
#define GIC_NR_LPIS 1024 /* LPIs 8192..9215 can be claimed (sizes an ITS property table) */

/*
 * Allocate an irq for SPI intid (32..1019) under chip (NULL: the GIC's own chip) with chip_data,
 * trigger type (IRQ_TYPE_EDGE_RISING or IRQ_TYPE_LEVEL_HIGH; NONE keeps the current one) and the
 * fasteoi flow; from then on the GIC's root decoder delivers that INTID to it. The SPI is
 * routed to this CPU and stays masked until request_irq(). Returns the irq; -EINVAL for an
 * INTID out of range or past the distributor's lines, or a type the GIC cannot do; -EBUSY when
 * the INTID is already claimed; -ENOSPC when no descriptor is free; -ENODEV before
 * irqchip_init() found a GIC. Nothing is changed on failure.
 */
int gic_claim_spi(u32 intid, unsigned int type, const struct irq_chip *chip, void *chip_data);
/* Mask the SPI and free its irq (its handler must have been freed). Unclaimed: no-op. */
void gic_release_spi(u32 intid);

/*
 * GICv3 only: the same for LPI intid (GIC_FIRST_LPI..+GIC_NR_LPIS-1) under chip (required: an
 * LPI is masked and unmasked through the ITS's property table, which its owner programs), with
 * the fasteoi flow (the chip's irq_eoi may be gic_irq_eoi). Returns the irq; -EINVAL (range, no
 * chip), -EBUSY, -ENOSPC, or -ENODEV on GICv2. Nothing is changed on failure.
 */
int gic_v3_claim_lpi(u32 intid, const struct irq_chip *chip, void *chip_data);
void gic_v3_release_lpi(u32 intid);

/*
 * The GIC's own chip operations on d->hwirq (an SGI, PPI or SPI INTID; eoi also takes an LPI),
 * for chips that wrap them (GICv2m).
 */
void gic_irq_mask(struct irq_data *d);
void gic_irq_unmask(struct irq_data *d);
void gic_irq_eoi(struct irq_data *d);

/*
 * GICv3: this CPU's redistributor (its RD_base frame, mapped; the SGI_base frame follows at
 * +64 KiB) and its GICR_TYPER, for LPI setup: PROPBASER, PENDBASER and EnableLPIs belong to the
 * ITS driver. NULL and 0 on GICv2 or before irqchip_init().
 */
void *gic_v3_rdist_base(void);
u64 gic_v3_rdist_typer(void);

/* Which GIC the kernel drives: 2 or 3 (a GICv4 is driven as a 3), 0 before irqchip_init(). */
unsigned int gic_version(void);

/* ----------------------------------------------------------------------- for the tests */

/*
 * Allocate an irq for SGI intid (0..15) on this CPU with the GIC's chip (SGIs are always edge).
 * Returns the irq, or the errors of gic_claim_spi().
 */
int gic_claim_sgi(u32 intid);
void gic_release_sgi(u32 intid);
/* Raise SGI intid (0..15) on this CPU only (GICv2 GICD_SGIR, GICv3 ICC_SGI1R_EL1). */
void gic_send_sgi_self(u32 intid);
/*
 * Make an SGI, PPI or SPI pending as if its source had fired (GICD_ISPENDR; GICR_ISPENDR0 for a
 * GICv3 SGI or PPI): a masked one is delivered once unmasked. -EINVAL out of range or before
 * irqchip_init().
 */
int gic_set_pending(u32 intid);

#endif
