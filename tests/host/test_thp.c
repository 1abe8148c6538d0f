/*
 * Host tests of transparent huge pages for anonymous memory (mm/huge_memory.c, the compound
 * pages of mm/page_alloc.c, the huge copy-on-write of mm/memory.c, mm/madvise.c and the
 * placement of mm/mmap.c). Leaves are read by an independent walk, data through the arena
 * (__va of the pfn that walk found), counts by the page-table checker, and every test ends with
 * exactly the free pages it started with.
 */
#include <errno.h>
#include <string.h>

#include <memlayout.h>

#include "host_env.h"
#include "leaf_walk.h"
#include "mm/fork.h"
#include "mm/huge_memory.h"
#include "mm/madvise.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mprotect.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/pgtable_check.h"
#include "mm/ptdump.h"
#include "mm/vma.h"
#include "tap.h"

#define P PAGE_SIZE
#define RW (VM_READ | VM_WRITE)
#define G SZ_1G
#define M2 SZ_2M
/* An address 1 GiB aligned, well above MMAP_BASE. */
#define A (4 * G)

/* The byte at addr, read from the physical page the independent walk finds. */
static unsigned char *byte_at(struct mm_struct *mm, unsigned long addr)
{
	struct leaf l = leaf_at(mm, addr);

	CHECK(l.mapped);
	return (unsigned char *)__va(PFN_PHYS(l.pfn)) + (addr & (P - 1));
}

static vm_fault_t fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	return handle_mm_fault(find_vma(mm, addr), addr, flags);
}

static void check_mms(struct mm_struct **mms, unsigned int nr)
{
	struct pgtable_check_report rep;

	CHECK_EQ(pgtable_check_mms(mms, nr, &rep), 0);
	if (rep.nr_errors)
		printf("# pgtable_check: %s at %#lx\n", rep.first_error, rep.first_addr);
}

/* RAM of two free, aligned GiB (mem_map goes at the top of the arena, past them). */
static void load_big_ram(void)
{
	static const struct boot_mem_region big[] = {
		{ HOST_PHYS_BASE, HOST_ARENA_SIZE, BOOT_MEM_FREE, 0 },
	};

	host_env_init();
	CHECK_EQ(host_env_load(big, 1), 0);
	CHECK_EQ(nr_free_pages_order(MAX_PAGE_ORDER), 2);
}

static void end_big_ram(void)
{
	CHECK(page_alloc_verify() == NULL);
	thp_set_mode(THP_ALWAYS);
	host_env_reset();
}

TEST(thp_mode_parse_and_format_like_sysfs)
{
	enum thp_mode mode = THP_NEVER;
	char buf[32];

	CHECK_EQ(thp_parse_mode("madvise", &mode), 0);
	CHECK_EQ(mode, THP_MADVISE);
	CHECK_EQ(thp_parse_mode("sometimes", &mode), -EINVAL);
	CHECK_EQ(mode, THP_MADVISE);
	CHECK_EQ(thp_get_mode(), THP_ALWAYS); /* the default */
	thp_format_mode(buf, sizeof(buf));
	CHECK(!strcmp(buf, "[always] madvise never"));
	thp_set_mode(THP_MADVISE);
	thp_format_mode(buf, sizeof(buf));
	CHECK(!strcmp(buf, "always [madvise] never"));
	thp_set_mode(THP_NEVER);
	thp_format_mode(buf, sizeof(buf));
	CHECK(!strcmp(buf, "always madvise [never]"));
	thp_set_mode(THP_ALWAYS);
}

/* One fault: VMA [start, start + len), its advice, the mode, the address -> the leaf's level. */
struct order_case {
	unsigned long start, len;
	int advice; /* MADV_HUGEPAGE, MADV_NOHUGEPAGE, or 0 */
	enum thp_mode mode;
	unsigned long addr;
	enum pt_level level;
};

static const struct order_case order_cases[] = {
	/* PMD: an aligned 2 MiB block inside the VMA, mode always (or madvise + VM_HUGEPAGE) */
	{ A, 4 * M2, 0, THP_ALWAYS, A + M2 + 5 * P, PT_PMD },
	{ A, 4 * M2, 0, THP_MADVISE, A + M2, PT_PTE },
	{ A, 4 * M2, MADV_HUGEPAGE, THP_MADVISE, A + M2, PT_PMD },
	{ A, 4 * M2, MADV_HUGEPAGE, THP_NEVER, A + M2, PT_PTE },
	{ A, 4 * M2, MADV_NOHUGEPAGE, THP_ALWAYS, A + M2, PT_PTE },
	/* the block must start in the VMA and end by its end */
	{ A + P, 4 * M2, 0, THP_ALWAYS, A + P, PT_PTE },
	{ A + P, 4 * M2, 0, THP_ALWAYS, A + M2, PT_PMD },
	{ A, M2 + M2 / 2, 0, THP_ALWAYS, A + M2, PT_PTE },
	{ A, M2 + M2 / 2, 0, THP_ALWAYS, A + M2 - P, PT_PMD },
	{ A, M2 - P, 0, THP_ALWAYS, A, PT_PTE },
	/* PUD: only with VM_HUGEPAGE, over an aligned GiB inside the VMA */
	{ A, G, 0, THP_ALWAYS, A + 3 * M2, PT_PMD },
	{ A, G, MADV_HUGEPAGE, THP_ALWAYS, A + 3 * M2, PT_PUD },
	{ A, G, MADV_HUGEPAGE, THP_MADVISE, A + G - P, PT_PUD },
	{ A, G, MADV_HUGEPAGE, THP_NEVER, A, PT_PTE },
	{ A, G - P, MADV_HUGEPAGE, THP_ALWAYS, A, PT_PMD },
	{ A + M2, G, MADV_HUGEPAGE, THP_ALWAYS, A + M2, PT_PMD },
	{ A - M2, G + 2 * M2, MADV_HUGEPAGE, THP_MADVISE, A + 7 * P, PT_PUD },
	{ A - M2, G + 2 * M2, MADV_HUGEPAGE, THP_MADVISE, A - P, PT_PMD },
	{ A - M2 + P, G + M2, MADV_HUGEPAGE, THP_MADVISE, A - P, PT_PTE },
};

/* Every case on a fresh mm: the level, zeroed memory, the checker, every page back. */
TEST(thp_fault_picks_the_documented_order)
{
	load_big_ram();
	for (unsigned int i = 0; i < ARRAY_SIZE(order_cases); i++) {
		const struct order_case *c = &order_cases[i];
		unsigned long free_before = nr_free_pages(), out;
		struct mm_struct *mm = mm_create();
		struct leaf l;

		thp_set_mode(c->mode);
		CHECK_EQ(mm_mmap_anon(mm, c->start, c->len, RW, &out), 0);
		if (c->advice)
			CHECK_EQ(do_madvise(mm, c->start, c->len, c->advice), 0);
		CHECK(fault(mm, c->addr, FAULT_FLAG_WRITE) == VM_FAULT_NOPAGE);
		l = leaf_at(mm, c->addr);
		if (l.level != c->level)
			printf("# case %u: level %d, want %d\n", i, l.level, c->level);
		CHECK_EQ(l.level, c->level);
		CHECK(pte_write(l.entry));
		CHECK(!pte_special(l.entry));
		CHECK_EQ(*byte_at(mm, c->addr), 0);
		check_mms(&mm, 1);
		mm_destroy(mm);
		CHECK_EQ(nr_free_pages(), free_before);
		CHECK_EQ(nr_compound_pages(PMD_ORDER) + nr_compound_pages(PUD_ORDER), 0);
	}
	end_big_ram();
}

/* A failed huge allocation falls back to the next order down; the fault never fails for it. */
TEST(thp_fault_falls_back_when_the_order_is_not_available)
{
	struct mm_struct *mm;
	unsigned long out, free_before;

	load_big_ram();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, A, G, RW, &out), 0);
	CHECK_EQ(do_madvise(mm, A, G, MADV_HUGEPAGE), 0);
	page_alloc_fail_nth(2); /* the 1 GiB page, after the PUD table */
	CHECK(fault(mm, A, FAULT_FLAG_WRITE) == VM_FAULT_NOPAGE);
	CHECK_EQ(leaf_at(mm, A).level, PT_PMD);
	page_alloc_fail_nth(1); /* the 2 MiB page */
	CHECK(fault(mm, A + M2, 0) == VM_FAULT_NOPAGE);
	CHECK_EQ(leaf_at(mm, A + M2).level, PT_PTE);
	CHECK_EQ(thp_anon_bytes(PMD_ORDER), M2);
	check_mms(&mm, 1);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
	end_big_ram();
}

/*
 * Clone, then write in the child: with a page of the leaf's order to copy into, the child gets
 * a copy of the whole huge page at the same level; the parent's data and leaf stay; a second
 * write in the parent (no longer shared) reuses its page in place.
 */
static void clone_write_copies(enum pt_level level)
{
	unsigned long size = pt_level_size(level), out, free_before;
	struct mm_struct *mms[2];
	struct leaf parent, child;

	load_big_ram();
	free_before = nr_free_pages();
	mms[0] = mm_create();
	CHECK_EQ(mm_mmap_anon(mms[0], A, size, RW, &out), 0);
	if (level == PT_PUD)
		CHECK_EQ(do_madvise(mms[0], A, size, MADV_HUGEPAGE), 0);
	fault(mms[0], A, FAULT_FLAG_WRITE);
	*byte_at(mms[0], A + 7) = 0x11;
	*byte_at(mms[0], A + size - 1) = 0x22;
	parent = leaf_at(mms[0], A);
	CHECK_EQ(parent.level, level);
	CHECK_EQ(mm_clone(mms[0], &mms[1]), 0);
	CHECK(!pte_write(leaf_at(mms[0], A).entry));
	CHECK(!pte_write(leaf_at(mms[1], A).entry));
	CHECK_EQ(page_mapcount(pfn_to_page(parent.pfn)), 2);
	check_mms(mms, 2);

	CHECK(fault(mms[1], A + size / 2, FAULT_FLAG_WRITE) == VM_FAULT_NOPAGE);
	child = leaf_at(mms[1], A);
	CHECK_EQ(child.level, level);
	CHECK(child.pfn != parent.pfn);
	CHECK(pte_write(child.entry));
	CHECK_EQ(*byte_at(mms[1], A + 7), 0x11);
	CHECK_EQ(*byte_at(mms[1], A + size - 1), 0x22);
	*byte_at(mms[1], A + 7) = 0x33;
	CHECK_EQ(*byte_at(mms[0], A + 7), 0x11);
	CHECK_EQ(leaf_at(mms[0], A).pfn, parent.pfn);
	CHECK_EQ(page_mapcount(pfn_to_page(parent.pfn)), 1);
	check_mms(mms, 2);

	CHECK(fault(mms[0], A, FAULT_FLAG_WRITE) == 0); /* reuse */
	CHECK_EQ(leaf_at(mms[0], A).pfn, parent.pfn);
	CHECK(pte_write(leaf_at(mms[0], A).entry));
	check_mms(mms, 2);
	mm_destroy(mms[1]);
	mm_destroy(mms[0]);
	CHECK_EQ(nr_free_pages(), free_before);
	end_big_ram();
}

TEST(thp_clone_write_copies_the_whole_pmd_page_and_reuses_when_unshared)
{
	clone_write_copies(PT_PMD);
}

TEST(thp_clone_write_copies_the_whole_pud_page_and_reuses_when_unshared)
{
	clone_write_copies(PT_PUD);
}

/*
 * The same write when no 2 MiB page can be had: the leaf is split and only the 4 KiB page
 * written is copied; the rest of the child, and all of the parent, still map the one compound
 * page, whose counts the checker verifies on both.
 */
TEST(thp_clone_write_without_a_huge_page_splits_and_copies_4k)
{
	unsigned long out, free_before;
	struct mm_struct *mms[2];
	struct leaf parent, child;

	host_env_init();
	free_before = nr_free_pages();
	mms[0] = mm_create();
	CHECK_EQ(mm_mmap_anon(mms[0], A, M2, RW, &out), 0);
	fault(mms[0], A, FAULT_FLAG_WRITE);
	memset(byte_at(mms[0], A), 0x5a, M2);
	parent = leaf_at(mms[0], A);
	CHECK_EQ(parent.level, PT_PMD);
	CHECK_EQ(mm_clone(mms[0], &mms[1]), 0);
	page_alloc_fail_nth(1); /* the 2 MiB copy */
	CHECK(fault(mms[1], A + 5 * P + 9, FAULT_FLAG_WRITE) == VM_FAULT_NOPAGE);
	child = leaf_at(mms[1], A + 5 * P);
	CHECK_EQ(child.level, PT_PTE);
	CHECK(child.pfn != parent.pfn + 5);
	CHECK(pte_write(child.entry));
	CHECK_EQ(leaf_at(mms[1], A + 4 * P).level, PT_PTE);
	CHECK_EQ(leaf_at(mms[1], A + 4 * P).pfn, parent.pfn + 4);
	CHECK(!pte_write(leaf_at(mms[1], A + 4 * P).entry));
	CHECK_EQ(*byte_at(mms[1], A + 5 * P + 9), 0x5a);
	*byte_at(mms[1], A + 5 * P + 9) = 1;
	CHECK_EQ(*(unsigned char *)__va(PFN_PHYS(parent.pfn + 5) + 9), 0x5a);
	CHECK_EQ(leaf_at(mms[0], A).level, PT_PMD);
	/* the parent's leaf and 511 of the child's PTEs map the compound page */
	CHECK_EQ(page_mapcount(pfn_to_page(parent.pfn)), 512);
	CHECK_EQ(page_count(pfn_to_page(parent.pfn + 100)), 512);
	check_mms(mms, 2);
	mm_destroy(mms[0]);
	check_mms(&mms[1], 1);
	mm_destroy(mms[1]);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK(page_alloc_verify() == NULL);
}

/* A 1 GiB leaf with no 1 GiB page for the copy splits into PMD leaves and copies 2 MiB. */
TEST(thp_clone_write_without_a_gib_page_copies_one_pmd)
{
	unsigned long out, free_before;
	struct mm_struct *mms[2];
	struct leaf parent;

	load_big_ram();
	free_before = nr_free_pages();
	mms[0] = mm_create();
	CHECK_EQ(mm_mmap_anon(mms[0], A, G, RW, &out), 0);
	CHECK_EQ(do_madvise(mms[0], A, G, MADV_HUGEPAGE), 0);
	fault(mms[0], A, FAULT_FLAG_WRITE);
	parent = leaf_at(mms[0], A);
	CHECK_EQ(parent.level, PT_PUD);
	*byte_at(mms[0], A + 3 * M2 + 1) = 0x77;
	CHECK_EQ(mm_clone(mms[0], &mms[1]), 0);
	page_alloc_fail_nth(1);
	CHECK(fault(mms[1], A + 3 * M2, FAULT_FLAG_WRITE) == VM_FAULT_NOPAGE);
	CHECK_EQ(leaf_at(mms[1], A + 3 * M2).level, PT_PMD);
	CHECK(leaf_at(mms[1], A + 3 * M2).pfn != parent.pfn + 3 * 512);
	CHECK_EQ(*byte_at(mms[1], A + 3 * M2 + 1), 0x77);
	CHECK_EQ(leaf_at(mms[1], A).pfn, parent.pfn);
	CHECK_EQ(page_mapcount(pfn_to_page(parent.pfn)), 512);
	check_mms(mms, 2);
	mm_destroy(mms[1]);
	mm_destroy(mms[0]);
	CHECK_EQ(nr_free_pages(), free_before);
	end_big_ram();
}

/* mprotect and munmap of part of a huge leaf split it; counts stay right, pages come back. */
TEST(thp_partial_mprotect_and_munmap_split_with_exact_counts)
{
	unsigned long out, free_before;
	struct mm_struct *mm;
	pfn_t pfn;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, A, 2 * M2, RW, &out), 0);
	fault(mm, A, FAULT_FLAG_WRITE);
	fault(mm, A + M2, FAULT_FLAG_WRITE);
	*byte_at(mm, A + M2 + 3 * P) = 9;
	pfn = leaf_at(mm, A).pfn;
	CHECK_EQ(mm_mprotect(mm, A + P, P, PROT_READ), 0);
	CHECK_EQ(leaf_at(mm, A).level, PT_PTE);
	CHECK_EQ(leaf_at(mm, A + 2 * P).pfn, pfn + 2);
	CHECK_EQ(page_mapcount(pfn_to_page(pfn)), 512);
	check_mms(&mm, 1);
	CHECK_EQ(do_munmap(mm, A + M2, 2 * P), 0);
	CHECK_EQ(leaf_at(mm, A + M2 + 3 * P).level, PT_PTE);
	CHECK_EQ(*byte_at(mm, A + M2 + 3 * P), 9);
	check_mms(&mm, 1);
	CHECK_EQ(do_munmap(mm, A, 2 * M2), 0);
	CHECK_EQ(nr_compound_pages(PMD_ORDER), 0);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
}

/* The checker sees a map count or a huge leaf that does not match its compound page. */
TEST(thp_checker_catches_bad_compound_counts)
{
	unsigned long out, free_before;
	struct pgtable_check_report rep;
	struct mm_struct *mm;
	struct page *head;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, A, M2, RW, &out), 0);
	fault(mm, A, FAULT_FLAG_WRITE);
	head = pfn_to_page(leaf_at(mm, A).pfn);
	head->mapcount++;
	CHECK_EQ(pgtable_check(mm, &rep), 1);
	CHECK(rep.first_error &&
	      !strcmp(rep.first_error, "page mapcount does not match its mappings"));
	head->mapcount--;
	head->order--;
	CHECK_EQ(pgtable_check(mm, &rep), 1);
	CHECK(rep.first_error &&
	      !strcmp(rep.first_error, "huge leaf without a compound page of its order"));
	head->order++;
	CHECK_EQ(pgtable_check(mm, &rep), 0);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
}

/* Compound pages: tails lead to the head, one count for all, the last put frees the order. */
TEST(thp_compound_page_counts_on_the_head)
{
	unsigned long free_before;
	struct page *head;

	host_env_init();
	free_before = nr_free_pages();
	head = alloc_pages_gfp(__GFP_COMP, PMD_ORDER);
	CHECK(head != NULL);
	CHECK(PageHead(head) && !PageTail(head));
	CHECK(PageTail(head + 1) && PageTail(head + 511));
	CHECK(compound_head(head + 300) == head);
	CHECK_EQ(compound_order(head), PMD_ORDER);
	CHECK_EQ(nr_compound_pages(PMD_ORDER), 1);
	get_page(head + 17);
	CHECK_EQ(page_count(head), 2);
	CHECK_EQ(page_count(head + 511), 2);
	put_page(head + 511);
	CHECK_EQ(page_count(head), 1);
	put_page(head + 3);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_compound_pages(PMD_ORDER), 0);
	CHECK(!PageTail(head + 1));
	CHECK(page_alloc_verify() == NULL);
}

/* madvise splits the VMAs at the range edges, merges them back, and reports holes as Linux. */
TEST(madvise_hugepage_splits_and_merges_vmas)
{
	unsigned long out, free_before;
	struct vm_area_struct *vma;
	struct mm_struct *mm;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, A, 8 * P, RW, &out), 0);
	CHECK_EQ(do_madvise(mm, A + 2 * P, 3 * P, MADV_HUGEPAGE), 0);
	CHECK_EQ(mm->map_count, 3);
	vma = find_vma(mm, A + 2 * P);
	CHECK_EQ(vma->vm_start, A + 2 * P);
	CHECK_EQ(vma->vm_end, A + 5 * P);
	CHECK(vma->vm_flags & VM_HUGEPAGE);
	CHECK(!(find_vma(mm, A)->vm_flags & VM_HUGEPAGE));
	CHECK_EQ(do_madvise(mm, A + 3 * P, P - 1, MADV_NOHUGEPAGE), 0);
	CHECK_EQ(mm->map_count, 5);
	CHECK(find_vma(mm, A + 3 * P)->vm_flags & VM_NOHUGEPAGE);
	CHECK(!(find_vma(mm, A + 3 * P)->vm_flags & VM_HUGEPAGE));
	CHECK_EQ(do_madvise(mm, A, 8 * P, MADV_HUGEPAGE), 0);
	CHECK_EQ(mm->map_count, 1);
	CHECK(vma_verify(mm) == NULL);
	/* errors */
	CHECK_EQ(do_madvise(mm, A + 1, P, MADV_HUGEPAGE), -EINVAL);
	CHECK_EQ(do_madvise(mm, A, P, 99), -EINVAL);
	CHECK_EQ(do_madvise(mm, A, -P, MADV_HUGEPAGE), -EINVAL);
	CHECK_EQ(do_madvise(mm, A, 0, MADV_HUGEPAGE), 0);
	CHECK_EQ(do_madvise(mm, A + 8 * P, P, MADV_HUGEPAGE), -ENOMEM);
	/* a hole: -ENOMEM, and the mapped part is advised all the same */
	CHECK_EQ(do_madvise(mm, A + 4 * P, 8 * P, MADV_NOHUGEPAGE), -ENOMEM);
	CHECK(find_vma(mm, A + 7 * P)->vm_flags & VM_NOHUGEPAGE);
	CHECK(find_vma(mm, A)->vm_flags & VM_HUGEPAGE);
	CHECK_EQ(mm->map_count, 2);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
}

/* Anonymous mappings of 2 MiB or more are placed on the largest leaf size that fits. */
TEST(mmap_anon_placement_aligns_to_the_largest_leaf)
{
	unsigned long out, free_before;
	struct mm_struct *mm;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, 0, 3 * P, RW, &out), 0);
	CHECK_EQ(out, MMAP_BASE);
	CHECK_EQ(mm_mmap_anon(mm, 0, M2 + P, RW, &out), 0);
	CHECK(IS_ALIGNED(out, M2) && out > MMAP_BASE);
	CHECK_EQ(mm_mmap_anon(mm, 0, G, RW, &out), 0);
	CHECK(IS_ALIGNED(out, G));
	CHECK_EQ(mm_mmap_anon(mm, 0, 2 * M2, RW | VM_SHARED, &out), 0);
	CHECK(!IS_ALIGNED(out, M2)); /* shared anonymous memory stays at 4 KiB leaves */
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
}

/* A VMA split by madvise inside a huge leaf splits the leaf: no leaf crosses a VMA's edge. */
TEST(madvise_inside_a_huge_leaf_splits_it)
{
	unsigned long out, free_before;
	struct mm_struct *mm;

	load_big_ram();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, A, G, RW, &out), 0);
	CHECK_EQ(do_madvise(mm, A, G, MADV_HUGEPAGE), 0);
	fault(mm, A, FAULT_FLAG_WRITE);
	*byte_at(mm, A + M2 + 5 * P) = 3;
	CHECK_EQ(leaf_at(mm, A).level, PT_PUD);
	CHECK_EQ(do_madvise(mm, A + M2 + 4 * P, P, MADV_NOHUGEPAGE), 0);
	CHECK_EQ(mm->map_count, 3);
	CHECK_EQ(leaf_at(mm, A).level, PT_PMD);
	CHECK_EQ(leaf_at(mm, A + M2 + 4 * P).level, PT_PTE);
	CHECK_EQ(leaf_at(mm, A + 2 * M2).level, PT_PMD);
	CHECK_EQ(*byte_at(mm, A + M2 + 5 * P), 3);
	check_mms(&mm, 1);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
	end_big_ram();
}

static void collect_line(const char *line, void *priv)
{
	char *buf = priv;

	strncat(buf, line, 1023 - strlen(buf));
	strncat(buf, "\n", 1023 - strlen(buf));
}

/* ptdump shows anonymous huge leaves at their level, without the special bit. */
TEST(thp_ptdump_shows_anonymous_huge_leaves)
{
	unsigned long out, free_before;
	struct mm_struct *mm;
	static const char want[] =
		"0x0000000100000000-0x0000000140000000     1G PUD RW-U -       normal\n"
		"0x0000000140000000-0x0000000140200000     2M PMD RW-U -       normal\n";
	char buf[1024] = "";

	load_big_ram();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, A, G + M2, RW, &out), 0);
	CHECK_EQ(do_madvise(mm, A, G + M2, MADV_HUGEPAGE), 0);
	fault(mm, A, FAULT_FLAG_WRITE);
	fault(mm, A + G, FAULT_FLAG_WRITE);
	ptdump(mm, collect_line, buf);
	CHECK(!strcmp(buf, want));
	CHECK_EQ(thp_anon_bytes(PUD_ORDER), G);
	CHECK_EQ(thp_anon_bytes(PMD_ORDER), M2);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
	end_big_ram();
}
