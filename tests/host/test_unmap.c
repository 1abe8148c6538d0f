/*
 * Unmapping (mm/unmap.c) through the mmu_gather (mm/mmu_gather.c): splitting huge pfnmap leaves
 * so that what remains keeps the largest leaves, freeing tables that became empty, and the order
 * of flush and free (host_arch.c notes the allocator's state at each user flush).
 */
#include <errno.h>
#include <string.h>

#include "host_arch.h"
#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "mm/unmap.h"
#include "pt_fixture.h"
#include "tap.h"

#define VA_4G (4UL << 30)
#define PFN_4G ((4UL << 30) >> PAGE_SHIFT)
#define MB(n) ((unsigned long)(n) << 20)

static void check_dump(struct pt_fixture *f, const char *want)
{
	char got[2048];

	ptf_ptdump(f, got, sizeof(got));
	CHECK(!strcmp(got, want));
	if (strcmp(got, want))
		printf("# ptdump got:\n%s# want:\n%s", got, want);
}

/* addr is mapped at level to the pfn the VMA's linear layout gives it. */
static void check_maps(struct pt_fixture *f, unsigned long addr, int level)
{
	pfn_t pfn = 0;

	CHECK_EQ(ptf_follow(f, addr, &pfn), level);
	CHECK_EQ(pfn, PFN_4G + ((addr - VA_4G) >> PAGE_SHIFT));
}

TEST(unmap_page_in_middle_of_pud_leaf_keeps_largest_leaves)
{
	struct pt_fixture f;
	unsigned long hole = VA_4G + MB(512) + PAGE_SIZE;
	unsigned long flushes;
	pfn_t pfn;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, 2UL << 30, PFN_4G, MT_DEVICE);
	ptf_fault_range(&f, VA_4G, VA_4G + (2UL << 30));
	flushes = host_arch_calls.flush_tlb_user_range;
	ptf_unmap(&f, hole, hole + PAGE_SIZE);
	check_dump(&f, "0x0000000100000000-0x0000000120000000   512M PMD RW-U special device\n"
		       "0x0000000120000000-0x0000000120001000     4K PTE RW-U special device\n"
		       "0x0000000120002000-0x0000000120200000  2040K PTE RW-U special device\n"
		       "0x0000000120200000-0x0000000140000000   510M PMD RW-U special device\n"
		       "0x0000000140000000-0x0000000180000000     1G PUD RW-U special device\n");
	/* Reads still reach the right pfns, at every level left. */
	check_maps(&f, VA_4G, PT_PMD);
	check_maps(&f, VA_4G + MB(100) + 5 * PAGE_SIZE, PT_PMD);
	check_maps(&f, hole - PAGE_SIZE, PT_PTE);
	check_maps(&f, hole + PAGE_SIZE, PT_PTE);
	check_maps(&f, VA_4G + MB(600), PT_PMD);
	check_maps(&f, VA_4G + (3UL << 29), PT_PUD);
	CHECK_EQ(ptf_follow(&f, hole, &pfn), -1);
	/* Root, PUD, PMD and one PTE table; two break-before-make flushes and the final one. */
	CHECK_EQ(f.mm.nr_pgtables, 4);
	CHECK_EQ(host_arch_calls.flush_tlb_user_range - flushes, 3);
	CHECK_EQ(host_arch_calls.last_start, hole);
	CHECK_EQ(host_arch_calls.last_end, hole + PAGE_SIZE);
	CHECK_EQ(host_arch_calls.last_stride_shift, PAGE_SHIFT);
	ptf_check(&f);
	/* The hole faults back in with a PTE. */
	CHECK_EQ(ptf_fault(&f, hole, 0), VM_FAULT_NOPAGE);
	check_maps(&f, hole, PT_PTE);
	ptf_finish(&f);
}

TEST(unmap_frees_empty_tables_only_after_the_flush)
{
	struct pt_fixture f;
	unsigned long tables;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, MB(4), PFN_4G + 1, MT_DEVICE);
	ptf_fault_range(&f, VA_4G, VA_4G + MB(4));
	/* Root, PUD, PMD and two PTE tables. */
	CHECK_EQ(f.mm.nr_pgtables, 5);
	tables = nr_pgtable_pages();
	ptf_unmap(&f, VA_4G, VA_4G + MB(4));
	CHECK_EQ(host_arch_calls.pgtables_at_user_flush, tables);
	CHECK_EQ(host_arch_calls.last_kind, TLB_FLUSH_WALKS);
	/* Both PTE tables go; the PMD and PUD tables reach past the range and stay. */
	CHECK_EQ(nr_pgtable_pages(), tables - 2);
	CHECK_EQ(f.mm.nr_pgtables, 3);
	ptf_finish(&f);
}

TEST(unmap_keeps_tables_shared_with_a_neighbour)
{
	struct pt_fixture f;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, MB(1), PFN_4G, MT_DEVICE);
	ptf_fault_range(&f, VA_4G, VA_4G + MB(1));
	ptf_unmap(&f, VA_4G, VA_4G + MB(1) - PAGE_SIZE);
	/* The PTE table still holds the last page. */
	CHECK_EQ(f.mm.nr_pgtables, 4);
	check_maps(&f, VA_4G + MB(1) - PAGE_SIZE, PT_PTE);
	ptf_check(&f);
	ptf_finish(&f);
}

TEST(unmap_puts_pages_after_the_flush)
{
	struct pt_fixture f;
	unsigned long free;

	ptf_init(&f);
	ptf_add_anon(&f, VA_4G, 3 * PAGE_SIZE);
	for (unsigned int i = 0; i < 3; i++)
		CHECK_EQ(ptf_fault(&f, VA_4G + i * PAGE_SIZE, FAULT_FLAG_WRITE), 0);
	ptf_check(&f);
	free = nr_free_pages();
	ptf_unmap(&f, VA_4G, VA_4G + 3 * PAGE_SIZE);
	CHECK_EQ(host_arch_calls.free_pages_at_user_flush, free);
	/* The three pages; the PTE table's 2 MiB reaches past the range, so it stays. */
	CHECK_EQ(nr_free_pages(), free + 3);
	ptf_finish(&f);
}

/*
 * Out of memory for either split table (the PUD leaf's PMD table, the PMD leaf's PTE table): the
 * unmap fails before anything changed, and nothing leaks.
 */
TEST(unmap_split_without_memory_changes_nothing)
{
	static const char *const whole =
		"0x0000000100000000-0x0000000180000000     2G PUD RW-U special device\n";
	struct pt_fixture f;
	unsigned long hole = VA_4G + MB(512) + PAGE_SIZE, free, tables;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, 2UL << 30, PFN_4G, MT_DEVICE);
	ptf_fault_range(&f, VA_4G, VA_4G + (2UL << 30));
	free = nr_free_pages();
	tables = f.mm.nr_pgtables;
	for (unsigned long nth = 1; nth <= 2; nth++) {
		page_alloc_fail_nth(nth);
		CHECK_EQ(ptf_unmap(&f, hole, hole + PAGE_SIZE), -ENOMEM);
		page_alloc_fail_nth(0);
		check_dump(&f, whole);
		CHECK_EQ(f.mm.nr_pgtables, tables);
		CHECK_EQ(nr_free_pages(), free);
	}
	CHECK_EQ(ptf_unmap(&f, hole, hole + PAGE_SIZE), 0);
	CHECK_EQ(ptf_follow(&f, hole, &(pfn_t){ 0 }), -1);
	check_maps(&f, hole + PAGE_SIZE, PT_PTE);
	ptf_check(&f);
	ptf_finish(&f);
}

TEST(unmap_everything_frees_every_table)
{
	struct pt_fixture f;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G + PAGE_SIZE, 2UL << 30, PFN_4G + 1, MT_DEVICE);
	ptf_fault_range(&f, VA_4G + PAGE_SIZE, VA_4G + PAGE_SIZE + (2UL << 30));
	ptf_unmap(&f, VA_4G + PAGE_SIZE, VA_4G + PAGE_SIZE + (2UL << 30));
	check_dump(&f, "");
	free_all_pgtables(&f.mm);
	CHECK_EQ(f.mm.nr_pgtables, 1);
	ptf_finish(&f);
}
