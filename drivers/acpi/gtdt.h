/*
 * The GTDT ("GTDT" table): the Arm generic timers' interrupts (PPIs, as GSIs) and how they
 * trigger. Layout from the ACPI spec (Linux names from include/acpi/actbl3.h). Hostable.
 */
#ifndef PAGODA_DRIVERS_ACPI_GTDT_H
#define PAGODA_DRIVERS_ACPI_GTDT_H

#include "types.h"

/* Timer flags (each *_flags field). */
#define ACPI_GTDT_INTERRUPT_MODE BIT(0)	    /* 1: edge, 0: level */
#define ACPI_GTDT_INTERRUPT_POLARITY BIT(1) /* 1: active low, 0: active high */
#define ACPI_GTDT_ALWAYS_ON BIT(2)	    /* keeps counting in every power state */

struct acpi_gtdt_timer {
	u32 gsiv;	   /* the timer's PPI as a GSI (16-31); 0: not described */
	unsigned int type; /* IRQ_TYPE_* from the flags */
	bool always_on;
};

struct acpi_gtdt_info {
	struct acpi_gtdt_timer el1_phys; /* non-secure EL1 physical timer (CNTP) */
	struct acpi_gtdt_timer el1_virt; /* EL1 virtual timer (CNTV) */
	struct acpi_gtdt_timer el2_phys; /* non-secure EL2 physical timer (CNTHP) */
	struct acpi_gtdt_timer el2_virt; /* EL2 virtual timer (CNTHV; GTDT revision 3 and up) */
};

/*
 * Decode the GTDT's per-CPU timers. Returns 0, or -ENOENT when there is no valid GTDT or it is
 * shorter than the ACPI 5.1 layout (out untouched). Platform timers (GT blocks, watchdogs) are
 * not read.
 */
int acpi_gtdt_get(struct acpi_gtdt_info *out);

#endif
