/*
 * The arm64 interrupt mask (PSTATE.I; D, A and F are left as they are) and idling. Exception
 * entry sets all of DAIF and eret restores it, so handlers always run masked.
 */
#include "arch.h"

#define PSR_I_BIT (1UL << 7)

unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	asm volatile("mrs %0, daif; msr daifset, #2" : "=r"(flags) : : "memory");
	return flags;
}

void arch_local_irq_restore(unsigned long flags)
{
	asm volatile("msr daif, %0" : : "r"(flags) : "memory");
}

void arch_local_irq_enable(void)
{
	asm volatile("msr daifclr, #2" : : : "memory");
}

void arch_local_irq_disable(void)
{
	asm volatile("msr daifset, #2" : : : "memory");
}

bool arch_irqs_disabled(void)
{
	unsigned long flags;

	asm volatile("mrs %0, daif" : "=r"(flags) : : "memory");
	return flags & PSR_I_BIT;
}

void arch_cpu_idle(void)
{
	/* wfi wakes on a pending interrupt even while PSTATE.I masks it; unmasking takes it. */
	asm volatile("dsb sy; wfi; msr daifclr, #2; isb; msr daifset, #2" : : : "memory");
}
