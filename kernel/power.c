/* Power-off: ACPI decides how (drivers/acpi/sleep.c); the CPU halts when that fails. */
#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "printk.h"
#include "reboot.h"

void kernel_power_off(void)
{
	int err = acpi_power_off();

	printk("poweroff: failed (%d); halting\n", err);
	arch_halt();
}
