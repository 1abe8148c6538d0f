/* arm64 TLB maintenance, publish barrier; kernel only (docs/hardware.md#arm64-tlb-maintenance). */
#include <tlbflush.h>

#include "pgtable-geometry.h"

/* Beyond this many pages one full flush costs less than a TLBI each (Linux MAX_DVM_OPS). */
#define TLBI_CEILING PTRS_PER_TABLE

/*
 * TLBI operand: VA[55:12] in bits [43:0], the ASID in bits [63:48] (the all-ASID forms ignore
 * it).
 */
#define TLBI_ASID_SHIFT 48

static inline unsigned long tlbi_operand(unsigned long va, unsigned long asid)
{
	return (va >> PAGE_SHIFT & GENMASK(43, 0)) | asid << TLBI_ASID_SHIFT;
}

/*
 * DSB ISHST makes the entry stores visible before the invalidation, DSB ISH waits for it to
 * complete on every CPU, ISB makes this CPU's next fetches use the result.
 */
void flush_tlb_all(void)
{
	asm volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" : : : "memory");
}

/*
 * One TLBI op per 1 << shift bytes of [start, end) with asid in the operand, bracketed as in
 * flush_tlb_all(); past TLBI_CEILING ops, full instead.
 */
#define TLBI_RANGE(op, asid, start, end, shift, full)                                              \
	do {                                                                                       \
		unsigned long n_ = ((end) - (start)) >> (shift);                                   \
		unsigned long first_ = tlbi_operand(start, asid);                                  \
		unsigned long step_ = 1UL << ((shift)-PAGE_SHIFT);                                 \
                                                                                                   \
		if (n_ > TLBI_CEILING) {                                                           \
			full;                                                                      \
			break;                                                                     \
		}                                                                                  \
		asm volatile("dsb ishst" : : : "memory");                                          \
		for (unsigned long i_ = 0; i_ < n_; i_++)                                          \
			asm volatile("tlbi " #op ", %0" : : "r"(first_ + i_ * step_) : "memory");  \
		asm volatile("dsb ish\n\tisb" : : : "memory");                                     \
	} while (0)

/* Leaf entries only: VAALE1IS keeps cached intermediate walks. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	TLBI_RANGE(vaale1is, 0, start, end, PAGE_SHIFT, flush_tlb_all());
}

/* Tables changed or freed: VAAE1IS drops cached walks through them as well. */
void flush_tlb_kernel_pgtable_range(unsigned long start, unsigned long end)
{
	TLBI_RANGE(vaae1is, 0, start, end, PAGE_SHIFT, flush_tlb_all());
}

/*
 * ASIDE1IS drops the non-global entries of one ASID (Xt[63:48]), no kernel one. TLBIs name the
 * ASID, so an inactive address space is flushed exactly as the active one.
 */
void flush_tlb_user_all(unsigned long asid, enum tlb_mm_state state)
{
	asm volatile("dsb ishst\n\ttlbi aside1is, %0\n\tdsb ish\n\tisb"
		     :
		     : "r"(asid << TLBI_ASID_SHIFT)
		     : "memory");
}

/*
 * TLBI by VA drops whatever entry translates that VA, blocks included, so one op per stride is
 * enough. VALE1IS (last level) keeps cached walks; VAE1IS drops them too, for freed tables.
 */
void flush_tlb_user_range(unsigned long asid, enum tlb_mm_state state, unsigned long start,
			  unsigned long end, unsigned int stride_shift, enum tlb_flush_kind kind)
{
	if (kind == TLB_FLUSH_WALKS)
		TLBI_RANGE(vae1is, asid, start, end, stride_shift, flush_tlb_user_all(asid, state));
	else
		TLBI_RANGE(vale1is, asid, start, end, stride_shift,
			   flush_tlb_user_all(asid, state));
}

/* The walker must see the stores (DSB ISHST) before this CPU's next accesses (ISB). */
void pgtable_sync(void)
{
	asm volatile("dsb ishst\n\tisb" : : : "memory");
}

/* Stores only: the walker must see the initialised table before the pointer to it. */
void pgtable_publish_barrier(void)
{
	asm volatile("dsb ishst" : : : "memory");
}
