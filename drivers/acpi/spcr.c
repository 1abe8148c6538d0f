/*
 * SPCR: the firmware's serial console (docs/hardware.md#acpi-spcr; Linux drivers/acpi/spcr.c for
 * the codes).
 */
#include <errno.h>

#include "drivers/acpi/internal.h"

/* Bits per second for an SPCR baud code; 0 for "as configured" and for codes we do not know. */
static u32 acpi_spcr_baud(u8 code)
{
	switch (code) {
	case 3:
		return 9600;
	case 4:
		return 19200;
	case 6:
		return 57600;
	case 7:
		return 115200;
	default:
		return 0;
	}
}

int acpi_spcr_get(struct acpi_spcr_info *out)
{
	const struct acpi_table_spcr *spcr = (const void *)acpi_get_table("SPCR", 0);

	if (!spcr || spcr->header.length < sizeof(*spcr))
		return -ENOENT;
	out->interface_type = spcr->interface_type;
	out->serial_port = spcr->serial_port;
	out->interrupt_type = spcr->interrupt_type;
	out->pc_interrupt = spcr->pc_interrupt;
	out->gsi = spcr->interrupt;
	out->baud_code = spcr->baud_rate;
	out->baud_rate = acpi_spcr_baud(spcr->baud_rate);
	return 0;
}
