/*
 * The TLB and barrier operations mm/ needs from the CPU (declarations only: arch/arm64/mm/tlb.c
 * implements them for the kernel, tests/host/host_arch.c records calls on the host). The same
 * names exist on x86_64. See docs/hardware.md#arm64-tlb-maintenance.
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

/* Publish page-table stores to the table walker: DSB ISHST, then ISB. */
void pgtable_sync(void);

#endif
