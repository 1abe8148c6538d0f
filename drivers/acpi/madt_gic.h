/*
 * The GIC as the MADT describes it to one CPU: the distributor (GICD subtable), this CPU's
 * interface (the GICC whose MPIDR matches), the GICv3 redistributor discovery ranges (GICR
 * subtables) and the first MSI frame (GICv2m) and ITS, for the boot line. Hostable.
 */
#ifndef PAGODA_DRIVERS_ACPI_MADT_GIC_H
#define PAGODA_DRIVERS_ACPI_MADT_GIC_H

#include "types.h"

/* The MPIDR_EL1 bits that name a CPU (Aff3 39:32, Aff2 23:16, Aff1 15:8, Aff0 7:0). */
#define MPIDR_HWID_MASK 0xff00ffffffULL

#define ACPI_GIC_MAX_GICR 4 /* redistributor ranges remembered; more are ignored */

struct acpi_gic_range {
	u64 base;
	u32 length;
};

struct acpi_gic_info {
	u64 dist_base;
	u8 version;	    /* ACPI_MADT_GIC_VERSION_*; NONE: ask the distributor (GICD_PIDR2) */
	bool have_gicc;	    /* an enabled GICC subtable names this CPU */
	u64 cpu_base;	    /* GICv2 CPU interface of this CPU (GICC base_address) */
	u64 gicc_gicr_base; /* GICv3 redistributor of this CPU per its GICC; 0: use the ranges */
	unsigned int nr_gicr;
	struct acpi_gic_range gicr[ACPI_GIC_MAX_GICR];
	u64 msi_frame_base; /* first GICv2m frame; 0: none */
	u64 its_base;	    /* first ITS; 0: none */
};

/*
 * Fill *out from the MADT for the CPU whose MPIDR_EL1 is mpidr (only MPIDR_HWID_MASK bits
 * compared). The first GICD counts. Returns 0; -ENOENT without a valid MADT or without a GICD
 * (out is then zeroed). A missing GICC is not an error here: have_gicc says it.
 */
int acpi_madt_gic_get(u64 mpidr, struct acpi_gic_info *out);

#endif
