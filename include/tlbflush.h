/*
 * The TLB and barrier operations mm/ needs from the CPU, the same on every arch (declarations
 * only: arch/<arch>/mm/tlb.c implements them for the kernel and says what each costs there,
 * tests/host/host_arch.c records calls on the host).
 */
#ifndef PAGODA_TLBFLUSH_H
#define PAGODA_TLBFLUSH_H

/* Drop every translation, global (kernel) ones and those of every address space included. */
void flush_tlb_all(void);

/*
 * Drop the translations of [start, end) (page-aligned) after leaf entries there changed or were
 * removed. Large ranges fall back to flush_tlb_all().
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/*
 * The same after table entries in [start, end) changed or tables were freed, so cached walks
 * must go too.
 */
void flush_tlb_kernel_pgtable_range(unsigned long start, unsigned long end);

/*
 * User (lower-half) translations, all of them non-global. Which cached entries a range flush must
 * drop: TLB_FLUSH_LEAVES after leaf entries changed or were removed, TLB_FLUSH_WALKS after table
 * entries were cleared too (tables freed), so cached intermediate walks through them must go.
 */
enum tlb_flush_kind { TLB_FLUSH_LEAVES, TLB_FLUSH_WALKS };

/*
 * Whose user translations a flush drops: those of the address space loaded on this CPU now
 * (TLB_MM_ACTIVE), or those of another one (TLB_MM_INACTIVE). Both are tagged with the address
 * space's ASID (arm64) or PCID (x86); see each arch's tlb.c for what an inactive flush does.
 */
enum tlb_mm_state { TLB_MM_ACTIVE, TLB_MM_INACTIVE };

/* Drop every user translation tagged with asid; kernel (global) ones stay. */
void flush_tlb_user_all(unsigned long asid, enum tlb_mm_state state);

/*
 * Drop the user translations of [start, end) tagged with asid after entries there changed. start
 * and end are aligned to 1 << stride_shift (PAGE_SHIFT, PMD_SHIFT or PUD_SHIFT): the range holds
 * no leaf smaller than that, so one invalidation per stride drops every entry. Past an arch
 * ceiling of invalidations this is flush_tlb_user_all().
 */
void flush_tlb_user_range(unsigned long asid, enum tlb_mm_state state, unsigned long start,
			  unsigned long end, unsigned int stride_shift, enum tlb_flush_kind kind);

/*
 * Publish page-table stores to the MMU before the new entries are used (a CPU whose table walks
 * are coherent with its stores needs only a compiler barrier; still called so mm/ stays
 * arch-neutral).
 */
void pgtable_sync(void);

/*
 * Order the stores that initialised a table (its zeroes, or the entries a split filled in) before
 * the store that makes it reachable, or a table walker (of another CPU, or a speculative one) may
 * follow the new pointer and read the page's stale contents. arm64: DSB ISHST; x86 keeps stores
 * in program order for the walker too, so only the compiler must not reorder them.
 * pXd_populate() (pgalloc.h) issues it.
 */
void pgtable_publish_barrier(void);

#endif
