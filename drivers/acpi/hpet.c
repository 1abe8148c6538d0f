/* The "HPET" table: where the first HPET block's registers are. */
#include <errno.h>

#include "drivers/acpi/internal.h"

int acpi_get_hpet(u64 *address)
{
	const struct acpi_table_hpet *hpet = (const void *)acpi_get_table("HPET", 0);

	if (!hpet || hpet->header.length < sizeof(*hpet) ||
	    hpet->address.space_id != ACPI_ADR_SPACE_SYSTEM_MEMORY || !hpet->address.address)
		return -ENOENT;
	*address = hpet->address.address;
	return 0;
}
