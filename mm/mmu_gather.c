/*
 * TLB batching (mm/mmu_gather.h): one flush per operation, and nothing freed before the flush
 * that makes it unreachable.
 */
#include "mm/mm.h"
#include "mm/mmu_gather.h"
#include "mm/page_alloc.h"

/* Larger than any stride: "nothing gathered yet". */
#define NO_STRIDE 64

static void tlb_reset_range(struct mmu_gather *tlb)
{
	tlb->start = ~0UL;
	tlb->end = 0;
	tlb->stride_shift = NO_STRIDE;
	tlb->freed_tables = false;
}

/* Start a batch for mm. Call tlb_finish_mmu() before anything else changes mm's tables. */
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	INIT_LIST_HEAD(&tlb->tables);
	INIT_LIST_HEAD(&tlb->pages);
	tlb_reset_range(tlb);
}

/* The mm's entries are tagged with its ASID; the arch flushes a loaded one differently. */
static enum tlb_mm_state tlb_mm_state(const struct mm_struct *mm)
{
	return mm == current_mm() ? TLB_MM_ACTIVE : TLB_MM_INACTIVE;
}

/*
 * Flush what was gathered: the range is widened to the stride so that each invalidation hits one
 * leaf (or one freed table's span); the arch code turns a long range into a full user flush.
 */
static void tlb_flush(struct mmu_gather *tlb)
{
	enum tlb_flush_kind kind;
	unsigned long size;

	if (tlb->start >= tlb->end)
		return;
	size = 1UL << tlb->stride_shift;
	kind = tlb->freed_tables ? TLB_FLUSH_WALKS : TLB_FLUSH_LEAVES;
	flush_tlb_user_range(mm_asid(tlb->mm), tlb_mm_state(tlb->mm), ALIGN_DOWN(tlb->start, size),
			     ALIGN_UP(tlb->end, size), tlb->stride_shift, kind);
}

/* Give back what the flush made unreachable: pages first, then table pages. */
static void tlb_free_queued(struct mmu_gather *tlb)
{
	struct page *page, *n;

	list_for_each_entry_safe(page, n, &tlb->pages, lru)
	{
		list_del(&page->lru);
		put_page(page);
	}
	list_for_each_entry_safe(page, n, &tlb->tables, lru)
	{
		list_del(&page->lru);
		pt_free_table(page_to_phys(page));
	}
}

/* Flush the gathered range now, then free what was queued; the batch stays usable. */
void tlb_flush_mmu(struct mmu_gather *tlb)
{
	tlb_flush(tlb);
	tlb_reset_range(tlb);
	tlb_free_queued(tlb);
}

/* End the batch: the one flush, then the frees. */
void tlb_finish_mmu(struct mmu_gather *tlb)
{
	tlb_flush_mmu(tlb);
}

/*
 * Drop the reference of one mapping of page, whose entry the caller cleared (and notes with
 * tlb_flush_range()). A reference that is not the last frees nothing, so it goes at once: the
 * page stays allocated, and Pagoda runs no other code that could reuse it before this
 * operation's flush. The last reference waits for the flush, queued through page->lru (an
 * allocated page's links belong to its owner, and only this mapping owns it now), so a batch
 * never needs to flush early however many pages it frees. A page of a compound page stands for
 * its head: the tails' links hold their head, and the last reference is the head's.
 */
void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	page = compound_head(page);
	if (page_count(page) > 1) {
		put_page(page);
		return;
	}
	list_add(&page->lru, &tlb->pages);
}

/*
 * Queue the table page at table (already unhooked by the caller: its parent entry is clear) to
 * be freed after the flush. addr is the start of the span of 1 << span_shift bytes the table
 * mapped; cached walks through it must be flushed.
 */
void tlb_remove_table(struct mmu_gather *tlb, phys_addr_t table, unsigned long addr,
		      unsigned int span_shift)
{
	struct page *page = phys_to_page(table);

	list_add(&page->lru, &tlb->tables);
	tlb->mm->nr_pgtables--;
	tlb->freed_tables = true;
	tlb_flush_range(tlb, addr, addr + (1UL << span_shift), span_shift);
}

/*
 * Break-before-make (docs/rules.md, R9): the caller has just cleared a valid entry covering
 * [addr, addr + (1 << shift)) that it will replace with one of another size or output. Flush it
 * at once, before the new entry is written. Required on arm64; done on x86 too, where it keeps a
 * split free of the mixed-size TLB entries that page-size changes can leave behind.
 */
void tlb_break_before_make(struct mmu_gather *tlb, unsigned long addr, unsigned int shift)
{
	flush_tlb_user_range(mm_asid(tlb->mm), tlb_mm_state(tlb->mm), addr, addr + (1UL << shift),
			     shift, TLB_FLUSH_LEAVES);
}
