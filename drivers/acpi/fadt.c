/*
 * FADT: what powering off needs (PM1 control blocks, HW-reduced flag, PSCI boot flags), the
 * legacy PC devices (IAPC_BOOT_ARCH), the PM timer and the RTC's century byte.
 */
#include <errno.h>

#include "drivers/acpi/internal.h"

/*
 * A PM1 control block: the extended GAS x when the FADT has it (x != NULL) with a non-zero
 * address, else the 32-bit I/O port (0: absent) as a system I/O GAS of port_len bytes.
 */
static struct acpi_generic_address acpi_pm1_cnt_block(const struct acpi_generic_address *x,
						      u32 port, u8 port_len)
{
	struct acpi_generic_address gas = { 0 };

	if (x && x->address)
		return *x;
	if (port) {
		gas.space_id = ACPI_ADR_SPACE_SYSTEM_IO;
		gas.bit_width = port_len * 8;
		gas.address = port;
	}
	return gas;
}

int acpi_get_poweroff(struct acpi_poweroff *out)
{
	const struct acpi_table_fadt *fadt = (const void *)acpi_get_table("FACP", 0);

	/* Every FADT since ACPI 1.0 reaches Flags (116 bytes); a shorter one is corrupt. */
	if (!fadt || !FADT_HAS(fadt, flags))
		return -ENOENT;
	out->pm1a_cnt = acpi_pm1_cnt_block(
		FADT_HAS(fadt, xpm1a_control_block) ? &fadt->xpm1a_control_block : NULL,
		fadt->pm1a_control_block, fadt->pm1_control_length);
	out->pm1b_cnt = acpi_pm1_cnt_block(
		FADT_HAS(fadt, xpm1b_control_block) ? &fadt->xpm1b_control_block : NULL,
		fadt->pm1b_control_block, fadt->pm1_control_length);
	out->smi_cmd = fadt->smi_command;
	out->acpi_enable = fadt->acpi_enable;
	out->flags = fadt->flags;
	out->arm_boot_arch = FADT_HAS(fadt, arm_boot_flags) ? fadt->arm_boot_flags : 0;
	out->have_s5 = !acpi_get_s5_sleep_type(&out->slp_typ_a, &out->slp_typ_b);
	if (!out->have_s5)
		out->slp_typ_a = out->slp_typ_b = 0;
	return 0;
}

/* The first FADT revision whose IAPC_BOOT_ARCH is defined (ACPI 2.0). */
#define ACPI_FADT_IAPC_BOOT_ARCH_REVISION 2

int acpi_get_iapc_boot_arch(u16 *flags)
{
	const struct acpi_table_fadt *fadt = (const void *)acpi_get_table("FACP", 0);

	if (!fadt || fadt->header.revision < ACPI_FADT_IAPC_BOOT_ARCH_REVISION ||
	    !FADT_HAS(fadt, boot_flags))
		return -ENOENT;
	*flags = fadt->boot_flags;
	return 0;
}

/* PM_TMR_LEN of a FADT that has the 32-bit PM_TMR_BLK port. */
#define ACPI_PM_TIMER_LEN 4

int acpi_get_pm_timer(struct acpi_generic_address *blk, unsigned int *bits)
{
	const struct acpi_table_fadt *fadt = (const void *)acpi_get_table("FACP", 0);
	struct acpi_generic_address gas = { 0 };

	if (!fadt || !FADT_HAS(fadt, flags))
		return -ENOENT;
	if (FADT_HAS(fadt, xpm_timer_block) && fadt->xpm_timer_block.address) {
		gas = fadt->xpm_timer_block;
	} else if (fadt->pm_timer_block && fadt->pm_timer_length == ACPI_PM_TIMER_LEN) {
		gas.space_id = ACPI_ADR_SPACE_SYSTEM_IO;
		gas.bit_width = 32;
		gas.address = fadt->pm_timer_block;
	} else {
		return -ENOENT;
	}
	*blk = gas;
	*bits = fadt->flags & ACPI_FADT_32BIT_TIMER ? 32 : 24;
	return 0;
}

int acpi_get_rtc_century(u8 *index)
{
	const struct acpi_table_fadt *fadt = (const void *)acpi_get_table("FACP", 0);

	if (!fadt || !FADT_HAS(fadt, flags))
		return -ENOENT;
	*index = fadt->century;
	return 0;
}
