/*
 * TLB batching (docs/rules.md, R8) as host_arch.c records it: an munmap of many entries costs one
 * range flush (which the arch turns into a full flush past its ceiling), nothing it unmapped is
 * freed before a flush made it unreachable, and splitting a huge leaf flushes the old leaf at
 * once (break-before-make, R9) before the batch's own flush.
 */
#include <memlayout.h>

#include "host_arch.h"
#include "host_env.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_gather.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vma.h"
#include "tap.h"

#define RW (VM_READ | VM_WRITE)
#define PFN_4G ((4UL << 30) >> PAGE_SHIFT)
/* The larger of the arch ceilings (arm64 TLBI_CEILING; x86 INVLPG_CEILING is 33). */
#define LARGEST_FLUSH_CEILING 512

static unsigned long user_flushes(void)
{
	return host_arch_calls.flush_tlb_user_range + host_arch_calls.flush_tlb_user_all;
}

static void fault_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			unsigned int flags)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE)
		CHECK(!(handle_mm_fault(find_vma(mm, va), va, flags) & VM_FAULT_ERROR));
}

static void destroy(struct mm_struct *mm, unsigned long free_before)
{
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
}

TEST(tlb_munmap_of_2000_ptes_is_one_range_flush_past_the_ceiling)
{
	unsigned long free_before, va = MMAP_BASE + PAGE_SIZE, len = 2000 * PAGE_SIZE, flushes;
	struct mm_struct *mm;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	/* VA one page off the pfn's 2 MiB alignment: PTE leaves only. */
	CHECK_EQ(mm_mmap_pfn(mm, va, PFN_4G, len, RW, MT_DEVICE, &va), 0);
	fault_range(mm, va, va + len, 0);
	flushes = user_flushes();
	CHECK_EQ(do_munmap(mm, va, len), 0);
	CHECK_EQ(user_flushes(), flushes + 1);
	CHECK_EQ(host_arch_calls.last_stride_shift, PAGE_SHIFT);
	CHECK_EQ(host_arch_calls.last_kind, TLB_FLUSH_WALKS);
	CHECK(host_arch_calls.last_start <= va && host_arch_calls.last_end >= va + len);
	/* So many invalidations that every arch does one full flush instead. */
	CHECK((host_arch_calls.last_end - host_arch_calls.last_start) >> PAGE_SHIFT >
	      LARGEST_FLUSH_CEILING);
	destroy(mm, free_before);
}

TEST(tlb_munmap_of_a_few_anon_pages_frees_pages_and_tables_after_its_one_flush)
{
	unsigned long free_before, free_mapped, tables, va, len = 40 * PAGE_SIZE, flushes;
	struct mm_struct *mm;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, 0, len, RW, &va), 0);
	fault_range(mm, va, va + len, FAULT_FLAG_WRITE);
	free_mapped = nr_free_pages();
	tables = nr_pgtable_pages();
	flushes = user_flushes();
	CHECK_EQ(do_munmap(mm, va, len), 0);
	CHECK_EQ(user_flushes(), flushes + 1);
	CHECK_EQ(host_arch_calls.last_kind, TLB_FLUSH_WALKS);
	/*
	 * At the flush every page and table was still allocated; afterwards they are back (the
	 * VMA's slab page may come back too).
	 */
	CHECK_EQ(host_arch_calls.free_pages_at_user_flush, free_mapped);
	CHECK_EQ(host_arch_calls.pgtables_at_user_flush, tables);
	CHECK(nr_pgtable_pages() < tables);
	CHECK(nr_free_pages() >= free_mapped + 40 + (tables - nr_pgtable_pages()));
	destroy(mm, free_before);
}

/*
 * Many pages: however many a gather queues, it flushes once, and no page is back in the
 * allocator at the time of that flush.
 */
TEST(tlb_munmap_of_many_anon_pages_flushes_once_and_frees_after)
{
	unsigned long free_before, free_mapped, va, n = 3000, flushes, done;
	struct mm_struct *mm;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, 0, n * PAGE_SIZE, RW, &va), 0);
	fault_range(mm, va, va + n * PAGE_SIZE, FAULT_FLAG_WRITE);
	free_mapped = nr_free_pages();
	flushes = user_flushes();
	CHECK_EQ(do_munmap(mm, va, n * PAGE_SIZE), 0);
	done = user_flushes() - flushes;
	CHECK_EQ(done, 1);
	CHECK_EQ(host_arch_calls.free_pages_at_user_flush, free_mapped);
	printf("# munmap of %lu anon pages: %lu flushes\n", n, done);
	destroy(mm, free_before);
}

/*
 * One page out of a 1 GiB leaf: the PUD leaf is split (flushed at once), then the PMD leaf
 * holding the page (flushed at once), then the batch flushes the page itself.
 */
TEST(tlb_split_of_huge_leaves_breaks_before_make_then_one_batch_flush)
{
	unsigned long free_before, va, hole, flushes;
	struct mm_struct *mm;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_pfn(mm, 0, PFN_4G, PUD_SIZE, RW, MT_DEVICE, &va), 0);
	CHECK(IS_ALIGNED(va, PUD_SIZE));
	fault_range(mm, va, va + PAGE_SIZE, 0);
	hole = va + PUD_SIZE / 2 + 3 * PAGE_SIZE;
	flushes = user_flushes();
	CHECK_EQ(do_munmap(mm, hole, PAGE_SIZE), 0);
	CHECK_EQ(user_flushes(), flushes + 3);
	CHECK_EQ(host_arch_calls.last_start, hole);
	CHECK_EQ(host_arch_calls.last_end, hole + PAGE_SIZE);
	CHECK_EQ(host_arch_calls.last_stride_shift, PAGE_SHIFT);
	destroy(mm, free_before);
}
