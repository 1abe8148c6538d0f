/*
 * What the GICv2 and GICv3 drivers share (irq-gic-common.c): the distributor registers both
 * have at the same offsets, the controller state, and the version-specific operations. The
 * banked registers of INTIDs 0-31 are in the distributor on GICv2 and in each CPU's
 * redistributor SGI_base frame on GICv3, at the same offsets; gic.sgi_base points at them.
 * Register names as in Linux's include/linux/irqchip/arm-gic*.h; layouts from the GIC
 * architecture specifications (IHI 0048 for v2, IHI 0069 for v3).
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_ARM_GIC_INTERNAL_H
#define PAGODA_DRIVERS_IRQCHIP_ARM_GIC_INTERNAL_H

#include "drivers/acpi/madt_gic.h"
#include "drivers/irqchip/arm/gic.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00

#define GICD_TYPER_IT_LINES(typer) ((typer)&0x1f) /* INTIDs = 32 * (n + 1) */
#define GICD_ICFGR_EDGE 2			  /* of each 2-bit field: 1 edge, 0 level */

/* ArchRev, bits 7:4 of GICD_PIDR2: 1 or 2 for a GICv1/v2, 3 or 4 for a GICv3/v4. */
#define GICD_V2_PIDR2 0x0fe8
#define GICD_V3_PIDR2 0xffe8
#define GIC_PIDR2_ARCH(pidr2) (((pidr2) >> 4) & 0xf)
#define GIC_DIST_SIZE 0x10000 /* the GICv3 distributor; a GICv2 one uses the first 4 KiB */

/*
 * One priority for everything (Linux's GICD_INT_DEF_PRI) under a mask that lets it through;
 * both fit the 16 levels every GIC implements, also when a secure GIC shifts the non-secure view.
 */
#define GIC_DEF_PRIORITY 0xa0
#define GIC_DEF_PMR 0xf0

/* The version-specific parts of taking and ending an interrupt. */
struct gic_ops {
	/* Acknowledge the highest pending interrupt; its INTID (1020-1023: none). */
	u32 (*ack)(void);
	/* End intid, which ack returned. */
	void (*eoi)(u32 intid);
	void (*send_sgi_self)(u32 intid);
	/* Wait until a disable of intid has reached the hardware; NULL where writes are synchronous. */
	void (*rwp_wait)(u32 intid);
	/* Route SPI intid to this CPU. */
	void (*route_spi)(u32 intid);
};

struct gic_data {
	unsigned int version; /* 0 until a driver was set up */
	void *dist;
	void *sgi_base;	 /* the banked registers of INTIDs 0-31 */
	u32 nr_lines;	 /* INTIDs the distributor implements (SGIs and PPIs included) */
	void *cpu_base;	 /* GICv2 CPU interface */
	void *rdist;	 /* GICv3 RD_base of this CPU */
	u64 rdist_typer; /* GICv3 GICR_TYPER of this CPU */
	const struct gic_ops *ops;
};

extern struct gic_data gic;

/* The distributor's implemented INTIDs from GICD_TYPER (at most 1020). */
u32 gic_dist_lines(void *dist);

/*
 * Program the interrupts 0-31 (banked, at base) or 32-nr_lines (distributor) alike: group (the
 * delivered one), disabled, not pending or active, the default priority; SPIs level-triggered.
 * group is the value for each IGROUPR word (0 or all ones).
 */
void gic_config_banked(void *base, u32 group);
void gic_config_spis(void *dist, u32 nr_lines, u32 group);

/* Set up the GICv2 / GICv3 described by info with the distributor mapped at dist. 0 or -errno. */
int gic_v2_init(const struct acpi_gic_info *info, void *dist);
int gic_v3_init(const struct acpi_gic_info *info, void *dist);

/* The boot CPU's MPIDR_EL1. */
u64 gic_read_mpidr(void);

#endif
