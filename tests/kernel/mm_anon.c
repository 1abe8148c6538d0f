/*
 * Shared anonymous memory far larger than RAM, on the real MMU: a 64 GiB mapping on a machine of
 * a few GiB works because the page store holds only the pages touched. Loads and stores go
 * through the CPU's translation (faults served by handle_page_fault()); a clone sees the same
 * pages both ways, and unmapping and destroying both address spaces returns every page.
 */
#include "ktest.h"
#include "mm/fork.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"

#define RW (VM_READ | VM_WRITE | VM_USER)
#define SZ_64G (64UL << 30)

/* Offsets touched: both ends and pages far apart in between (tables of their own at each level). */
static const unsigned long touched[] = { 0, SZ_1G + 5 * PAGE_SIZE, 17 * SZ_1G + SZ_2M,
					 SZ_64G - PAGE_SIZE };

static volatile u64 *word(unsigned long addr)
{
	return (volatile u64 *)(addr + 8);
}

KTEST(mm, shared_anon_64g_touched_sparsely_and_cloned)
{
	unsigned long free_before = nr_free_pages(), base, far;
	struct mm_struct *src = mm_create(), *child = NULL;
	int err;

	KCHECK(src);
	if (!src)
		return;
	err = mm_mmap_anon(src, 0, SZ_64G, RW | VM_SHARED, &base);
	KCHECK_EQ(err, 0);
	if (err) {
		mm_destroy(src);
		return;
	}
	far = base + 40 * SZ_1G;
	switch_mm(src);
	for (unsigned long i = 0; i < ARRAY_SIZE(touched); i++)
		*word(base + touched[i]) = 0x5a00 + i;
	/* A few pages, their tables and the store's nodes: nothing proportional to 64 GiB. */
	KCHECK(free_before - nr_free_pages() < 64);
	KCHECK_EQ(mm_clone(src, &child), 0);
	if (child) {
		switch_mm(child);
		for (unsigned long i = 0; i < ARRAY_SIZE(touched); i++)
			KCHECK_EQ(*word(base + touched[i]), 0x5a00 + i);
		*word(far) = 0xc1d;
		switch_mm(src);
		KCHECK_EQ(*word(far), 0xc1d);
		/* The child's VMA keeps the store alive after the source unmaps it all. */
		KCHECK_EQ(do_munmap(src, base, SZ_64G), 0);
		switch_mm(child);
		KCHECK_EQ(*word(base + SZ_64G - PAGE_SIZE), 0x5a00 + ARRAY_SIZE(touched) - 1);
	}
	switch_mm(NULL);
	if (child)
		mm_destroy(child);
	mm_destroy(src);
	KCHECK_EQ(nr_free_pages(), free_before);
}
