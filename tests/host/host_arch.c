/* Host stand-ins for the CPU operations mm/ calls (see host_arch.h). */
#include <tlbflush.h>

#include "arch.h"
#include "host_arch.h"
#include "ktime.h"
#include "mm/page_alloc.h"

struct host_arch_calls host_arch_calls;
bool host_arch_pud_leaves = true;
unsigned int host_arch_pa_bits = 48;
void (*host_publish_hook)(void);

bool arch_has_pud_leaves(void)
{
	return host_arch_pud_leaves;
}

unsigned int arch_phys_addr_bits(void)
{
	return host_arch_pa_bits;
}

void flush_tlb_all(void)
{
	host_arch_calls.flush_tlb_all++;
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	host_arch_calls.flush_tlb_kernel_range++;
	host_arch_calls.last_start = start;
	host_arch_calls.last_end = end;
}

void flush_tlb_kernel_pgtable_range(unsigned long start, unsigned long end)
{
	host_arch_calls.flush_tlb_kernel_pgtable_range++;
	host_arch_calls.last_start = start;
	host_arch_calls.last_end = end;
}

static void note_user_flush(unsigned long start, unsigned long end)
{
	host_arch_calls.pgtables_at_user_flush = nr_pgtable_pages();
	host_arch_calls.free_pages_at_user_flush = nr_free_pages();
	if (host_arch_calls.user_flush_hook)
		host_arch_calls.user_flush_hook(start, end);
}

void flush_tlb_user_all(unsigned long asid, enum tlb_mm_state state)
{
	host_arch_calls.flush_tlb_user_all++;
	note_user_flush(0, ~0UL);
}

void flush_tlb_user_range(unsigned long asid, enum tlb_mm_state state, unsigned long start,
			  unsigned long end, unsigned int stride_shift, enum tlb_flush_kind kind)
{
	host_arch_calls.flush_tlb_user_range++;
	host_arch_calls.last_asid = asid;
	host_arch_calls.last_state = state;
	host_arch_calls.last_start = start;
	host_arch_calls.last_end = end;
	host_arch_calls.last_stride_shift = stride_shift;
	host_arch_calls.last_kind = kind;
	note_user_flush(start, end);
}

void pgtable_sync(void)
{
	host_arch_calls.pgtable_sync++;
}

void pgtable_publish_barrier(void)
{
	host_arch_calls.publish_barrier++;
	if (host_publish_hook)
		host_publish_hook();
}

/* The interrupt mask of the simulated CPU: a flag the host tests can read. */
bool host_irqs_masked;
void (*host_idle_hook)(void);

unsigned long arch_local_irq_save(void)
{
	unsigned long old = host_irqs_masked;

	host_irqs_masked = true;
	return old;
}

void arch_local_irq_restore(unsigned long flags)
{
	host_irqs_masked = flags;
}

void arch_local_irq_enable(void)
{
	host_irqs_masked = false;
}

void arch_local_irq_disable(void)
{
	host_irqs_masked = true;
}

bool arch_irqs_disabled(void)
{
	return host_irqs_masked;
}

/* Idling is where interrupts arrive: the test's hook plays the device. */
void arch_cpu_idle(void)
{
	if (host_idle_hook)
		host_idle_hook();
}

/* The arch counter the clock reads before any clocksource registers: the tests advance it. */
u64 host_counter;

u64 arch_counter(void)
{
	return host_counter;
}

u64 arch_counter_hz(void)
{
	return NSEC_PER_SEC;
}
