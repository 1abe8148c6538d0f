/*
 * Stopping the CPU, and the firmware-call primitive x86 lacks. Powering off is ACPI's business
 * (drivers/acpi/sleep.c), through port I/O (arch/x86_64/ioport.c).
 */
#include <errno.h>

#include "arch.h"

void arch_halt(void)
{
	for (;;)
		asm volatile("cli; hlt" : : : "memory");
}

/* Firmware on a PC is reached through ACPI tables and I/O ports, never through HVC or SMC. */
int arch_smccc_call(enum arm_smccc_conduit conduit, unsigned long fn, long *ret)
{
	return -EOPNOTSUPP;
}
