/*
 * The TLB and barrier operations mm/ needs from the CPU (declarations only: arch/x86_64/mm/tlb.c
 * implements them for the kernel, tests/host/host_arch.c records calls on the host). The same
 * names exist on arm64.
 */
#ifndef PAGODA_ASM_TLBFLUSH_H
#define PAGODA_ASM_TLBFLUSH_H

/* Drop every translation, global (kernel) ones included. */
void flush_tlb_all(void);

/*
 * Drop the translations of [start, end) (page-aligned) after leaf entries there changed or were
 * removed. Large ranges fall back to flush_tlb_all().
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/*
 * The same after table entries in [start, end) changed or tables were freed, so cached walks
 * must go too. On x86 INVLPG already drops all paging-structure caches: same as above.
 */
void flush_tlb_kernel_pgtable_range(unsigned long start, unsigned long end);

/*
 * Publish page-table stores to the MMU before the new entries are used. x86 walks are coherent
 * with stores (only a compiler barrier is needed); still called so mm/ stays arch-neutral.
 */
void pgtable_sync(void);

#endif
