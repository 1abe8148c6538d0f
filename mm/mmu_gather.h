/*
 * TLB batching for one operation on an address space (Linux struct mmu_gather): entries are
 * cleared first, the range they covered is gathered, and the pages and page tables they pointed
 * to are queued; tlb_finish_mmu() then issues one flush and only after it frees what was queued
 * (docs/rules.md, R8). The zap and free ladders (mm/unmap.c) feed it.
 *
 *	struct mmu_gather tlb;
 *
 *	tlb_gather_mmu(&tlb, mm);
 *	unmap_vma_range(&tlb, vma, start, end);
 *	free_pgtables(&tlb, mm, floor, ceiling);
 *	tlb_finish_mmu(&tlb);
 */
#ifndef PAGODA_MM_MMU_GATHER_H
#define PAGODA_MM_MMU_GATHER_H

#include <list.h>
#include <tlbflush.h>

#include "mm/mm_types.h"

struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;  /* gathered range to flush; start >= end: nothing */
	unsigned int stride_shift; /* log2 of the smallest leaf or table span cleared */
	bool freed_tables;	   /* table entries cleared: cached walks must go too */
	struct list_head tables;   /* table pages to free after the flush, linked by lru */
	struct list_head pages;	   /* last references to drop after the flush, linked by lru */
};

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_flush_mmu(struct mmu_gather *tlb);
void tlb_finish_mmu(struct mmu_gather *tlb);
void tlb_remove_page(struct mmu_gather *tlb, struct page *page);
void tlb_remove_table(struct mmu_gather *tlb, phys_addr_t table, unsigned long addr,
		      unsigned int span_shift);
void tlb_break_before_make(struct mmu_gather *tlb, unsigned long addr, unsigned int shift);

/*
 * Note that the leaves of [addr, end), each 1 << shift bytes, were cleared or changed: the range
 * widens to cover it and the flush stride shrinks to the leaf size if it is smaller. Cheap
 * enough to call once per loop of a zap ladder (never per entry).
 */
static inline void tlb_flush_range(struct mmu_gather *tlb, unsigned long addr, unsigned long end,
				   unsigned int shift)
{
	if (addr < tlb->start)
		tlb->start = addr;
	if (end > tlb->end)
		tlb->end = end;
	if (shift < tlb->stride_shift)
		tlb->stride_shift = shift;
}

#endif
