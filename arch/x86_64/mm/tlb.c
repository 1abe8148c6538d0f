/* x86_64 TLB maintenance and the page-table publish barrier (FACTS §1.4). Kernel only. */
#include <asm/processor.h>
#include <asm/tlbflush.h>

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

/*
 * Reloading CR3 drops every non-global TLB entry and every paging-structure cache entry; user
 * mappings are never global (vm_get_page_prot), the kernel's are, so they stay.
 */
void flush_tlb_user_all(void)
{
	write_cr3(read_cr3());
}

/*
 * INVLPG of any address inside a leaf drops that leaf whatever its size, and every
 * paging-structure cache entry as well, so kind needs nothing more here.
 */
void flush_tlb_user_range(unsigned long start, unsigned long end, unsigned int stride_shift,
			  enum tlb_flush_kind kind)
{
	unsigned long n = (end - start) >> stride_shift;

	if (n > INVLPG_CEILING) {
		flush_tlb_user_all();
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
