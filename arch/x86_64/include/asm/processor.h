/*
 * x86_64 control registers and MSRs: bit names (Linux's processor-flags.h / msr-index.h spelling;
 * what Pagoda sets: docs/hardware.md#x86_64-control-registers) and the single-instruction
 * accessors the arch code is built from. CPUID is in <asm/cpuid.h>.
 */
#ifndef PAGODA_ASM_PROCESSOR_H
#define PAGODA_ASM_PROCESSOR_H

#include "types.h"

#define X86_CR0_WP BIT(16) /* supervisor writes honour read-only entries */
#define X86_CR0_NW BIT(29)
#define X86_CR0_CD BIT(30)

#define X86_CR3_ADDR_MASK GENMASK(51, 12) /* physical address of the root table */
#define X86_CR3_PCID_MASK GENMASK(11, 0)  /* the PCID, with CR4.PCIDE */
#define X86_CR3_NOFLUSH BIT(63)		  /* on a write with CR4.PCIDE: keep the PCID's entries */

#define X86_CR4_PGE BIT(7)    /* global pages; toggling it flushes every TLB entry */
#define X86_CR4_PCIDE BIT(17) /* process-context identifiers: CR3[11:0] tag TLB entries */

#define MSR_EFER 0xc0000080
#define EFER_NX BIT(11) /* bit 63 of entries is XD instead of reserved */
#define MSR_IA32_CR_PAT 0x277

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (u64)hi << 32 | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((u32)val), "d"((u32)(val >> 32)) : "memory");
}

/*
 * Control-register accessors. The "memory" clobbers keep the compiler from moving memory
 * accesses across a change of paging or caching mode.
 */
static inline unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v) : : "memory");
	return v;
}

static inline void write_cr0(unsigned long v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

/* CR2 holds the linear address of the last page fault. */
static inline unsigned long read_cr2(void)
{
	unsigned long v;

	asm volatile("mov %%cr2, %0" : "=r"(v) : : "memory");
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	asm volatile("mov %%cr3, %0" : "=r"(v) : : "memory");
	return v;
}

static inline void write_cr3(unsigned long v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v) : : "memory");
	return v;
}

static inline void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

static inline void wbinvd(void)
{
	asm volatile("wbinvd" : : : "memory");
}

#endif
