/*
 * Stopping the CPU, and firmware calls through HVC or SMC (PSCI SYSTEM_OFF among them: which
 * conduit to use is the FADT's to say, drivers/acpi/sleep.c).
 */
#include "arch.h"

void arch_halt(void)
{
	asm volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		asm volatile("wfi");
}

/* SMC Calling Convention 1.0 lets the callee change x1-x17 (x0 is the result). */
#define SMCCC_CLOBBERS                                                                             \
	"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",   \
		"x15", "x16", "x17", "memory"

int arch_smccc_call(enum arm_smccc_conduit conduit, unsigned long fn, long *ret)
{
	register unsigned long x0 asm("x0") = fn;

	if (conduit == SMCCC_CONDUIT_HVC)
		asm volatile("hvc #0" : "+r"(x0) : : SMCCC_CLOBBERS);
	else
		asm volatile("smc #0" : "+r"(x0) : : SMCCC_CLOBBERS);
	*ret = (long)x0;
	return 0;
}
