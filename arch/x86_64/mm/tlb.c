/*
 * x86_64 TLB maintenance and the page-table publish barrier (docs/hardware.md#x86_64-tlb).
 * Kernel only.
 *
 * User flushes and PCIDs. INVLPG and a CR3 reload act on the current PCID only, so an address
 * space that is not loaded (TLB_MM_INACTIVE) cannot be flushed that way. The rule (Linux's): its
 * PCID is marked stale instead, and the next switch to it loads CR3 without the no-flush bit,
 * which drops every entry of that PCID before any can be used; until then no entry of an unloaded
 * PCID is ever used, so the pages and tables the flush covered may be freed at once. Without
 * PCIDs every CR3 write drops all non-global entries, so an inactive address space has nothing
 * to flush at all.
 */
#include <asm/pcid.h>
#include <asm/processor.h>
#include <tlbflush.h>

#include "types.h"

#define NR_PCIDS 4096

static u64 stale_pcids[NR_PCIDS / 64];

/*
 * Beyond this many pages one full flush costs less than an INVLPG each (Linux's default
 * tlb_single_page_flush_ceiling).
 */
#define INVLPG_CEILING 33

/*
 * A CR4 write that changes PGE drops every TLB entry, global ones included; a CR3 reload would
 * keep the kernel's global mappings. Nothing else writes CR4 while this runs (no interrupt
 * handler changes it), so the two writes need no interrupt masking.
 */
void flush_tlb_all(void)
{
	unsigned long cr4 = read_cr4();

	write_cr4(cr4 ^ X86_CR4_PGE);
	write_cr4(cr4);
}

/* INVLPG drops the page's entries whatever their size, global ones too. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	unsigned long pages = (end - start) >> PAGE_SHIFT;

	if (pages > INVLPG_CEILING) {
		flush_tlb_all();
		return;
	}
	for (unsigned long i = 0; i < pages; i++)
		asm volatile("invlpg (%0)" : : "r"(start + i * PAGE_SIZE) : "memory");
}

/* INVLPG also drops every paging-structure cache entry, so nothing more is needed. */
void flush_tlb_kernel_pgtable_range(unsigned long start, unsigned long end)
{
	flush_tlb_kernel_range(start, end);
}

static bool pcids_enabled(void)
{
	return read_cr4() & X86_CR4_PCIDE;
}

bool pcid_test_and_clear_stale(unsigned long pcid)
{
	u64 bit = 1ULL << (pcid % 64);
	bool stale = stale_pcids[pcid / 64] & bit;

	stale_pcids[pcid / 64] &= ~bit;
	return stale;
}

/* An inactive address space: see the rule at the top. */
static void flush_tlb_inactive(unsigned long pcid)
{
	if (pcids_enabled())
		stale_pcids[pcid / 64] |= 1ULL << (pcid % 64);
}

/*
 * Reloading CR3 (bit 63 clear) drops every non-global TLB entry and paging-structure cache entry
 * of the current PCID; user mappings are never global (vm_get_page_prot), the kernel's are, so
 * they stay.
 */
void flush_tlb_user_all(unsigned long asid, enum tlb_mm_state state)
{
	if (state == TLB_MM_INACTIVE)
		flush_tlb_inactive(asid);
	else
		write_cr3(read_cr3());
}

/*
 * INVLPG (current PCID) of any address inside a leaf drops that leaf whatever its size, and
 * every paging-structure cache entry as well, so kind needs nothing more here.
 */
void flush_tlb_user_range(unsigned long asid, enum tlb_mm_state state, unsigned long start,
			  unsigned long end, unsigned int stride_shift, enum tlb_flush_kind kind)
{
	unsigned long n = (end - start) >> stride_shift;

	if (state == TLB_MM_INACTIVE || n > INVLPG_CEILING) {
		flush_tlb_user_all(asid, state);
		return;
	}
	for (unsigned long i = 0; i < n; i++)
		asm volatile("invlpg (%0)" : : "r"(start + (i << stride_shift)) : "memory");
}

/* Page walks see stores in program order: only keep the compiler from sinking them. */
void pgtable_sync(void)
{
	asm volatile("" : : : "memory");
}

/* Stores reach the page walker in program order: only keep the compiler from reordering them. */
void pgtable_publish_barrier(void)
{
	asm volatile("" : : : "memory");
}
