/* Host stand-ins for the CPU operations mm/ calls (see host_arch.h). */
#include <asm/tlbflush.h>

#include "arch.h"
#include "host_arch.h"

struct host_arch_calls host_arch_calls;
bool host_arch_pud_leaves = true;

bool arch_has_pud_leaves(void)
{
	return host_arch_pud_leaves;
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

void pgtable_sync(void)
{
	host_arch_calls.pgtable_sync++;
}
