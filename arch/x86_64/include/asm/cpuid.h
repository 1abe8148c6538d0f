/* CPUID access, shared by the loader and the kernel. */
#ifndef PAGODA_ASM_CPUID_H
#define PAGODA_ASM_CPUID_H

#include "types.h"

#define CPUID_FEATURES 1u
#define CPUID_ECX_PCID BIT(17) /* process-context identifiers */
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EXT_EDX_PDPE1GB BIT(26) /* 1 GiB pages */
#define CPUID_ADDR_SIZES 0x80000008u  /* EAX[7:0]: physical address bits */

static inline void cpuid(u32 leaf, u32 subleaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(subleaf));
}

static inline u32 cpuid_max_ext_leaf(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000u, 0, &a, &b, &c, &d);
	return a;
}

/* Can PDPTEs map 1 GiB pages? (QEMU TCG accepts them anyway: docs/hardware.md#x86_64-cpuid.) */
static inline bool cpu_has_gbpages(void)
{
	u32 a, b, c, d;

	if (cpuid_max_ext_leaf() < CPUID_EXT_FEATURES)
		return false;
	cpuid(CPUID_EXT_FEATURES, 0, &a, &b, &c, &d);
	return d & CPUID_EXT_EDX_PDPE1GB;
}

/* Can CR3 tag TLB entries with a PCID (CR4.PCIDE)? */
static inline bool cpu_has_pcid(void)
{
	u32 a, b, c, d;

	cpuid(CPUID_FEATURES, 0, &a, &b, &c, &d);
	return c & CPUID_ECX_PCID;
}

#endif
