/* The GIC subtables of the MADT, for one CPU (drivers/acpi/madt_gic.h). */
#include "drivers/acpi/madt_gic.h"
#include "drivers/acpi/madt.h"

#include <errno.h>
#include <string.h>

struct gic_walk {
	u64 mpidr;
	struct acpi_gic_info *out;
};

static int gicd_found(const struct acpi_subtable_header *header, void *priv)
{
	const struct acpi_madt_generic_distributor *d = (const void *)header;
	struct acpi_gic_info *out = ((struct gic_walk *)priv)->out;

	out->dist_base = d->base_address;
	out->version = d->version;
	return 1; /* the first distributor is the machine's */
}

static int gicc_found(const struct acpi_subtable_header *header, void *priv)
{
	const struct acpi_madt_generic_interrupt *c = (const void *)header;
	struct gic_walk *w = priv;

	if (!(c->flags & ACPI_MADT_ENABLED) ||
	    (c->arm_mpidr & MPIDR_HWID_MASK) != (w->mpidr & MPIDR_HWID_MASK))
		return 0;
	w->out->have_gicc = true;
	w->out->cpu_base = c->base_address;
	w->out->gicc_gicr_base = c->gicr_base_address;
	return 1;
}

static int gicr_found(const struct acpi_subtable_header *header, void *priv)
{
	const struct acpi_madt_generic_redistributor *r = (const void *)header;
	struct acpi_gic_info *out = ((struct gic_walk *)priv)->out;

	if (out->nr_gicr == ACPI_GIC_MAX_GICR || !r->base_address || !r->length)
		return 0;
	out->gicr[out->nr_gicr++] = (struct acpi_gic_range){ r->base_address, r->length };
	return 0;
}

static int msi_frame_found(const struct acpi_subtable_header *header, void *priv)
{
	const struct acpi_madt_generic_msi_frame *f = (const void *)header;

	((struct gic_walk *)priv)->out->msi_frame_base = f->base_address;
	return 1;
}

static int its_found(const struct acpi_subtable_header *header, void *priv)
{
	const struct acpi_madt_generic_translator *t = (const void *)header;

	((struct gic_walk *)priv)->out->its_base = t->base_address;
	return 1;
}

int acpi_madt_gic_get(u64 mpidr, struct acpi_gic_info *out)
{
	struct gic_walk w = { mpidr, out };

	memset(out, 0, sizeof(*out));
	if (acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_DISTRIBUTOR, gicd_found, &w) <= 0)
		return -ENOENT;
	acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_INTERRUPT, gicc_found, &w);
	acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_REDISTRIBUTOR, gicr_found, &w);
	acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_MSI_FRAME, msi_frame_found, &w);
	acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_TRANSLATOR, its_found, &w);
	return 0;
}
