/*
 * MCFG: the PCIe ECAM windows (docs/hardware.md#acpi-mcfg; QEMU's in #acpi-qemus-tables).
 */
#include <errno.h>

#include "drivers/acpi/internal.h"

static bool acpi_mcfg_entry_valid(const struct acpi_mcfg_allocation *a)
{
	return a->address && a->start_bus_number <= a->end_bus_number;
}

int acpi_mcfg_get(unsigned int i, struct acpi_mcfg_entry *out)
{
	const struct acpi_table_mcfg *mcfg = (const void *)acpi_get_table("MCFG", 0);
	const struct acpi_mcfg_allocation *a;
	size_t k, n;

	if (!mcfg || mcfg->header.length < sizeof(*mcfg))
		return -ENOENT;
	/* A trailing partial entry is not an entry. */
	n = (mcfg->header.length - sizeof(*mcfg)) / sizeof(*a);
	for (k = 0; k < n; k++) {
		a = &mcfg->allocation[k];
		if (!acpi_mcfg_entry_valid(a))
			continue;
		if (i == 0) {
			out->address = a->address;
			out->segment = a->pci_segment;
			out->start_bus = a->start_bus_number;
			out->end_bus = a->end_bus_number;
			return 0;
		}
		i--;
	}
	return -ENOENT;
}
