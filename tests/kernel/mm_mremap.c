/*
 * mremap and MADV_DONTNEED on the real MMU: the accesses below go through the CPU's translation
 * (and its TLB), so an entry left behind at the old address, or a translation not flushed, shows
 * up as an access that should fault and does not, or a value read from the wrong page.
 */
#include <errno.h>

#include "arch.h"
#include "ktest.h"
#include "mm/madvise.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mremap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable_check.h"
#include "printk.h"

#define RW (VM_READ | VM_WRITE | VM_USER)
#define NR_PAGES 16
#define PATTERN 0x6d72656d61700000UL

static volatile u64 *word(unsigned long va, unsigned long page)
{
	return (volatile u64 *)(va + page * PAGE_SIZE);
}

static void check_tables(struct mm_struct *mm)
{
	struct pgtable_check_report rep;

	if (pgtable_check(mm, &rep))
		printk("# checker: %s at %#lx\n", rep.first_error, rep.first_addr);
	KCHECK_EQ(rep.nr_errors, 0);
}

KTEST(mm, mremap_moves_pages_and_dontneed_drops_them)
{
	unsigned long free_before = nr_free_pages(), va, to;
	struct mm_struct *mm = mm_create();

	KCHECK(mm);
	if (!mm)
		return;
	KCHECK_EQ(mm_mmap_anon(mm, 0, NR_PAGES * PAGE_SIZE, RW, &va), 0);
	switch_mm(mm);
	/* Written first, so that the old translations are in the TLB when the pages move. */
	for (unsigned long i = 0; i < NR_PAGES; i++)
		*word(va, i) = PATTERN + i;
	to = va + 64 * PAGE_SIZE;
	KCHECK_EQ(do_mremap(mm, va + 4 * PAGE_SIZE, 4 * PAGE_SIZE, 4 * PAGE_SIZE,
			    MREMAP_MAYMOVE | MREMAP_FIXED, to, &to),
		  0);
	KCHECK_EQ(to, va + 64 * PAGE_SIZE);
	for (unsigned long i = 0; i < 4; i++) {
		KCHECK_EQ(*word(to, i), PATTERN + 4 + i);
		KCHECK_EQ(probe_read((const void *)word(va, 4 + i)), -EFAULT);
	}
	KCHECK_EQ(*word(va, 3), PATTERN + 3);
	KCHECK_EQ(*word(va, 8), PATTERN + 8);
	check_tables(mm);

	/* Private memory reads zeroes after DONTNEED; the page next to it keeps its data. */
	KCHECK_EQ(do_madvise(mm, to, 2 * PAGE_SIZE, MADV_DONTNEED), 0);
	KCHECK_EQ(*word(to, 0), 0);
	KCHECK_EQ(*word(to, 1), 0);
	KCHECK_EQ(*word(to, 2), PATTERN + 6);
	check_tables(mm);
	switch_mm(NULL);
	mm_destroy(mm);
	KCHECK_EQ(nr_free_pages(), free_before);
}
