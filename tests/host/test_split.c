/*
 * Partial operations on huge leaves (mm/memory.c: split_tables_*, split_huge_*): every kind of
 * VMA (one row of split_kinds[]: pfnmaps, private anonymous transparent huge pages, small pages)
 * with every operation (one row of split_ops[]) at cuts through its leaves. Each case fails the
 * N-th page allocation for every N until the operation succeeds: every failure must be -ENOMEM
 * with the address space bit-identical (a hash over every leaf's raw entry and mapped page's
 * reference and mapping counts, every VMA and the table count) and no page leaked; the success
 * must give the
 * operation's result, read through a walk of the tables of its own (pfn, write bit, and the data
 * the test wrote before, through the direct map), and pass the page-table checker.
 */
#include <errno.h>
#include <string.h>

#include <memlayout.h>

#include "host_env.h"
#include "leaf_walk.h"
#include "mm/huge_memory.h"
#include "mm/madvise.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mprotect.h"
#include "mm/mremap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/pgtable_check.h"
#include "mm/slab.h"
#include "mm/vma.h"
#include "tap.h"

#define P PAGE_SIZE
#define RW (VM_READ | VM_WRITE)
/* pfnmaps reach arena memory the allocator does not manage: its second GiB. */
#define DEV_PFN PHYS_PFN(HOST_PHYS_BASE + SZ_1G)

/* ------------------------------------------------------------ the whole address space, hashed */

static void hash_in(u64 *h, u64 v)
{
	for (unsigned int i = 0; i < 8; i++, v >>= 8)
		*h = (*h ^ (v & 0xff)) * 0x100000001b3ULL;
}

/*
 * A leaf (PTE view) into the hash: its address, its raw entry and, when it maps a page (an
 * anonymous page or part of a huge page's compound page), that page's reference and mapping
 * counts, so that a split undone or left half-way shows even where the entries look alike.
 */
static void hash_leaf(u64 *h, unsigned long addr, u64 raw, pte_t leaf, pfn_t pfn)
{
	hash_in(h, addr);
	hash_in(h, raw);
	if (pte_present(leaf) && !pte_special(leaf)) {
		hash_in(h, page_count(pfn_to_page(pfn)));
		hash_in(h, page_mapcount(pfn_to_page(pfn)));
	}
}

static int hash_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t e = pudp_get(pud);

	hash_leaf(priv, addr, pud_val(e), pud_pte(e), pud_pfn(e));
	return 0;
}

static int hash_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t e = pmdp_get(pmd);

	hash_leaf(priv, addr, pmd_val(e), pmd_pte(e), pmd_pfn(e));
	return 0;
}

static int hash_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t e = ptep_get(pte);

	hash_leaf(priv, addr, pte_val(e), e, pte_pfn(e));
	return 0;
}

/* Every leaf's address and raw entry, every VMA, the table count: equal hashes, equal spaces. */
static u64 space_hash(struct mm_struct *mm)
{
	static const struct pt_walk_ops ops = { .pud_entry = hash_pud,
						.pmd_entry = hash_pmd,
						.pte_entry = hash_pte };
	struct vm_area_struct *vma;
	u64 h = 0xcbf29ce484222325ULL;

	pgtable_walk(mm->pgd, 0, USER_VA_END, &ops, &h);
	for_each_vma(mm, vma) {
		hash_in(&h, vma->vm_start);
		hash_in(&h, vma->vm_end);
		hash_in(&h, vma->vm_flags);
		hash_in(&h, vma->vm_pgoff);
	}
	hash_in(&h, mm->nr_pgtables);
	return h;
}

/* ------------------------------------------------------------ the table of VMA kinds */

/* The RAM a kind needs: a 1 GiB huge page needs all of the arena, pfnmaps its second GiB free. */
enum kind_ram { DEFAULT_RAM, WHOLE_ARENA };

struct split_kind {
	const char *name;
	unsigned long len;
	enum pt_level level; /* of the leaves once faulted */
	enum kind_ram ram;
	int (*map)(struct mm_struct *mm, unsigned long len, unsigned long *addr);
	struct {
		unsigned long off, len;
	} cuts[3]; /* ranges relative to the mapping's start; len 0 ends the list */
};

static int map_pfnmap(struct mm_struct *mm, unsigned long len, unsigned long *addr)
{
	return mm_mmap_pfn(mm, 0, DEV_PFN, len, RW | VM_SHARED, MT_DEVICE, addr);
}

static int map_anon(struct mm_struct *mm, unsigned long len, unsigned long *addr)
{
	return mm_mmap_anon(mm, 0, len, RW, addr);
}

/*
 * Private anonymous memory faulted as transparent huge pages: mode always, and MADV_HUGEPAGE,
 * which a PUD leaf needs.
 */
static int map_anon_thp(struct mm_struct *mm, unsigned long len, unsigned long *addr)
{
	int err = mm_mmap_anon(mm, 0, len, RW, addr);

	thp_set_mode(THP_ALWAYS);
	return err ? err : do_madvise(mm, *addr, len, MADV_HUGEPAGE);
}

static int map_anon_shared(struct mm_struct *mm, unsigned long len, unsigned long *addr)
{
	return mm_mmap_anon(mm, 0, len, RW | VM_SHARED, addr);
}

/* One row per kind of VMA (a line or two each: clang-format would make each a block). */
/* clang-format off */
static const struct split_kind split_kinds[] = {
	{ "pfnmap PUD", SZ_1G, PT_PUD, DEFAULT_RAM, map_pfnmap,
	  { { 5 * P, P }, { SZ_2M + P, 2 * SZ_2M }, { SZ_2M, SZ_2M } } },
	{ "pfnmap PMD", 2 * SZ_2M, PT_PMD, DEFAULT_RAM, map_pfnmap,
	  { { SZ_2M - P, 2 * P }, { P, P } } },
	{ "anon THP PUD", SZ_1G, PT_PUD, WHOLE_ARENA, map_anon_thp,
	  { { 5 * P, P }, { SZ_2M + P, 2 * SZ_2M }, { SZ_2M, SZ_2M } } },
	{ "anon THP PMD", 2 * SZ_2M, PT_PMD, DEFAULT_RAM, map_anon_thp,
	  { { SZ_2M - P, 2 * P }, { P, P } } },
	{ "anon 4K", 16 * P, PT_PTE, DEFAULT_RAM, map_anon, { { 3 * P, 2 * P }, { 0, P } } },
	{ "anon shared 4K", 16 * P, PT_PTE, DEFAULT_RAM, map_anon_shared,
	  { { 3 * P, 2 * P }, { 15 * P, P } } },
};
/* clang-format on */

/* ------------------------------------------------------------ the table of operations */

/* One case: a kind, a cut, and what the addresses held before. */
struct split_case {
	struct mm_struct *mm;
	unsigned long start, end;	  /* the mapping */
	unsigned long cut_start, cut_end; /* the operation's range */
	unsigned long dest;		  /* where a move puts cut_start */
};

enum sample_place { OUTSIDE_CUT, INSIDE_CUT };

struct split_op {
	const char *name;
	int (*run)(struct split_case *c);
	long pfnmap_err; /* 0, or what the operation answers on a pfnmap (changing nothing) */
	/* Check one sampled address after success; l is its leaf, before its leaf before. */
	void (*check)(struct split_case *c, unsigned long addr, enum sample_place place,
		      struct leaf l, struct leaf before);
};

static int run_munmap(struct split_case *c)
{
	return do_munmap(c->mm, c->cut_start, c->cut_end - c->cut_start);
}

static int run_mprotect(struct split_case *c)
{
	return mm_mprotect(c->mm, c->cut_start, c->cut_end - c->cut_start, PROT_READ);
}

/* Outside the cut every operation leaves the leaf as it was: same pfn and data, writable. */
static void check_untouched(unsigned long addr, struct leaf l, struct leaf before)
{
	CHECK(l.present);
	CHECK_EQ(l.pfn, before.pfn);
	CHECK(l.writable);
	if (l.present)
		CHECK_EQ(*word_at(l, addr), addr);
}

static void check_munmap(struct split_case *c, unsigned long addr, enum sample_place place,
			 struct leaf l, struct leaf before)
{
	if (place == OUTSIDE_CUT) {
		check_untouched(addr, l, before);
		return;
	}
	CHECK(!l.present);
	CHECK(find_vma_intersection(c->mm, addr, addr + P) == NULL);
}

static void check_mprotect(struct split_case *c, unsigned long addr, enum sample_place place,
			   struct leaf l, struct leaf before)
{
	if (place == OUTSIDE_CUT) {
		check_untouched(addr, l, before);
		return;
	}
	CHECK(l.present);
	CHECK(!l.writable);
	CHECK_EQ(l.pfn, before.pfn);
	if (l.present)
		CHECK_EQ(*word_at(l, addr), addr);
}

/*
 * Moves go 4 GiB up, which keeps every alignment of the source (aligned: huge leaves move as
 * entries), or one page further (misaligned: every huge leaf splits down to PTEs).
 */
static int run_mremap(struct split_case *c, unsigned long shift)
{
	unsigned long out;
	int err;

	c->dest = c->cut_start + 4 * SZ_1G + shift;
	err = do_mremap(c->mm, c->cut_start, c->cut_end - c->cut_start, c->cut_end - c->cut_start,
			MREMAP_MAYMOVE | MREMAP_FIXED, c->dest, &out);
	if (!err)
		CHECK_EQ(out, c->dest);
	return err;
}

static int run_mremap_aligned(struct split_case *c)
{
	return run_mremap(c, 0);
}

static int run_mremap_misaligned(struct split_case *c)
{
	return run_mremap(c, P);
}

/* Inside the cut: gone from the source, the same pfn and data at the destination. */
static void check_mremap(struct split_case *c, unsigned long addr, enum sample_place place,
			 struct leaf l, struct leaf before)
{
	unsigned long to = c->dest + (addr - c->cut_start);
	struct leaf moved = leaf_at(c->mm, to);

	if (place == OUTSIDE_CUT) {
		check_untouched(addr, l, before);
		return;
	}
	CHECK(!l.present);
	CHECK(moved.present);
	CHECK_EQ(moved.pfn, before.pfn);
	CHECK(moved.writable);
	if (moved.present)
		CHECK_EQ(*word_at(moved, to), addr);
}

static int run_dontneed(struct split_case *c)
{
	return do_madvise(c->mm, c->cut_start, c->cut_end - c->cut_start, MADV_DONTNEED);
}

/*
 * Inside the cut: no entry left; a read faults in zeroes for private memory, the data kept in
 * the page store for shared memory.
 */
static void check_dontneed(struct split_case *c, unsigned long addr, enum sample_place place,
			   struct leaf l, struct leaf before)
{
	struct vm_area_struct *vma = find_vma(c->mm, addr);
	u64 want = vma->vm_flags & VM_SHARED ? addr : 0;

	if (place == OUTSIDE_CUT) {
		check_untouched(addr, l, before);
		return;
	}
	CHECK(!l.present);
	CHECK_EQ(handle_mm_fault(vma, addr, 0) & VM_FAULT_ERROR, 0);
	l = leaf_at(c->mm, addr);
	CHECK(l.present);
	if (l.present)
		CHECK_EQ(*word_at(l, addr), want);
}

static const struct split_op split_ops[] = {
	{ "munmap", run_munmap, 0, check_munmap },
	{ "mprotect", run_mprotect, 0, check_mprotect },
	{ "mremap to an aligned destination", run_mremap_aligned, 0, check_mremap },
	{ "mremap to a misaligned destination", run_mremap_misaligned, 0, check_mremap },
	{ "madvise DONTNEED", run_dontneed, -EINVAL, check_dontneed },
};

/* ------------------------------------------------------------ running one case */

#define NR_SAMPLES 8

/* The addresses a case checks: both sides of both edges, the ends, the middle of the cut. */
static void samples(const struct split_case *c, unsigned long *s)
{
	unsigned long mid = ALIGN_DOWN((c->cut_start + c->cut_end) / 2, P);
	unsigned long cand[NR_SAMPLES] = {
		c->start,	c->cut_start - P, c->cut_start, mid,
		c->cut_end - P, c->cut_end,	  c->end - P,	(c->start + c->end) / 2 & PAGE_MASK,
	};

	for (unsigned int i = 0; i < NR_SAMPLES; i++)
		s[i] = cand[i] >= c->start && cand[i] < c->end ? cand[i] : c->start;
}

/* Fault every sampled address in for writing and store its own address there. */
static void fill(struct split_case *c, const unsigned long *s, struct leaf *before)
{
	for (unsigned int i = 0; i < NR_SAMPLES; i++) {
		struct vm_area_struct *vma = find_vma(c->mm, s[i]);

		CHECK_EQ(handle_mm_fault(vma, s[i], FAULT_FLAG_WRITE) & VM_FAULT_ERROR, 0);
		before[i] = leaf_at(c->mm, s[i]);
		CHECK(before[i].present);
		if (before[i].present)
			*word_at(before[i], s[i]) = s[i];
	}
}

static void check_space(struct mm_struct *mm)
{
	struct pgtable_check_report rep;

	CHECK_EQ(pgtable_check(mm, &rep), 0);
	if (rep.nr_errors)
		printf("# pgtable_check: %s at %#lx\n", rep.first_error, rep.first_addr);
	CHECK(vma_verify(mm) == NULL);
}

static unsigned long pages_in_use(void)
{
	return nr_free_pages() - nr_slab_pages();
}

/* Fail the N-th allocation of op for every N until it succeeds; returns how many failed. */
static unsigned long sweep(const struct split_op *op, struct split_case *c)
{
	u64 hash = space_hash(c->mm);
	unsigned long free = pages_in_use(), n;
	int err;

	for (n = 1;; n++) {
		page_alloc_fail_nth(n);
		err = op->run(c);
		page_alloc_fail_nth(0);
		if (err != -ENOMEM)
			break;
		CHECK_EQ(space_hash(c->mm), hash);
		CHECK_EQ(pages_in_use(), free);
	}
	CHECK_EQ(err, 0);
	return n - 1;
}

static void run_case(const struct split_kind *k, unsigned int cut, const struct split_op *op)
{
	static const struct boot_mem_region whole_arena = { HOST_PHYS_BASE, HOST_ARENA_SIZE,
							    BOOT_MEM_FREE, 0 };
	unsigned long before_pages, s[NR_SAMPLES], failures;
	struct leaf before[NR_SAMPLES], after[NR_SAMPLES];
	struct split_case c;

	host_env_init();
	if (k->ram == WHOLE_ARENA)
		CHECK_EQ(host_env_load(&whole_arena, 1), 0);
	before_pages = nr_free_pages();
	c.mm = mm_create();
	CHECK_EQ(k->map(c.mm, k->len, &c.start), 0);
	c.end = c.start + k->len;
	c.cut_start = c.start + k->cuts[cut].off;
	c.cut_end = c.cut_start + k->cuts[cut].len;
	samples(&c, s);
	fill(&c, s, before);
	CHECK_EQ(before[0].level, k->level);
	if (k->map == map_pfnmap && op->pfnmap_err) {
		u64 hash = space_hash(c.mm);

		CHECK_EQ(op->run(&c), op->pfnmap_err);
		CHECK_EQ(space_hash(c.mm), hash);
		mm_destroy(c.mm);
		CHECK_EQ(nr_free_pages(), before_pages);
		return;
	}
	failures = sweep(op, &c);
	printf("# %s of [%#lx, %#lx) in %s: %lu allocation failures changed nothing\n", op->name,
	       k->cuts[cut].off, k->cuts[cut].off + k->cuts[cut].len, k->name, failures);
	/* Every leaf first: a check may fault its address in, and samples may repeat. */
	for (unsigned int i = 0; i < NR_SAMPLES; i++)
		after[i] = leaf_at(c.mm, s[i]);
	for (unsigned int i = 0; i < NR_SAMPLES; i++) {
		enum sample_place place = s[i] >= c.cut_start && s[i] < c.cut_end ? INSIDE_CUT :
										    OUTSIDE_CUT;

		op->check(&c, s[i], place, after[i], before[i]);
	}
	check_space(c.mm);
	mm_destroy(c.mm);
	CHECK_EQ(nr_free_pages(), before_pages);
	CHECK_EQ(nr_slab_pages(), 0);
	if (k->ram == WHOLE_ARENA)
		host_env_reset();
}

static void run_op(const struct split_op *op)
{
	for (unsigned int k = 0; k < ARRAY_SIZE(split_kinds); k++)
		for (unsigned int cut = 0; cut < 3 && split_kinds[k].cuts[cut].len; cut++)
			run_case(&split_kinds[k], cut, op);
}

TEST(split_munmap_partial_all_or_nothing_at_every_allocation)
{
	run_op(&split_ops[0]);
}

TEST(split_mprotect_partial_all_or_nothing_at_every_allocation)
{
	run_op(&split_ops[1]);
}

TEST(split_mremap_partial_all_or_nothing_at_every_allocation)
{
	run_op(&split_ops[2]);
	run_op(&split_ops[3]);
}

TEST(split_madvise_dontneed_partial_all_or_nothing_at_every_allocation)
{
	run_op(&split_ops[4]);
}
