/*
 * Address-space clone on the real MMU: the accesses below go through the CPU's translation, so
 * copy-on-write breaks are real write-protection faults served by handle_page_fault(). A clone's
 * write to private memory is invisible to its source and the other way round, shared memory stays
 * shared, the clone's pfnmap PUD/PMD leaves show the source's pfn with the right write bit
 * (follow_pfnmap), and destroying both address spaces returns every page.
 */
#include <errno.h>

#include "arch.h"
#include "ktest.h"
#include "phys.h"
#include "mm/follow.h"
#include "mm/fork.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable_check.h"
#include "mm/vma.h"
#include "printk.h"

#define RW (VM_READ | VM_WRITE | VM_USER)
#define NR_PAGES 8

static void check_both(struct mm_struct *a, struct mm_struct *b)
{
	struct mm_struct *mms[] = { a, b };
	struct pgtable_check_report rep;

	if (pgtable_check_mms(mms, 2, &rep))
		printk("# checker: %s at %#lx\n", rep.first_error, rep.first_addr);
	KCHECK_EQ(rep.nr_errors, 0);
}

static volatile u64 *word(unsigned long base, unsigned long page)
{
	return (volatile u64 *)(base + page * PAGE_SIZE + 8);
}

KTEST(mm, clone_private_is_copy_on_write_shared_stays_shared)
{
	unsigned long free_before = nr_free_pages(), priv, shared;
	struct mm_struct *src = mm_create(), *child = NULL;

	KCHECK(src);
	if (!src)
		return;
	KCHECK_EQ(mm_mmap_anon(src, 0, NR_PAGES * PAGE_SIZE, RW, &priv), 0);
	KCHECK_EQ(mm_mmap_anon(src, 0, NR_PAGES * PAGE_SIZE, RW | VM_SHARED, &shared), 0);
	switch_mm(src);
	for (unsigned long i = 0; i < NR_PAGES; i++) {
		*word(priv, i) = 0x100 + i;
		*word(shared, i) = 0x200 + i;
	}
	KCHECK_EQ(mm_clone(src, &child), 0);
	if (!child) {
		switch_mm(NULL);
		mm_destroy(src);
		return;
	}
	check_both(src, child);

	/* The clone sees the data, and its writes to private memory stay its own. */
	switch_mm(child);
	for (unsigned long i = 0; i < NR_PAGES; i++) {
		KCHECK_EQ(*word(priv, i), 0x100 + i);
		KCHECK_EQ(*word(shared, i), 0x200 + i);
	}
	for (unsigned long i = 0; i < NR_PAGES; i += 2)
		*word(priv, i) = 0xc100 + i;
	*word(shared, 1) = 0xc201;
	switch_mm(src);
	for (unsigned long i = 0; i < NR_PAGES; i++)
		KCHECK_EQ(*word(priv, i), 0x100 + i);
	KCHECK_EQ(*word(shared, 1), 0xc201);

	/* The source's writes stay its own too (odd pages copy, even ones are reused). */
	for (unsigned long i = 0; i < NR_PAGES; i++)
		*word(priv, i) = 0x5100 + i;
	*word(shared, 2) = 0x5202;
	switch_mm(child);
	for (unsigned long i = 0; i < NR_PAGES; i++)
		KCHECK_EQ(*word(priv, i), i % 2 ? 0x100 + i : 0xc100 + i);
	KCHECK_EQ(*word(shared, 2), 0x5202);
	/* The clone's remaining shared pages break on its own writes: the source keeps its data. */
	for (unsigned long i = 1; i < NR_PAGES; i += 2)
		*word(priv, i) = 0xd100 + i;
	switch_mm(src);
	for (unsigned long i = 0; i < NR_PAGES; i++)
		KCHECK_EQ(*word(priv, i), 0x5100 + i);
	check_both(src, child);
	switch_mm(NULL);
	mm_destroy(child);
	mm_destroy(src);
	KCHECK_EQ(nr_free_pages(), free_before);
}

/* follow_pfnmap at addr in mm: this pfn, at this level, special, writable as told. */
static void check_leaf(struct mm_struct *mm, unsigned long addr, pfn_t pfn, enum pt_level level,
		       bool writable)
{
	struct follow_pfnmap_args args = { .vma = find_vma(mm, addr), .address = addr };
	int err;

	KCHECK(args.vma);
	if (!args.vma)
		return;
	err = follow_pfnmap_start(&args);
	KCHECK_EQ(err, 0);
	if (err)
		return;
	KCHECK_EQ(args.pfn, pfn);
	KCHECK_EQ(args.level, level);
	KCHECK(args.special);
	KCHECK_EQ(args.writable, writable);
	follow_pfnmap_end(&args);
}

#define BLOCK_ORDER 11 /* 8 MiB: 2 MiB touched through the shared GiB, 4 MiB mapped private */

/*
 * An 8 MiB block of RAM as pfnmaps: the 1 GiB-aligned physical range around it shared (PUD
 * leaf, or PMD leaves without 1 GiB pages), and 4 MiB of the block private (PMD leaves). Only
 * the block is accessed: the rest of the GiB is someone else's RAM (a cacheable mapping must
 * cover RAM only: ktest_alloc_pages_in_ram_gib). After the clone both sides map the same pfns;
 * the shared leaf keeps its write bit, the copy-on-write ones lose it (docs/rules.md, R4).
 */
KTEST(mm, clone_copies_pfnmap_huge_leaves)
{
	const enum pt_level big = arch_has_pud_leaves() ? PT_PUD : PT_PMD;
	struct page *block = ktest_alloc_pages_in_ram_gib(BLOCK_ORDER);
	struct mm_struct *src, *child = NULL;
	unsigned long free_before, shared, priv, sb;
	struct mm_clone_stats stats;
	pfn_t pfn, gib, priv_pfn;

	pfn = page_to_pfn(block);
	gib = ALIGN_DOWN(pfn, SZ_1G >> PAGE_SHIFT);
	priv_pfn = pfn + (2 * SZ_2M >> PAGE_SHIFT);
	free_before = nr_free_pages();
	src = mm_create();
	KCHECK(src);
	if (!src)
		goto out;
	KCHECK_EQ(mm_mmap_pfn(src, 0, gib, SZ_1G, RW | VM_SHARED, MT_NORMAL, &shared), 0);
	KCHECK_EQ(mm_mmap_pfn(src, 0, priv_pfn, 2 * SZ_2M, RW, MT_NORMAL, &priv), 0);
	sb = shared + PFN_PHYS(pfn - gib); /* the block in the shared GiB */
	switch_mm(src);
	*word(sb, 0) = 0x1;
	*word(sb, 511) = 0x2;
	/* A COW pfnmap is read-only (docs/rules.md, R4): the "device" writes via the direct map. */
	KCHECK_EQ(probe_write((void *)word(priv, 0)), -EFAULT);
	*(u64 *)((char *)__va(PFN_PHYS(priv_pfn)) + 8) = 0x3;
	*(u64 *)((char *)__va(PFN_PHYS(priv_pfn + 512)) + 8) = 0x4;
	/* Reads map both of its PMD leaves, read-only. */
	KCHECK_EQ(*word(priv, 0), 0x3);
	KCHECK_EQ(*word(priv, 512), 0x4);
	KCHECK_EQ(dup_mm(src, &child, &stats), 0);
	if (!child)
		goto out_src;
	printk("# clone: %lu PUD + %lu PMD + %lu PTE leaves copied\n", stats.nr_puds, stats.nr_pmds,
	       stats.nr_ptes);
	KCHECK_EQ(stats.nr_puds + stats.nr_pmds, 3); /* the touched leaves: 1 + 2 (or 1 + 2 PMDs) */
	KCHECK_EQ(stats.nr_ptes, 0);
	for (int i = 0; i < 2; i++) {
		struct mm_struct *mm = i ? child : src;

		check_leaf(mm, sb + 5 * PAGE_SIZE, pfn + 5, big, true);
		check_leaf(mm, priv + SZ_2M, priv_pfn + (SZ_2M >> PAGE_SHIFT), PT_PMD, false);
	}
	check_both(src, child);
	/* Same memory behind both: the clone reads what the source wrote, and writes through. */
	switch_mm(child);
	KCHECK_EQ(*word(sb, 511), 0x2);
	KCHECK_EQ(*word(priv, 512), 0x4);
	*word(sb, 0) = 0x11;
	switch_mm(src);
	KCHECK_EQ(*word(sb, 0), 0x11);
	/* No page to copy behind a copy-on-write pfnmap: writes fault on both sides, leaves stay. */
	KCHECK_EQ(*word(priv, 0), 0x3);
	KCHECK_EQ(probe_write((void *)(priv + 8)), -EFAULT);
	check_leaf(src, priv, priv_pfn, PT_PMD, false);
	switch_mm(NULL);
	mm_destroy(child);
out_src:
	switch_mm(NULL);
	mm_destroy(src);
	KCHECK_EQ(nr_free_pages(), free_before);
out:
	__free_pages(block, BLOCK_ORDER);
}
