/* arm64 TLB maintenance and the page-table publish barrier (FACTS §2.5). Kernel only. */
#include <asm/tlbflush.h>

#include "pgtable-geometry.h"

/* Beyond this many pages one full flush costs less than a TLBI each (Linux MAX_DVM_OPS). */
#define TLBI_CEILING PTRS_PER_TABLE

/* TLBI operand: VA[55:12] in bits [43:0]; the ASID field is ignored by the all-ASID forms. */
static inline unsigned long tlbi_vaddr(unsigned long va)
{
	return (va >> PAGE_SHIFT) & GENMASK(43, 0);
}

/*
 * DSB ISHST makes the entry stores visible before the invalidation, DSB ISH waits for it to
 * complete on every CPU, ISB makes this CPU's next fetches use the result.
 */
void flush_tlb_all(void)
{
	asm volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" : : : "memory");
}

/* One TLBI op per page of [start, end), bracketed as in flush_tlb_all(). */
#define TLBI_RANGE(op, start, end)                                                                 \
	do {                                                                                       \
		unsigned long pages_ = ((end) - (start)) >> PAGE_SHIFT;                            \
		unsigned long first_ = tlbi_vaddr(start);                                          \
                                                                                                   \
		if (pages_ > TLBI_CEILING) {                                                       \
			flush_tlb_all();                                                           \
			break;                                                                     \
		}                                                                                  \
		asm volatile("dsb ishst" : : : "memory");                                          \
		for (unsigned long i_ = 0; i_ < pages_; i_++)                                      \
			asm volatile("tlbi " #op ", %0" : : "r"(first_ + i_) : "memory");          \
		asm volatile("dsb ish\n\tisb" : : : "memory");                                     \
	} while (0)

/* Leaf entries only: VAALE1IS keeps cached intermediate walks. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	TLBI_RANGE(vaale1is, start, end);
}

/* Tables changed or freed: VAAE1IS drops cached walks through them as well. */
void flush_tlb_kernel_pgtable_range(unsigned long start, unsigned long end)
{
	TLBI_RANGE(vaae1is, start, end);
}

/* The walker must see the stores (DSB ISHST) before this CPU's next accesses (ISB). */
void pgtable_sync(void)
{
	asm volatile("dsb ishst\n\tisb" : : : "memory");
}
