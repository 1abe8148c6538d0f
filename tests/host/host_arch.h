/*
 * Host stand-ins for the CPU operations of <asm/tlbflush.h>: nothing to execute on the build
 * machine, so each call is counted (and the last range kept) for tests to check.
 */
#ifndef PAGODA_HOST_ARCH_H
#define PAGODA_HOST_ARCH_H

struct host_arch_calls {
	unsigned long flush_tlb_all;
	unsigned long flush_tlb_kernel_range;
	unsigned long flush_tlb_kernel_pgtable_range;
	unsigned long pgtable_sync;
	unsigned long last_start, last_end; /* of the latest range flush */
};

extern struct host_arch_calls host_arch_calls;

#endif
