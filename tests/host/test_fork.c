/*
 * Host tests of mm_clone / dup_mm (mm/fork.c) and the copy-on-write break (mm/memory.c): a clone
 * of an address space holding private anonymous memory (touched and untouched), shared anonymous
 * memory and pfnmaps at all three leaf sizes, shared and copy-on-write; data and isolation on
 * both sides with writes driven through handle_mm_fault(), the leaves' pfns and write bits, the
 * notifier brackets and the one TLB flush, the page-table checker on both, exact page accounting
 * on destroy, and every allocation failure a clone can meet.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host_arch.h"
#include "host_env.h"
#include "host_kernel.h"
#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable.h"
#include "mm/pgtable_check.h"
#include "mm/slab.h"
#include "mm/vma.h"
#include "tap.h"

#define P PAGE_SIZE
#define RW (VM_READ | VM_WRITE)
#define ANON_PAGES 64
#define SHARED_PAGES 16
/* Private anonymous memory across a pgd boundary, so the clone allocates tables at each level. */
#define HIGH_ANON (0x7f0000000000UL - 4 * P)
#define HIGH_PAGES 8
/* pfnmaps reach arena memory the allocator does not manage: its second GiB. */
#define DEV_PFN PHYS_PFN(HOST_PHYS_BASE + SZ_1G)

/* The leaf that maps an address, read by an independent walk. */
struct leaf {
	bool present;
	enum pt_level level;
	pfn_t pfn; /* of the page holding the address */
	pte_t flags;
};

static int leaf_fill(struct leaf *l, enum pt_level level, pfn_t pfn, pte_t flags,
		     unsigned long offset)
{
	*l = (struct leaf){ true, level, pfn + (offset >> PAGE_SHIFT), flags };
	return 1;
}

static int pud_cb(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t e = pudp_get(pud);

	return leaf_fill(priv, PT_PUD, pud_pfn(e), pud_pte(e), addr & ~PUD_MASK);
}

static int pmd_cb(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t e = pmdp_get(pmd);

	return leaf_fill(priv, PT_PMD, pmd_pfn(e), pmd_pte(e), addr & ~PMD_MASK);
}

static int pte_cb(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t e = ptep_get(pte);

	return leaf_fill(priv, PT_PTE, pte_pfn(e), e, 0);
}

static struct leaf leaf_at(struct mm_struct *mm, unsigned long addr)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = pud_cb,
		.pmd_entry = pmd_cb,
		.pte_entry = pte_cb,
	};
	struct leaf l = { 0 };

	pgtable_walk(mm->pgd, addr & PAGE_MASK, (addr & PAGE_MASK) + P, &ops, &l);
	return l;
}

static vm_fault_t fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma ? handle_mm_fault(vma, addr, flags) : VM_FAULT_SIGSEGV;
}

static u64 *word_at(struct leaf l, unsigned long addr)
{
	return (u64 *)__va(PFN_PHYS(l.pfn) + (addr & ~PAGE_MASK));
}

/* A user load: a read fault first when nothing maps addr, as the trap path would do. */
static u64 user_read(struct mm_struct *mm, unsigned long addr)
{
	struct leaf l = leaf_at(mm, addr);

	if (!l.present) {
		CHECK_EQ(fault(mm, addr, 0) & VM_FAULT_ERROR, 0);
		l = leaf_at(mm, addr);
	}
	CHECK(l.present);
	return l.present ? *word_at(l, addr) : 0;
}

/*
 * A copy-on-write mapping of device memory is read-only (docs/rules.md, R4): a user store faults,
 * so the test stores as the device would, through the pfn.
 */
static bool device_write(struct mm_struct *mm, unsigned long addr, u64 val)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	struct leaf l;

	if (!vma || !(vma->vm_flags & VM_PFNMAP) || !is_cow_mapping(vma->vm_flags))
		return false;
	CHECK_EQ(fault(mm, addr, 0) & VM_FAULT_ERROR, 0);
	l = leaf_at(mm, addr);
	CHECK(l.present && !pte_write(l.flags));
	CHECK_EQ(fault(mm, addr, FAULT_FLAG_WRITE), VM_FAULT_SIGSEGV);
	if (l.present)
		*word_at(l, addr) = val;
	return true;
}

/* A user store: a write fault first unless a writable leaf maps addr. */
static void user_write(struct mm_struct *mm, unsigned long addr, u64 val)
{
	struct leaf l = leaf_at(mm, addr);

	if (device_write(mm, addr, val))
		return;
	if (!l.present || !pte_write(l.flags)) {
		CHECK_EQ(fault(mm, addr, FAULT_FLAG_WRITE) & VM_FAULT_ERROR, 0);
		l = leaf_at(mm, addr);
	}
	CHECK(l.present && pte_write(l.flags));
	if (l.present)
		*word_at(l, addr) = val;
}

static void check_tables(struct mm_struct *a, struct mm_struct *b)
{
	struct mm_struct *mms[] = { a, b };
	struct pgtable_check_report rep;

	CHECK_EQ(pgtable_check_mms(mms, b ? 2 : 1, &rep), 0);
	if (rep.nr_errors)
		printf("# pgtable_check: %s at %#lx\n", rep.first_error, rep.first_addr);
}

/* What the test address space holds, and where. */
enum { PFN_PUD, PFN_PMD, PFN_PTE, NR_PFN_SIZES };

struct space {
	struct mm_struct *mm;
	unsigned long anon, shared;
	unsigned long pfn_va[NR_PFN_SIZES][2]; /* [size][0: shared, 1: copy-on-write] */
};

static const unsigned long pfn_len[NR_PFN_SIZES] = { SZ_1G, 2 * SZ_2M, 4 * P };
static const enum pt_level pfn_level[NR_PFN_SIZES] = { PT_PUD, PT_PMD, PT_PTE };
/* Physical offsets inside the device GiB; the PTE one is misaligned so only PTEs fit. */
static const unsigned long pfn_off[NR_PFN_SIZES][2] = {
	{ 0, 0 },
	{ 64 * SZ_2M, 96 * SZ_2M },
	{ 200 * SZ_2M + P, 201 * SZ_2M + 3 * P },
};

/* The addresses a test touches in each mapping (all pages of the small ones). */
#define FOR_EACH_ADDR(s, addr, body)                                                               \
	do {                                                                                       \
		for (unsigned long i_ = 0; i_ < ANON_PAGES; i_ += 2) {                             \
			unsigned long addr = (s)->anon + i_ * P + 8;                               \
			body;                                                                      \
		}                                                                                  \
		for (unsigned long i_ = 0; i_ < SHARED_PAGES; i_++) {                              \
			unsigned long addr = (s)->shared + i_ * P + 16;                            \
			body;                                                                      \
		}                                                                                  \
		for (unsigned long i_ = 0; i_ < HIGH_PAGES; i_++) {                                \
			unsigned long addr = HIGH_ANON + i_ * P;                                   \
			body;                                                                      \
		}                                                                                  \
		for (unsigned int z_ = 0; z_ < NR_PFN_SIZES; z_++)                                 \
			for (unsigned int c_ = 0; c_ < 2; c_++)                                    \
				for (unsigned long o_ = 0; o_ < pfn_len[z_];                       \
				     o_ += pfn_len[z_] / 4) {                                      \
					unsigned long addr =                                       \
						(s)->pfn_va[z_][c_] + o_ + 24 + 8 * c_;            \
					body;                                                      \
				}                                                                  \
	} while (0)

static u64 pattern(unsigned long addr, unsigned int gen)
{
	return (addr * 0x9e3779b97f4a7c15UL) ^ gen;
}

/*
 * Build the source: private anonymous memory with every other page touched, shared anonymous
 * memory, and a shared and a copy-on-write pfnmap at each leaf size, all faulted in and written.
 */
static void build_space(struct space *s)
{
	unsigned long high;

	s->mm = mm_create();
	CHECK(s->mm != NULL);
	CHECK_EQ(mm_mmap_anon(s->mm, 0, ANON_PAGES * P, RW, &s->anon), 0);
	CHECK_EQ(mm_mmap_anon(s->mm, 0, SHARED_PAGES * P, RW | VM_SHARED, &s->shared), 0);
	CHECK_EQ(mm_mmap_anon(s->mm, HIGH_ANON, HIGH_PAGES * P, RW, &high), 0);
	for (unsigned int z = 0; z < NR_PFN_SIZES; z++)
		for (unsigned int cow = 0; cow < 2; cow++)
			CHECK_EQ(mm_mmap_pfn(s->mm, 0, DEV_PFN + PHYS_PFN(pfn_off[z][cow]),
					     pfn_len[z], RW | (cow ? 0 : VM_SHARED), MT_NORMAL,
					     &s->pfn_va[z][cow]),
				 0);
	FOR_EACH_ADDR(s, addr, user_write(s->mm, addr, pattern(addr, 0)));
	for (unsigned int z = 0; z < NR_PFN_SIZES; z++)
		for (unsigned int cow = 0; cow < 2; cow++) {
			struct leaf l = leaf_at(s->mm, s->pfn_va[z][cow]);

			CHECK_EQ(l.level, pfn_level[z]);
			CHECK_EQ(pte_write(l.flags), !cow);
		}
}

/* Every touched word of s reads gen's pattern (and untouched private pages read zero). */
static void check_data(struct mm_struct *mm, const struct space *s, unsigned int gen)
{
	unsigned long bad = 0;

	FOR_EACH_ADDR(s, addr, bad += user_read(mm, addr) != pattern(addr, gen));
	CHECK_EQ(bad, 0);
}

/* The pfnmap leaves of child match the source's: same level and pfn; write bit only if shared. */
static void check_pfn_leaves(struct mm_struct *src, struct mm_struct *child, const struct space *s)
{
	for (unsigned int z = 0; z < NR_PFN_SIZES; z++)
		for (unsigned int cow = 0; cow < 2; cow++) {
			unsigned long va = s->pfn_va[z][cow] + pfn_len[z] - P;
			struct leaf a = leaf_at(src, va), b = leaf_at(child, va);

			CHECK(a.present && b.present);
			CHECK_EQ(b.level, pfn_level[z]);
			CHECK_EQ(b.pfn, a.pfn);
			CHECK_EQ(b.pfn, DEV_PFN + PHYS_PFN(pfn_off[z][cow] + pfn_len[z] - P));
			CHECK(pte_special(b.flags));
			CHECK_EQ(pte_write(b.flags), !cow);
			CHECK_EQ(pte_write(a.flags), !cow);
		}
}

/* A notifier that counts brackets by event and checks each start has its end over the range. */
struct bracket_log {
	struct mmu_notifier mn;
	unsigned long starts[MMU_NOTIFY_RELEASE + 1], ends[MMU_NOTIFY_RELEASE + 1];
	unsigned long open, bytes[MMU_NOTIFY_RELEASE + 1];
	unsigned long flushes_at_start,
		flushes_at_end; /* TLB flushes when the last opened/closed */
	struct mmu_notifier_range last;
};

static unsigned long user_flushes(void)
{
	return host_arch_calls.flush_tlb_user_range + host_arch_calls.flush_tlb_user_all;
}

static void log_start(struct mmu_notifier *mn, const struct mmu_notifier_range *r)
{
	struct bracket_log *log = (struct bracket_log *)mn;

	log->starts[r->event]++;
	log->bytes[r->event] += r->end - r->start;
	log->open++;
	log->flushes_at_start = user_flushes();
	log->last = *r;
}

static void log_end(struct mmu_notifier *mn, const struct mmu_notifier_range *r)
{
	struct bracket_log *log = (struct bracket_log *)mn;

	log->ends[r->event]++;
	CHECK(log->open > 0);
	log->open--;
	log->flushes_at_end = user_flushes();
}

static const struct mmu_notifier_ops log_ops = {
	.invalidate_range_start = log_start,
	.invalidate_range_end = log_end,
};

static void log_attach(struct bracket_log *log, struct mm_struct *mm)
{
	*log = (struct bracket_log){ .mn.ops = &log_ops };
	CHECK_EQ(mmu_notifier_register(&log->mn, mm), 0);
}

static void destroy_both(struct mm_struct *a, struct mm_struct *b, unsigned long free_before)
{
	mm_destroy(a);
	if (b)
		mm_destroy(b);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
	CHECK_EQ(page_alloc_nr_bad_frees(), 0);
	CHECK(page_alloc_verify() == NULL);
}

TEST(clone_copies_data_and_isolates_private_memory)
{
	struct mm_clone_stats stats;
	struct mm_struct *child = NULL;
	struct bracket_log log;
	unsigned long before, flushes, pfn_bytes;
	struct space s;

	host_env_init();
	before = nr_free_pages();
	build_space(&s);
	log_attach(&log, s.mm);
	flushes = user_flushes();
	CHECK_EQ(dup_mm(s.mm, &child, &stats), 0);
	if (!child)
		return;
	/* One flush for the whole source; one bracket per copy-on-write VMA (2 anon, 3 pfnmaps). */
	CHECK_EQ(user_flushes() - flushes, 1);
	CHECK_EQ(log.starts[MMU_NOTIFY_CLONE_WRPROT], 5);
	CHECK_EQ(log.ends[MMU_NOTIFY_CLONE_WRPROT], 5);
	pfn_bytes = pfn_len[PFN_PUD] + pfn_len[PFN_PMD] + pfn_len[PFN_PTE];
	CHECK_EQ(log.bytes[MMU_NOTIFY_CLONE_WRPROT], (ANON_PAGES + HIGH_PAGES) * P + pfn_bytes);
	CHECK_EQ(log.open, 0);
	CHECK(log.flushes_at_end > flushes);
	/* ... covering every write-protected range, down to single pages. */
	CHECK(host_arch_calls.last_start <= s.anon);
	CHECK(host_arch_calls.last_end >= HIGH_ANON + HIGH_PAGES * P);
	CHECK_EQ(host_arch_calls.last_stride_shift, PAGE_SHIFT);
	/* Leaves: per pfnmap 1 PUD, 2 PMDs or 4 PTEs; the touched anon pages; the shared pages. */
	CHECK_EQ(stats.nr_puds, 2);
	CHECK_EQ(stats.nr_pmds, 4);
	CHECK_EQ(stats.nr_ptes, ANON_PAGES / 2 + SHARED_PAGES + HIGH_PAGES + 2 * 4);
	CHECK_EQ(child->map_count, s.mm->map_count);
	check_pfn_leaves(s.mm, child, &s);
	check_tables(s.mm, child);
	/* Private pages are shared read-only until written. */
	CHECK_EQ(leaf_at(child, s.anon).pfn, leaf_at(s.mm, s.anon).pfn);
	CHECK(!pte_write(leaf_at(s.mm, s.anon).flags) && !pte_write(leaf_at(child, s.anon).flags));
	CHECK_EQ(page_count(pfn_to_page(leaf_at(s.mm, s.anon).pfn)), 2);
	check_data(child, &s, 0);
	check_data(s.mm, &s, 0);

	/* Child writes private memory: copied for it; the source still reads the old data. */
	for (unsigned long i = 0; i < ANON_PAGES; i += 2)
		user_write(child, s.anon + i * P + 8, 0xc0ffee + i);
	CHECK_EQ(log.starts[MMU_NOTIFY_COW], 0); /* the source's notifier hears nothing */
	for (unsigned long i = 0; i < ANON_PAGES; i += 2) {
		CHECK_EQ(user_read(s.mm, s.anon + i * P + 8), pattern(s.anon + i * P + 8, 0));
		CHECK_EQ(user_read(child, s.anon + i * P + 8), 0xc0ffee + i);
		CHECK(leaf_at(child, s.anon + i * P).pfn != leaf_at(s.mm, s.anon + i * P).pfn);
	}
	/* An untouched private page: the child's first write gives it a zeroed page of its own. */
	user_write(child, s.anon + P, 7);
	CHECK_EQ(user_read(s.mm, s.anon + P), 0);
	check_tables(s.mm, child);

	/* The source's pages are no longer shared: its write fault reuses them, nothing copied. */
	{
		pfn_t pfn = leaf_at(s.mm, s.anon).pfn;
		unsigned long free_now = nr_free_pages();

		user_write(s.mm, s.anon + 8, 0xabc);
		CHECK_EQ(leaf_at(s.mm, s.anon).pfn, pfn);
		CHECK_EQ(nr_free_pages(), free_now);
		CHECK_EQ(log.starts[MMU_NOTIFY_COW], 0);
		CHECK_EQ(user_read(child, s.anon + 8), 0xc0ffee);
	}

	/* Shared anonymous memory stays shared, both ways. */
	user_write(child, s.shared + 16, 0x1111);
	CHECK_EQ(user_read(s.mm, s.shared + 16), 0x1111);
	user_write(s.mm, s.shared + P + 16, 0x2222);
	CHECK_EQ(user_read(child, s.shared + P + 16), 0x2222);
	CHECK_EQ(leaf_at(child, s.shared).pfn, leaf_at(s.mm, s.shared).pfn);
	check_tables(s.mm, child);
	mmu_notifier_unregister(&log.mn);
	destroy_both(s.mm, child, before);
}

TEST(cow_break_copies_under_a_cow_bracket_and_flushes_first)
{
	struct mm_struct *child = NULL;
	struct bracket_log log;
	unsigned long before, flushes, addr;
	struct space s;
	pfn_t old;

	host_env_init();
	before = nr_free_pages();
	build_space(&s);
	CHECK_EQ(mm_clone(s.mm, &child), 0);
	if (!child)
		return;
	log_attach(&log, s.mm);
	addr = s.anon + 2 * P;
	old = leaf_at(s.mm, addr).pfn;
	/* Out of memory for the copy: the fault fails and nothing changed. */
	page_alloc_fail_nth(1);
	CHECK_EQ(fault(s.mm, addr, FAULT_FLAG_WRITE), VM_FAULT_OOM);
	page_alloc_fail_nth(0);
	CHECK_EQ(leaf_at(s.mm, addr).pfn, old);
	CHECK(!pte_write(leaf_at(s.mm, addr).flags));
	CHECK_EQ(log.starts[MMU_NOTIFY_COW], 0);

	flushes = user_flushes();
	user_write(s.mm, addr + 8, 42);
	CHECK_EQ(log.starts[MMU_NOTIFY_COW], 1);
	CHECK_EQ(log.ends[MMU_NOTIFY_COW], 1);
	CHECK_EQ(log.last.start, addr);
	CHECK_EQ(log.last.end, addr + P);
	/* One flush, of the old translation, inside the bracket. */
	CHECK_EQ(user_flushes() - flushes, 1);
	CHECK_EQ(log.flushes_at_start, flushes);
	CHECK_EQ(log.flushes_at_end, flushes + 1);
	CHECK_EQ(host_arch_calls.last_start, addr);
	CHECK_EQ(host_arch_calls.last_end, addr + P);
	CHECK(leaf_at(s.mm, addr).pfn != old);
	CHECK_EQ(page_count(pfn_to_page(old)), 1); /* only the child maps it now */
	CHECK_EQ(user_read(child, addr + 8), pattern(addr + 8, 0));
	CHECK_EQ(user_read(s.mm, addr + 8), 42);
	check_tables(s.mm, child);
	mmu_notifier_unregister(&log.mn);
	destroy_both(s.mm, child, before);
}

/*
 * A copy-on-write pfnmap after clone: device memory has no page to copy, so a user write faults
 * in both (docs/rules.md, R4) and the leaves stay read-only; what the device holds is seen through
 * both.
 */
TEST(cow_pfnmap_write_faults_after_clone)
{
	struct mm_struct *child = NULL;
	unsigned long before;
	struct space s;

	host_env_init();
	before = nr_free_pages();
	build_space(&s);
	CHECK_EQ(mm_clone(s.mm, &child), 0);
	if (!child)
		return;
	for (unsigned int z = 0; z < NR_PFN_SIZES; z++) {
		unsigned long va = s.pfn_va[z][1] + 8;

		CHECK_EQ(fault(s.mm, va, FAULT_FLAG_WRITE), VM_FAULT_SIGSEGV);
		CHECK_EQ(fault(child, va, FAULT_FLAG_WRITE), VM_FAULT_SIGSEGV);
		CHECK_EQ(leaf_at(s.mm, va).level, pfn_level[z]);
		CHECK(!pte_write(leaf_at(s.mm, va).flags));
		CHECK(!pte_write(leaf_at(child, va).flags));
		user_write(s.mm, va, 0x5eed + z);	    /* as the device */
		CHECK_EQ(user_read(child, va), 0x5eed + z); /* one device memory behind both */
	}
	check_tables(s.mm, child);
	destroy_both(s.mm, child, before);
}

/*
 * Fail the N-th allocation of a clone for every N until the clone succeeds: each failure
 * returns -ENOMEM, leaks nothing, and leaves the source checked clean and fully usable.
 */
TEST(clone_allocation_failure_unwinds_at_every_step)
{
	struct mm_struct *child = NULL;
	unsigned long before, after_build, allocs, n;
	unsigned int gen = 0;
	struct space s;
	int err;

	host_env_init();
	before = nr_free_pages();
	build_space(&s);
	after_build = nr_free_pages();
	/* How many page allocations a clone of this space makes. */
	allocs = page_alloc_nr_allocs();
	CHECK_EQ(mm_clone(s.mm, &child), 0);
	allocs = page_alloc_nr_allocs() - allocs;
	if (child)
		mm_destroy(child);
	CHECK_EQ(nr_free_pages(), after_build);
	printf("# a clone of the test space allocates %lu pages; failing each in turn\n", allocs);
	CHECK(allocs >= 8);
	for (n = 1; n <= allocs + 1; n++) {
		child = NULL;
		page_alloc_fail_nth(n);
		err = mm_clone(s.mm, &child);
		page_alloc_fail_nth(0);
		if (n > allocs)
			break;
		CHECK_EQ(err, -ENOMEM);
		CHECK(child == NULL);
		CHECK_EQ(nr_free_pages(), after_build);
		check_tables(s.mm, NULL);
		check_data(s.mm, &s, gen);
		gen++;
		FOR_EACH_ADDR(&s, addr, user_write(s.mm, addr, pattern(addr, gen)));
		check_data(s.mm, &s, gen);
		/* Writes after the failed clone reuse the pages: nothing was left shared. */
		CHECK_EQ(nr_free_pages(), after_build);
	}
	CHECK_EQ(err, 0);
	if (!child)
		return;
	check_tables(s.mm, child);
	check_data(child, &s, gen);
	destroy_both(s.mm, child, before);
}

/* Rewrite the leaf that maps addr with change(), as a kernel bug (or its repair) would. */
typedef pte_t (*leaf_change_t)(pte_t);

static int change_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	set_pud((pud_t *)pud, pte_pud((*(leaf_change_t *)priv)(pud_pte(pudp_get(pud)))));
	return 1;
}

static int change_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	set_pmd((pmd_t *)pmd, pte_pmd((*(leaf_change_t *)priv)(pmd_pte(pmdp_get(pmd)))));
	return 1;
}

static int change_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	set_pte((pte_t *)pte, (*(leaf_change_t *)priv)(ptep_get(pte)));
	return 1;
}

static void change_leaf(struct mm_struct *mm, unsigned long addr, leaf_change_t change)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = change_pud,
		.pmd_entry = change_pmd,
		.pte_entry = change_pte,
	};

	CHECK_EQ(pgtable_walk(mm->pgd, addr, addr + P, &ops, &change), 1);
}

/*
 * A copy-on-write pfnmap never holds a writable special leaf (there is no page to copy on
 * write). One that does (corrupted here, at each leaf size in turn) is a kernel bug that clone
 * must report rather than hide by write-protecting it: -EINVAL, a console line naming the leaf,
 * no child, nothing leaked, and the source as it was, the bad leaf included.
 */
TEST(clone_refuses_a_writable_special_leaf_in_a_cow_mapping)
{
	static const unsigned long leaf_size[NR_PFN_SIZES] = { SZ_1G, SZ_2M, P };
	struct mm_struct *child = NULL;
	unsigned long before, after_build;
	char want[128];
	struct space s;

	host_env_init();
	before = nr_free_pages();
	build_space(&s);
	after_build = nr_free_pages();
	for (unsigned int z = 0; z < NR_PFN_SIZES; z++) {
		unsigned long va = s.pfn_va[z][1] + pfn_len[z] / 2;
		struct leaf bad;

		change_leaf(s.mm, va, pte_mkwrite);
		bad = leaf_at(s.mm, va);
		CHECK(bad.present && pte_write(bad.flags) && pte_special(bad.flags));
		host_printk_last[0] = 0;
		CHECK_EQ(mm_clone(s.mm, &child), -EINVAL);
		CHECK(child == NULL);
		CHECK_EQ(nr_free_pages(), after_build);
		snprintf(want, sizeof(want), "writable special leaf in a copy-on-write VMA at %#lx",
			 ALIGN_DOWN(va, leaf_size[z]));
		CHECK(strstr(host_printk_last, want) != NULL);
		if (!strstr(host_printk_last, want))
			printf("# printk got \"%s\", want \"%s\"\n", host_printk_last, want);
		CHECK_EQ(leaf_at(s.mm, va).level, pfn_level[z]);
		CHECK_EQ(pte_val(leaf_at(s.mm, va).flags), pte_val(bad.flags));
		check_data(s.mm, &s, 0);
		change_leaf(s.mm, va, pte_wrprotect);
	}
	/* Repaired, the same space clones. */
	CHECK_EQ(mm_clone(s.mm, &child), 0);
	check_tables(s.mm, child);
	destroy_both(s.mm, child, before);
}

/* An 8 GiB pfnmap past RAM, eagerly PUD-mapped and never touched: 8 entries copied. */
static void clone_8g_pfnmap(unsigned long vm_flags)
{
	const unsigned long len = 8 * SZ_1G;
	struct mm_struct *mm, *child = NULL;
	struct mm_clone_stats stats;
	unsigned long before, va, flushes, tables;

	host_env_init();
	before = nr_free_pages();
	mm = mm_create();
	CHECK(mm != NULL);
	CHECK_EQ(mm_mmap_pfn(mm, 0, PHYS_PFN(64 * SZ_1G), len, vm_flags, MT_DEVICE, &va), 0);
	CHECK_EQ(remap_pfn_range(find_vma(mm, va), va, PHYS_PFN(64 * SZ_1G), len), 0);
	flushes = user_flushes();
	CHECK_EQ(dup_mm(mm, &child, &stats), 0);
	if (!child)
		return;
	printf("# clone of an 8 GiB %s pfnmap: %lu PUD + %lu PMD + %lu PTE entries copied, "
	       "%lu TLB flush(es)\n",
	       vm_flags & VM_SHARED ? "shared" : "copy-on-write", stats.nr_puds, stats.nr_pmds,
	       stats.nr_ptes, user_flushes() - flushes);
	CHECK_EQ(stats.nr_puds + stats.nr_pmds + stats.nr_ptes, 8);
	CHECK_EQ(stats.nr_puds, 8);
	/* Nothing to write-protect: a copy-on-write pfnmap's leaves are read-only already. */
	CHECK_EQ(user_flushes() - flushes, 0);
	/* The child's tables: the root and one PUD table, nothing below. */
	tables = child->nr_pgtables;
	CHECK_EQ(tables, 2);
	for (unsigned long off = 0; off < len; off += SZ_1G) {
		struct leaf l = leaf_at(child, va + off);

		CHECK_EQ(l.level, PT_PUD);
		CHECK_EQ(l.pfn, PHYS_PFN(64 * SZ_1G + off));
		CHECK_EQ(pte_write(l.flags), !!(vm_flags & VM_SHARED));
		CHECK_EQ(pte_write(leaf_at(mm, va + off).flags), !!(vm_flags & VM_SHARED));
	}
	check_tables(mm, child);
	destroy_both(mm, child, before);
}

TEST(clone_8g_pfnmap_copies_8_entries)
{
	clone_8g_pfnmap(RW | VM_SHARED);
	clone_8g_pfnmap(RW);
}
