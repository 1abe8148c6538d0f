/*
 * mprotect on the real MMU: the probes below go through the CPU's translation (and its TLB), so
 * a permission that was not changed, or a TLB entry that was not flushed, shows up as an access
 * that should fault and does not, or the other way round. Private anonymous memory loses and
 * regains write; the 1 GiB of physical memory around a 4 MiB block of RAM, mapped as a pfnmap with
 * a PUD leaf (2 MiB leaves where the CPU has no PUD leaves), goes PROT_NONE, read-only and back,
 * and a cut through the leaf splits it. The counts of the 1 GiB change are printed.
 */
#include <errno.h>

#include "arch.h"
#include "ktest.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mprotect.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable_check.h"
#include "mm/vma.h"
#include "printk.h"

#define RW (VM_READ | VM_WRITE | VM_USER)
#define NR_PAGES 16

static void check_tables(struct mm_struct *mm)
{
	struct pgtable_check_report rep;

	if (pgtable_check(mm, &rep))
		printk("# checker: %s at %#lx\n", rep.first_error, rep.first_addr);
	KCHECK_EQ(rep.nr_errors, 0);
}

static volatile u64 *word(unsigned long va, unsigned long page)
{
	return (volatile u64 *)(va + page * PAGE_SIZE);
}

KTEST(mm, mprotect_read_only_then_back)
{
	unsigned long free_before = nr_free_pages(), va;
	struct mm_struct *mm = mm_create();

	KCHECK(mm);
	if (!mm)
		return;
	KCHECK_EQ(mm_mmap_anon(mm, 0, NR_PAGES * PAGE_SIZE, RW, &va), 0);
	switch_mm(mm);
	/* Written first, so that writable translations are in the TLB when they lose write. */
	for (unsigned long i = 0; i < NR_PAGES; i++)
		*word(va, i) = 0x6d70726f74000000UL + i;
	KCHECK_EQ(mm_mprotect(mm, va + 4 * PAGE_SIZE, 4 * PAGE_SIZE, PROT_READ), 0);
	KCHECK_EQ(probe_write((void *)word(va, 4)), -EFAULT);
	KCHECK_EQ(probe_write((void *)word(va, 7)), -EFAULT);
	KCHECK_EQ(probe_read((const void *)word(va, 4)), 0);
	KCHECK_EQ(*word(va, 5), 0x6d70726f74000000UL + 5);
	KCHECK_EQ(probe_write((void *)word(va, 3)), 0);
	KCHECK_EQ(probe_write((void *)word(va, 8)), 0);
	check_tables(mm);

	KCHECK_EQ(mm_mprotect(mm, va + 4 * PAGE_SIZE, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	KCHECK_EQ(probe_write((void *)word(va, 4)), 0);
	*word(va, 7) = 7;
	KCHECK_EQ(*word(va, 7), 7);
	KCHECK_EQ(mm->map_count, 1);

	/* PROT_NONE: reads fault too, the neighbours do not. */
	KCHECK_EQ(mm_mprotect(mm, va + 2 * PAGE_SIZE, 1, PROT_NONE), 0);
	KCHECK_EQ(probe_read((const void *)word(va, 2)), -EFAULT);
	KCHECK_EQ(probe_write((void *)word(va, 2)), -EFAULT);
	KCHECK_EQ(probe_read((const void *)word(va, 1)), 0);
	KCHECK_EQ(probe_read((const void *)word(va, 3)), 0);
	KCHECK_EQ(mm_mprotect(mm, va + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	KCHECK_EQ(*word(va, 2), 0x6d70726f74000000UL + 2);
	KCHECK_EQ(mm->map_count, 1);
	check_tables(mm);
	switch_mm(NULL);
	mm_destroy(mm);
	KCHECK_EQ(nr_free_pages(), free_before);
}

static void print_stats(const char *what, const struct mprotect_stats *s)
{
	printk("# mprotect %s: %lu entr%s changed, %lu split, %lu notifier pair(s), %lu TLB "
	       "flush(es)\n",
	       what, s->entries_changed, s->entries_changed == 1 ? "y" : "ies", s->leaves_split,
	       s->notifier_pairs, s->tlb_flushes);
}

static struct page *block_page(struct page *block, unsigned long off)
{
	return pfn_to_page(page_to_pfn(block) + (off >> PAGE_SHIFT));
}

#define BLOCK_ORDER 10 /* 4 MiB: two 2 MiB leaves */

/*
 * The 1 GiB-aligned physical range around block as a shared pfnmap, mapped whole up front. Only
 * the block is ever accessed: the rest is someone else's RAM, all of it RAM
 * (ktest_alloc_pages_in_ram_gib), as a cacheable mapping must be. Returns the address of the
 * GiB; *block_va is where the block is in it.
 */
static unsigned long map_gib_around(struct mm_struct *mm, struct page *block,
				    unsigned long *block_va)
{
	const pfn_t pfn = page_to_pfn(block), gib = ALIGN_DOWN(pfn, SZ_1G >> PAGE_SHIFT);
	unsigned long va = 0;

	KCHECK_EQ(mm_mmap_pfn(mm, 0, gib, SZ_1G, RW | VM_SHARED, MT_NORMAL, &va), 0);
	KCHECK_EQ(remap_pfn_range(find_vma(mm, va), va, gib, SZ_1G), 0);
	*block_va = va + PFN_PHYS(pfn - gib);
	switch_mm(mm);
	for (unsigned long off = 0; off < (PAGE_SIZE << BLOCK_ORDER); off += SZ_2M)
		*(volatile u64 *)(*block_va + off) = off;
	return va;
}

KTEST(mm, mprotect_prot_none_on_pud_mapped_ram)
{
	const bool pud = arch_has_pud_leaves();
	unsigned long free_before = nr_free_pages(), va, b;
	struct page *block = ktest_alloc_pages_in_ram_gib(BLOCK_ORDER);
	struct mprotect_stats s;
	struct mm_struct *mm;

	mm = mm_create();
	KCHECK(mm);
	if (!mm)
		goto out;
	va = map_gib_around(mm, block, &b);

	KCHECK_EQ(do_mprotect(mm, va, SZ_1G, PROT_NONE, &s), 0);
	print_stats(pud ? "PROT_NONE of a 1 GiB PUD-mapped pfnmap" : "PROT_NONE of 1 GiB of PMDs",
		    &s);
	KCHECK_EQ(s.entries_changed, pud ? 1 : 512);
	KCHECK_EQ(s.notifier_pairs, 1);
	KCHECK_EQ(s.tlb_flushes, 1);
	/* Faulting probes: no access reaches memory, the whole GiB may be probed. */
	KCHECK_EQ(probe_read((const void *)va), -EFAULT);
	KCHECK_EQ(probe_read((const void *)(va + SZ_1G - 8)), -EFAULT);
	KCHECK_EQ(probe_write((void *)(b + SZ_2M)), -EFAULT);

	KCHECK_EQ(do_mprotect(mm, va, SZ_1G, PROT_READ, &s), 0);
	print_stats("read-only of the same GiB", &s);
	KCHECK_EQ(probe_read((const void *)b), 0);
	KCHECK_EQ(*(volatile u64 *)(b + SZ_2M), SZ_2M);
	KCHECK_EQ(probe_write((void *)(b + SZ_2M)), -EFAULT);

	/* A cut through the leaf: PUD split to PMDs, PMD split to PTEs; only one page changes. */
	KCHECK_EQ(do_mprotect(mm, b + SZ_2M + PAGE_SIZE, PAGE_SIZE, PROT_NONE, &s), 0);
	print_stats("PROT_NONE of one page inside the GiB", &s);
	KCHECK_EQ(s.entries_changed, 1);
	KCHECK_EQ(s.leaves_split, pud ? 2 : 1);
	KCHECK_EQ(probe_read((const void *)(b + SZ_2M + PAGE_SIZE)), -EFAULT);
	KCHECK_EQ(probe_read((const void *)(b + SZ_2M)), 0);
	KCHECK_EQ(probe_read((const void *)(b + SZ_2M + 2 * PAGE_SIZE)), 0);

	KCHECK_EQ(do_mprotect(mm, va, SZ_1G, PROT_READ | PROT_WRITE, &s), 0);
	KCHECK_EQ(probe_write((void *)(b + SZ_2M + PAGE_SIZE)), 0);
	KCHECK_EQ(probe_write((void *)(b + 2 * SZ_2M - 8)), 0);
	*(volatile u64 *)(b + SZ_2M + PAGE_SIZE) = 0x1234;
	/* The same byte through the direct map. */
	KCHECK_EQ(*(volatile u64 *)page_address(block_page(block, SZ_2M + PAGE_SIZE)), 0x1234);
	KCHECK_EQ(mm->map_count, 1);
	check_tables(mm);
	switch_mm(NULL);
	mm_destroy(mm);
out:
	__free_pages(block, BLOCK_ORDER);
	KCHECK_EQ(nr_free_pages(), free_before);
}
