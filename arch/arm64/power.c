/*
 * Stopping the machine: halt this CPU, or power off through PSCI SYSTEM_OFF with the conduit
 * (HVC or SMC) the FADT's ARM_BOOT_ARCH flags name.
 */
#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "printk.h"

#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008UL /* PSCI 0.2+, SMC32 function ID */

enum psci_conduit { PSCI_CONDUIT_NONE, PSCI_CONDUIT_HVC, PSCI_CONDUIT_SMC };

void arch_halt(void)
{
	asm volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		asm volatile("wfi");
}

/* The FADT says whether the platform implements PSCI and whether its firmware is behind HVC. */
static enum psci_conduit psci_conduit(void)
{
	struct acpi_poweroff pm;

	if (acpi_get_poweroff(&pm) || !(pm.arm_boot_arch & ACPI_FADT_PSCI_COMPLIANT))
		return PSCI_CONDUIT_NONE;
	return pm.arm_boot_arch & ACPI_FADT_PSCI_USE_HVC ? PSCI_CONDUIT_HVC : PSCI_CONDUIT_SMC;
}

/* SMC Calling Convention 1.0 lets the callee change x1-x17 (x0 is the result). */
#define SMCCC_CLOBBERS                                                                      \
	"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", \
		"x15", "x16", "x17", "memory"

/* A PSCI call without arguments: function ID in x0, result in x0. */
static long psci_call(enum psci_conduit conduit, unsigned long fn)
{
	register unsigned long x0 asm("x0") = fn;

	if (conduit == PSCI_CONDUIT_HVC)
		asm volatile("hvc #0" : "+r"(x0) : : SMCCC_CLOBBERS);
	else
		asm volatile("smc #0" : "+r"(x0) : : SMCCC_CLOBBERS);
	return (long)x0;
}

void arch_poweroff(void)
{
	enum psci_conduit conduit = psci_conduit();
	long ret;

	if (conduit == PSCI_CONDUIT_NONE) {
		printk("poweroff: the FADT names no PSCI firmware; halting\n");
		arch_halt();
	}
	ret = psci_call(conduit, PSCI_0_2_FN_SYSTEM_OFF);
	printk("poweroff: PSCI SYSTEM_OFF through %s returned %ld; halting\n",
	       conduit == PSCI_CONDUIT_HVC ? "HVC" : "SMC", ret);
	arch_halt();
}
