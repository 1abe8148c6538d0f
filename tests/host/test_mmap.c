/*
 * Host tests of do_mmap/do_munmap/mm_create/mm_destroy (mm/mmap.c, mm/mm.c, mm/anon.c): after
 * every operation the whole VMA list is compared with the expected one, failures must leave it
 * unchanged, and destroy must give back exactly the pages the address space took.
 */
#include <errno.h>

#include <memlayout.h>

#include "host_arch.h"
#include "host_context.h"
#include "host_env.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/pgtable_check.h"
#include "mm/pfnmap.h"
#include "mm/slab.h"
#include "tap.h"
#include "vma_expect.h"

#define P PAGE_SIZE
#define B MMAP_BASE
#define MAY (VM_USER | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define RW (VM_READ | VM_WRITE)
#define ANON_RW (RW | MAY)
#define ANON_R (VM_READ | MAY)
#define SHARED_RW (RW | VM_SHARED | VM_MAYSHARE | MAY)
#define PFN_RW (RW | VM_PFNMAP | VM_IO | MAY)

static struct mm_struct *new_mm(unsigned long *free_before)
{
	struct mm_struct *mm;

	host_env_init();
	*free_before = nr_free_pages();
	mm = mm_create();
	CHECK(mm != NULL);
	return mm;
}

/* The page-table checker on mm's final state, then destroy and the exact leak check. */
static void destroy_and_check(struct mm_struct *mm, unsigned long free_before)
{
	struct pgtable_check_report rep;

	CHECK_EQ(pgtable_check(mm, &rep), 0);
	if (rep.nr_errors)
		printf("# pgtable_check: %s at %#lx\n", rep.first_error, rep.first_addr);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
	CHECK(page_alloc_verify() == NULL);
}

static unsigned long anon(struct mm_struct *mm, unsigned long addr, unsigned long len,
			  unsigned long flags)
{
	unsigned long out = 0;

	CHECK_EQ(mm_mmap_anon(mm, addr, len, flags, &out), 0);
	return out;
}

static int leaf_pfn(pfn_t pfn, unsigned long addr, unsigned long leaf_start, void *priv)
{
	*(pfn_t *)priv = pfn + ((addr - leaf_start) >> PAGE_SHIFT);
	return 1;
}

static int pte_pfn_cb(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return leaf_pfn(pte_pfn(ptep_get(pte)), addr, addr, priv);
}

static int pmd_pfn_cb(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	return leaf_pfn(pmd_pfn(pmdp_get(pmd)), addr, ALIGN_DOWN(addr, SZ_2M), priv);
}

/* The pfn mapped at addr in mm (an independent walk), or 0 when nothing is. */
static pfn_t mapped_pfn(struct mm_struct *mm, unsigned long addr)
{
	static const struct pt_walk_ops ops = { .pte_entry = pte_pfn_cb, .pmd_entry = pmd_pfn_cb };
	pfn_t pfn = 0;

	pgtable_walk(mm->pgd, addr, addr + P, &ops, &pfn);
	return pfn;
}

/* Fault addr in as a write, as the trap path would. */
static void touch(struct mm_struct *mm, unsigned long addr)
{
	vm_fault_t ret = handle_mm_fault(find_vma(mm, addr), addr, FAULT_FLAG_WRITE);

	CHECK(ret == 0 || ret == VM_FAULT_NOPAGE);
}

static unsigned char *page_of(struct mm_struct *mm, unsigned long addr)
{
	return __va(PFN_PHYS(mapped_pfn(mm, addr)));
}

TEST(mmap_anon_first_fit_and_merge)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);

	CHECK_EQ(anon(mm, 0, 2 * P, RW), B);
	CHECK(vmas_match(mm, VMAS({ B, B + 2 * P, ANON_RW, B >> PAGE_SHIFT, &anon_vm_ops })));
	/* Same flags right after it: Linux merges adjacent private anonymous VMAs. */
	CHECK_EQ(anon(mm, 0, 3 * P - 100, RW), B + 2 * P);
	CHECK(vmas_match(mm, VMAS({ B, B + 5 * P, ANON_RW, B >> PAGE_SHIFT, &anon_vm_ops })));
	/* Different flags: a VMA of its own. */
	CHECK_EQ(anon(mm, 0, P, VM_READ), B + 5 * P);
	/* A hole left below a mapping is found first. */
	CHECK_EQ(do_munmap(mm, B + P, P), 0);
	a = anon(mm, 0, P, VM_READ);
	CHECK_EQ(a, B + P);
	CHECK(vmas_match(
		mm, VMAS({ B, B + P, ANON_RW, B >> PAGE_SHIFT, &anon_vm_ops },
			 { B + P, B + 2 * P, ANON_R, (B >> PAGE_SHIFT) + 1, &anon_vm_ops },
			 { B + 2 * P, B + 5 * P, ANON_RW, (B >> PAGE_SHIFT) + 2, &anon_vm_ops },
			 { B + 5 * P, B + 6 * P, ANON_R, (B >> PAGE_SHIFT) + 5, &anon_vm_ops })));
	/* Refilling the hole with the neighbours' flags merges all three into one. */
	CHECK_EQ(do_munmap(mm, B + P, P), 0);
	CHECK_EQ(anon(mm, B + P, P, RW), B + P);
	CHECK(vmas_match(
		mm, VMAS({ B, B + 5 * P, ANON_RW, B >> PAGE_SHIFT, &anon_vm_ops },
			 { B + 5 * P, B + 6 * P, ANON_R, (B >> PAGE_SHIFT) + 5, &anon_vm_ops })));
	destroy_and_check(mm, before);
}

TEST(mmap_fixed_errors_leave_everything_unchanged)
{
	unsigned long before, out = 0xdead;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;

	anon(mm, X, 4 * P, RW);
	CHECK_EQ(mm_mmap_anon(mm, X, 4 * P, RW, &out), -EEXIST);	 /* same range */
	CHECK_EQ(mm_mmap_anon(mm, X - P, 2 * P, RW, &out), -EEXIST);	 /* over the front */
	CHECK_EQ(mm_mmap_anon(mm, X + 3 * P, 2 * P, RW, &out), -EEXIST); /* over the back */
	CHECK_EQ(mm_mmap_anon(mm, X + P, P, RW, &out), -EEXIST);	 /* inside */
	CHECK_EQ(mm_mmap_anon(mm, X - P, 6 * P, RW, &out), -EEXIST);	 /* around */
	CHECK_EQ(mm_mmap_anon(mm, X - P, 6 * P, RW | VM_SHARED, &out), -EEXIST);
	CHECK_EQ(mm_mmap_anon(mm, X + 8 * P + 1, P, RW, &out), -EINVAL); /* unaligned */
	CHECK_EQ(mm_mmap_anon(mm, X + 8 * P, 0, RW, &out), -EINVAL);	 /* empty */
	CHECK_EQ(mm_mmap_anon(mm, 0, 0, RW | VM_SHARED, &out), -EINVAL);
	CHECK_EQ(do_mmap(mm, X + 8 * P, P, RW, MT_NORMAL, 0, NULL, NULL, &out), -EINVAL);
	CHECK_EQ(mm_mmap_anon(mm, USER_VA_END - P, 2 * P, RW, &out), -ENOMEM); /* past the end */
	CHECK_EQ(mm_mmap_anon(mm, USER_VA_END, P, RW, &out), -ENOMEM);
	CHECK_EQ(mm_mmap_anon(mm, 0, USER_VA_END + P, RW, &out), -ENOMEM);
	CHECK_EQ(mm_mmap_anon(mm, X + 8 * P, ~0UL - P, RW, &out), -ENOMEM); /* wraps */
	CHECK_EQ(mm_mmap_anon(mm, 0, ~0UL, RW | VM_SHARED, &out), -ENOMEM);
	CHECK_EQ(out, 0xdead);
	CHECK(vmas_match(mm, VMAS({ X, X + 4 * P, ANON_RW, X >> PAGE_SHIFT, &anon_vm_ops })));
	/* The last page of the user half is usable. */
	CHECK_EQ(anon(mm, USER_VA_END - P, P, RW), USER_VA_END - P);
	destroy_and_check(mm, before);
}

TEST(mmap_no_room_is_enomem)
{
	unsigned long before, out;
	struct mm_struct *mm = new_mm(&before);

	anon(mm, B + P, USER_VA_END - B - 2 * P, RW);
	CHECK_EQ(mm_mmap_anon(mm, 0, 2 * P, VM_READ, &out), -ENOMEM);
	CHECK_EQ(anon(mm, 0, P, VM_READ), B); /* the two single pages at either end still fit */
	CHECK_EQ(anon(mm, 0, P, VM_READ), USER_VA_END - P);
	CHECK_EQ(mm_mmap_anon(mm, 0, P, VM_READ, &out), -ENOMEM);
	CHECK_EQ(mm->map_count, 3);
	destroy_and_check(mm, before);
}

static unsigned long pfnmap(struct mm_struct *mm, unsigned long addr, pfn_t pfn, unsigned long len)
{
	unsigned long out = 0;

	CHECK_EQ(mm_mmap_pfn(mm, addr, pfn, len, RW, MT_DEVICE, &out), 0);
	return out;
}

TEST(mmap_pfnmap_placement_allows_huge_leaves)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	const pfn_t pfn_1g = PHYS_PFN(0x80000000000UL);

	anon(mm, 0, P, RW); /* so that MMAP_BASE itself is taken */
	a = pfnmap(mm, 0, pfn_1g, 2 * SZ_1G);
	CHECK_EQ(a, SZ_1G); /* the first 1 GiB boundary above MMAP_BASE */
	a = pfnmap(mm, 0, pfn_1g, 2 * SZ_2M);
	CHECK_EQ(a, B + SZ_2M);
	/* VA and PA agree modulo 2 MiB when the pfn is not 2 MiB aligned. */
	a = pfnmap(mm, 0, pfn_1g + 3, 3 * SZ_2M);
	CHECK_EQ(a, B + 3 * SZ_2M + 3 * P);
	/* Below 2 MiB a page boundary is all that helps: first fit right after the anon page. */
	CHECK_EQ(pfnmap(mm, 0, pfn_1g, SZ_2M - P), B + P);
	/* 1 GiB pfn offset kept for a > 1 GiB mapping at a 2 MiB aligned pfn. */
	a = pfnmap(mm, 0, pfn_1g + 512, SZ_1G + SZ_2M);
	CHECK_EQ(a & (SZ_1G - 1), SZ_2M);
	CHECK(vma_verify(mm) == NULL);
	CHECK(find_vma(mm, SZ_1G)->vm_ops == &pfnmap_vm_ops);
	CHECK_EQ(find_vma(mm, SZ_1G)->vm_pgoff, pfn_1g);
	CHECK_EQ(find_vma(mm, SZ_1G)->mem_type, MT_DEVICE);
	destroy_and_check(mm, before);
}

TEST(mmap_pfnmap_merges_only_contiguous_pfns)
{
	unsigned long before;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;
	unsigned long out;

	pfnmap(mm, X, 0x1000, 4 * P);
	pfnmap(mm, X + 4 * P, 0x1004, 2 * P); /* continues the pfns: merges */
	pfnmap(mm, X + 6 * P, 0x2000, 2 * P); /* does not */
	CHECK_EQ(mm_mmap_pfn(mm, X + 8 * P, 0x2002, P, RW, MT_WC, &out), 0); /* other type */
	CHECK(vmas_match(mm, VMAS({ X, X + 6 * P, PFN_RW, 0x1000, &pfnmap_vm_ops },
				  { X + 6 * P, X + 8 * P, PFN_RW, 0x2000, &pfnmap_vm_ops },
				  { X + 8 * P, X + 9 * P, PFN_RW, 0x2002, &pfnmap_vm_ops })));
	destroy_and_check(mm, before);
}

/* Five pages of private anon at X (pgoff X >> PAGE_SHIFT) unmapped in each way. */
TEST(munmap_whole_front_back_middle)
{
	static const struct {
		unsigned long off, len;
		int n;			   /* VMAs left */
		struct vma_expect left[2]; /* as offsets in pages from X, pgoff relative too */
	} cases[] = {
		{ 0, 5 * P, 0, { { 0 } } },
		{ 0, 2 * P, 1, { { 2, 5, ANON_RW, 2, &anon_vm_ops } } },
		{ 3 * P, 2 * P, 1, { { 0, 3, ANON_RW, 0, &anon_vm_ops } } },
		{ 3 * P,
		  1,
		  2,
		  { { 0, 3, ANON_RW, 0, &anon_vm_ops }, { 4, 5, ANON_RW, 4, &anon_vm_ops } } },
		{ P,
		  3 * P,
		  2,
		  { { 0, 1, ANON_RW, 0, &anon_vm_ops }, { 4, 5, ANON_RW, 4, &anon_vm_ops } } },
		{ 2 * P,
		  P,
		  2,
		  { { 0, 2, ANON_RW, 0, &anon_vm_ops }, { 3, 5, ANON_RW, 3, &anon_vm_ops } } },
		{ 4 * P, 100 * P, 1, { { 0, 4, ANON_RW, 0, &anon_vm_ops } } },
	};
	const unsigned long X = 0x40000000, pg = X >> PAGE_SHIFT;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long before;
		struct mm_struct *mm = new_mm(&before);
		struct vma_expect want[2];

		for (int j = 0; j < cases[i].n; j++) {
			want[j] = cases[i].left[j];
			want[j].start = X + want[j].start * P;
			want[j].end = X + want[j].end * P;
			want[j].pgoff += pg;
		}
		anon(mm, X, 5 * P, RW);
		CHECK_EQ(do_munmap(mm, X + cases[i].off, cases[i].len), 0);
		if (!vmas_match(mm, want, cases[i].n)) {
			printf("# case %zu\n", i);
			CHECK(false);
		}
		destroy_and_check(mm, before);
	}
}

TEST(munmap_spanning_several_vmas_and_holes)
{
	unsigned long before;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000, pg = X >> PAGE_SHIFT;

	anon(mm, X, 4 * P, RW);
	anon(mm, X + 4 * P, 2 * P, VM_READ);
	anon(mm, X + 8 * P, 4 * P, RW);
	anon(mm, X + 12 * P, 4 * P, VM_READ);
	/* From inside the first through a hole into the third. */
	CHECK_EQ(do_munmap(mm, X + 2 * P, 8 * P), 0);
	CHECK(vmas_match(mm, VMAS({ X, X + 2 * P, ANON_RW, pg, &anon_vm_ops },
				  { X + 10 * P, X + 12 * P, ANON_RW, pg + 10, &anon_vm_ops },
				  { X + 12 * P, X + 16 * P, ANON_R, pg + 12, &anon_vm_ops })));
	/* Nothing there: not an error, nothing changes. */
	CHECK_EQ(do_munmap(mm, X + 2 * P, 8 * P), 0);
	CHECK_EQ(do_munmap(mm, 0, X), 0);
	CHECK_EQ(do_munmap(mm, X + 16 * P, USER_VA_END - X - 16 * P), 0);
	CHECK_EQ(mm->map_count, 3);
	/* Everything at once. */
	CHECK_EQ(do_munmap(mm, 0, USER_VA_END), 0);
	CHECK(vmas_match(mm, NO_VMAS));
	destroy_and_check(mm, before);
}

TEST(munmap_einval_cases_change_nothing)
{
	unsigned long before;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;

	anon(mm, X, 4 * P, RW);
	CHECK_EQ(do_munmap(mm, X + 1, P), -EINVAL);
	CHECK_EQ(do_munmap(mm, X, 0), -EINVAL);
	CHECK_EQ(do_munmap(mm, USER_VA_END - P, 2 * P), -EINVAL);
	CHECK_EQ(do_munmap(mm, USER_VA_END + P, P), -EINVAL);
	CHECK_EQ(do_munmap(mm, X, ~0UL), -EINVAL);
	CHECK_EQ(do_munmap(mm, X, -P), -EINVAL); /* would wrap */
	CHECK(vmas_match(mm, VMAS({ X, X + 4 * P, ANON_RW, X >> PAGE_SHIFT, &anon_vm_ops })));
	destroy_and_check(mm, before);
}

/* See test_vma.c: fill the current slab page so the next VMA allocation needs a new page. */
static int slab_fill_page(void **objs, int max, size_t size)
{
	unsigned long pages = nr_slab_pages();
	int n = 0;

	while (n < max) {
		objs[n++] = kmalloc(size);
		if (nr_slab_pages() != pages) {
			kfree(objs[--n]);
			break;
		}
	}
	return n;
}

TEST(munmap_out_of_memory_for_a_split_changes_nothing)
{
	unsigned long before, calls;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;
	void *fill[64];
	int n;

	anon(mm, X, 4 * P, RW);
	anon(mm, X + 4 * P, 4 * P, VM_READ);
	for (unsigned long a = X; a < X + 8 * P; a += P)
		touch(mm, a);
	/* The middle split needs two new VMAs: let the first or the second allocation fail. */
	for (unsigned long nth = 1; nth <= 2; nth++) {
		n = slab_fill_page(fill, ARRAY_SIZE(fill), sizeof(struct vm_area_struct));
		if (nth == 2) /* room for exactly one more VMA in the slab page */
			kfree(fill[--n]);
		calls = host_arch_calls.flush_tlb_user_range;
		page_alloc_fail_nth(1);
		CHECK_EQ(do_munmap(mm, X + P, 6 * P), -ENOMEM);
		page_alloc_fail_nth(0);
		CHECK_EQ(host_arch_calls.flush_tlb_user_range, calls);
		for (unsigned long a = X; a < X + 8 * P; a += P)
			CHECK(mapped_pfn(mm, a) != 0);
		while (n)
			kfree(fill[--n]);
		CHECK(vmas_match(mm, VMAS({ X, X + 4 * P, ANON_RW, X >> PAGE_SHIFT, &anon_vm_ops },
					  { X + 4 * P, X + 8 * P, ANON_R, (X >> PAGE_SHIFT) + 4,
					    &anon_vm_ops })));
	}
	destroy_and_check(mm, before);
}

TEST(munmap_splits_shared_anon_keep_one_store)
{
	unsigned long before;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;
	struct vm_area_struct *lo, *hi;

	anon(mm, X, 6 * P, RW | VM_SHARED);
	CHECK_EQ(do_munmap(mm, X + 2 * P, 2 * P), 0);
	CHECK(vmas_match(mm, VMAS({ X, X + 2 * P, SHARED_RW, 0, &anon_shared_vm_ops },
				  { X + 4 * P, X + 6 * P, SHARED_RW, 4, &anon_shared_vm_ops })));
	lo = find_vma(mm, X);
	hi = find_vma(mm, X + 4 * P);
	CHECK(lo->vm_private_data == hi->vm_private_data);
	/* Two shared mappings never merge: each has its own store. */
	anon(mm, X + 6 * P, P, RW | VM_SHARED);
	CHECK_EQ(mm->map_count, 3);
	CHECK(find_vma(mm, X + 6 * P)->vm_private_data != hi->vm_private_data);
	destroy_and_check(mm, before);
}

TEST(mm_switch_and_destroy_current)
{
	unsigned long before;
	struct mm_struct *mm = new_mm(&before);

	CHECK(current_mm() == NULL);
	switch_mm(mm);
	CHECK(current_mm() == mm);
	CHECK_EQ(host_loaded_root, mm->pgd_pa);
	CHECK_EQ(mm->nr_pgtables, 1);
	mm_destroy(mm);
	CHECK(current_mm() == NULL);
	CHECK_EQ(host_loaded_root, 0);
	CHECK_EQ(nr_free_pages(), before);
}

TEST(mm_create_out_of_memory)
{
	unsigned long before;

	host_env_init();
	before = nr_free_pages();
	for (unsigned long nth = 1; nth <= 2; nth++) {
		page_alloc_fail_nth(nth);
		CHECK(mm_create() == NULL);
		page_alloc_fail_nth(0);
		CHECK_EQ(nr_free_pages(), before);
	}
}

TEST(anon_private_demand_zero_and_refault_after_munmap)
{
	unsigned long before;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;

	anon(mm, X, 4 * P, RW);
	CHECK_EQ(mapped_pfn(mm, X + P), 0);
	touch(mm, X + P);
	CHECK(mapped_pfn(mm, X + P) != 0);
	CHECK_EQ(mapped_pfn(mm, X), 0); /* only the page touched */
	CHECK_EQ(page_of(mm, X + P)[100], 0);
	page_of(mm, X + P)[100] = 0x77;
	CHECK_EQ(page_count(pfn_to_page(mapped_pfn(mm, X + P))), 1);
	CHECK_EQ(do_munmap(mm, X + P, P), 0);
	CHECK_EQ(mapped_pfn(mm, X + P), 0);
	anon(mm, X + P, P, RW);
	touch(mm, X + P);
	CHECK_EQ(page_of(mm, X + P)[100], 0); /* a new mapping is zero-filled again */
	destroy_and_check(mm, before);
}

TEST(anon_shared_pages_survive_split_and_refault)
{
	unsigned long before;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;
	pfn_t pfn;

	anon(mm, X, 6 * P, RW | VM_SHARED);
	touch(mm, X + 5 * P);
	pfn = mapped_pfn(mm, X + 5 * P);
	CHECK_EQ(page_count(pfn_to_page(pfn)), 2); /* the store and the mapping */
	page_of(mm, X + 5 * P)[7] = 0x42;
	CHECK_EQ(do_munmap(mm, X, 2 * P), 0);
	CHECK_EQ(do_munmap(mm, X + 5 * P, P), 0); /* the store keeps the page */
	CHECK_EQ(page_count(pfn_to_page(pfn)), 1);
	CHECK(vmas_match(mm, VMAS({ X + 2 * P, X + 5 * P, SHARED_RW, 2, &anon_shared_vm_ops })));
	/* Splitting [X+2P, X+5P) keeps each part's page offsets: index 4 is still index 4. */
	CHECK_EQ(do_munmap(mm, X + 3 * P, P), 0);
	touch(mm, X + 4 * P);
	touch(mm, X + 2 * P);
	CHECK(mapped_pfn(mm, X + 4 * P) != mapped_pfn(mm, X + 2 * P));
	CHECK_EQ(page_of(mm, X + 4 * P)[7], 0);
	destroy_and_check(mm, before);
}

TEST(mm_destroy_returns_tables_anon_pages_and_slab_exactly)
{
	unsigned long before, used;
	struct mm_struct *mm = new_mm(&before);
	const unsigned long X = 0x40000000;
	unsigned long pf;

	anon(mm, X, 64 * P, RW);
	anon(mm, X + SZ_1G, 8 * P, RW | VM_SHARED);
	pf = pfnmap(mm, 0, PHYS_PFN(0x80000000000UL), 2 * SZ_2M);
	for (unsigned long a = X; a < X + 64 * P; a += P)
		touch(mm, a);
	for (unsigned long a = X + SZ_1G; a < X + SZ_1G + 8 * P; a += P)
		touch(mm, a);
	/* A private pfnmap is read-only (no page to copy on write): read faults map it. */
	CHECK_EQ(handle_mm_fault(find_vma(mm, pf), pf, 0), VM_FAULT_NOPAGE);
	CHECK_EQ(handle_mm_fault(find_vma(mm, pf), pf + SZ_2M, 0), VM_FAULT_NOPAGE);
	used = before - nr_free_pages();
	/*
	 * Root, one PUD table (all three lie in the first 512 GiB), a PMD and a PTE table for each
	 * anon range (1 GiB apart), a PMD table for the pfnmap (at MMAP_BASE, two PMD leaves).
	 */
	CHECK_EQ(pf, B);
	CHECK_EQ(mm->nr_pgtables, 1 + 1 + 2 + 2 + 1);
	CHECK_EQ(used, mm->nr_pgtables + 64 + 8 + nr_slab_pages());
	destroy_and_check(mm, before);
}
