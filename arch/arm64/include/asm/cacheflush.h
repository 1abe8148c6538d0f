/*
 * Data cache maintenance to the point of coherency, for memory that a device reads or writes
 * without snooping the CPU's caches (a GIC ITS whose table accesses are non-shareable).
 */
#ifndef PAGODA_ASM_CACHEFLUSH_H
#define PAGODA_ASM_CACHEFLUSH_H

#include <asm/sysreg.h>

#include "types.h"

/* CTR_EL0.DminLine [19:16]: log2 of the smallest data cache line, in 4-byte words. */
#define CTR_DMINLINE(ctr) (((ctr) >> 16) & 0xf)

/*
 * Clean and invalidate [start, end) of the data cache to the point of coherency (Linux
 * dcache_clean_inval_poc): what the CPU wrote reaches memory, and no stale or dirty line stays
 * behind to hide or overwrite what the device writes there later. Complete when it returns.
 */
static inline void dcache_clean_inval_poc(unsigned long start, unsigned long end)
{
	unsigned long line = 4UL << CTR_DMINLINE(read_sysreg(ctr_el0));

	for (unsigned long a = start & ~(line - 1); a < end; a += line)
		asm volatile("dc civac, %0" : : "r"(a) : "memory");
	asm volatile("dsb sy" : : : "memory");
}

#endif
