/*
 * The TLB and barrier operations mm/ needs from the CPU (declarations only: arch/arm64/mm/tlb.c
 * implements them for the kernel, tests/host/host_arch.c records calls on the host). The same
 * names exist on x86_64. FACTS §2.5.
 */
#ifndef PAGODA_ASM_TLBFLUSH_H
#define PAGODA_ASM_TLBFLUSH_H

/* Drop every EL1&0 translation, all ASIDs, inner-shareable domain. */
void flush_tlb_all(void);

/*
 * Drop the translations of [start, end) (page-aligned) for all ASIDs after leaf entries there
 * changed or were removed (TLBI VAALE1IS: last level only). Large ranges fall back to
 * flush_tlb_all().
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/*
 * The same after table entries in [start, end) changed or tables were freed: TLBI VAAE1IS also
 * drops cached intermediate walk entries.
 */
void flush_tlb_kernel_pgtable_range(unsigned long start, unsigned long end);

/*
 * User (lower-half) translations, all of them non-global. Which cached entries a range flush must
 * drop: TLB_FLUSH_LEAVES after leaf entries changed or were removed, TLB_FLUSH_WALKS after table
 * entries were cleared too (tables freed), so cached intermediate walks through them must go.
 */
enum tlb_flush_kind { TLB_FLUSH_LEAVES, TLB_FLUSH_WALKS };

/* Drop every user translation; kernel (global) ones stay. */
void flush_tlb_user_all(void);

/*
 * Drop the user translations of [start, end) after entries there changed. start and end are
 * aligned to 1 << stride_shift (PAGE_SHIFT, PMD_SHIFT or PUD_SHIFT): the range holds no leaf
 * smaller than that, so one invalidation per stride drops every entry. Past an arch ceiling of
 * invalidations this is flush_tlb_user_all().
 */
void flush_tlb_user_range(unsigned long start, unsigned long end, unsigned int stride_shift,
			  enum tlb_flush_kind kind);

/* Publish page-table stores to the table walker: DSB ISHST, then ISB. */
void pgtable_sync(void);

/*
 * Order the stores that initialised a table (its zeroes, or the entries a split filled in) before
 * the store that makes it reachable: DSB ISHST, or the walker of another CPU may follow the new
 * pointer and read the page's stale contents. pXd_populate() (pgalloc.h) issues it.
 */
void pgtable_publish_barrier(void);

#endif
