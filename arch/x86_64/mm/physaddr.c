/* The CPU's physical address width (arch.h), from CPUID. */
#include <asm/cpuid.h>

#include "arch.h"

/* CPUs without the leaf (none that runs 64-bit code, in practice) have 36 bits. */
unsigned int arch_phys_addr_bits(void)
{
	u32 a, b, c, d;

	if (cpuid_max_ext_leaf() < CPUID_ADDR_SIZES)
		return 36;
	cpuid(CPUID_ADDR_SIZES, 0, &a, &b, &c, &d);
	return a & 0xff;
}
