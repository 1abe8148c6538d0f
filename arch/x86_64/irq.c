/*
 * The x86_64 interrupt flag (RFLAGS.IF) and idling. Interrupt gates clear IF on entry and iretq
 * restores it, so handlers always run masked.
 */
#include "arch.h"

#define X86_EFLAGS_IF (1UL << 9)

unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	asm volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		asm volatile("sti" : : : "memory");
	else
		asm volatile("cli" : : : "memory");
}

void arch_local_irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}

void arch_local_irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}

bool arch_irqs_disabled(void)
{
	unsigned long flags;

	asm volatile("pushfq; popq %0" : "=r"(flags) : : "memory");
	return !(flags & X86_EFLAGS_IF);
}

void arch_cpu_idle(void)
{
	/* An interrupt pending at sti is taken after hlt, which it then ends: none is lost. */
	asm volatile("sti; hlt; cli" : : : "memory");
}
