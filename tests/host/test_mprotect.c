/*
 * Host tests of mprotect (mm/mprotect.c).
 *
 * The argument table: every row's errno is first proven on the build machine's own Linux (the
 * same layout mapped in this process, the real mprotect/munmap called on it), then Pagoda must
 * give the same errno on an mm with the same layout, and the same VMA layout afterwards (as
 * /proc/self/maps shows Linux's). Rows where Linux changes VMAs before it fails are marked:
 * there Pagoda must change nothing.
 *
 * Then the page tables: leaves at each level wholly inside the range change in place, leaves
 * partly inside are split first, a page someone else maps is not made writable, the counts of
 * entries, notifier pairs and TLB flushes (cross-checked with host_arch's flush counter), and
 * out of memory at every allocation changing nothing.
 */
#include <errno.h>
#include <string.h>

#include <memlayout.h>

#include "arch.h"
#include "host_arch.h"
#include "host_env.h"
#include "linux_mman.h"
#include "mm/fault.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "mm/mprotect.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable.h"
#include "mm/pgtable_check.h"
#include "mm/slab.h"
#include "mm/vma.h"
#include "tap.h"
#include "vma_expect.h"

#define P PAGE_SIZE
#define RW (VM_READ | VM_WRITE)
#define MAY (VM_USER | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define SHARED (VM_SHARED | VM_MAYSHARE)
#define PFN_FLAGS (VM_PFNMAP | VM_IO | MAY)
#define PFN_4G ((4UL << 30) >> PAGE_SHIFT) /* never touched: special leaves only */

static struct mm_struct *new_mm(unsigned long *free_before)
{
	struct mm_struct *mm;

	host_env_init();
	*free_before = nr_free_pages();
	mm = mm_create();
	CHECK(mm != NULL);
	return mm;
}

static void check_tables(struct mm_struct *mm)
{
	struct pgtable_check_report rep;

	CHECK_EQ(pgtable_check(mm, &rep), 0);
	if (rep.nr_errors)
		printf("# pgtable_check: %s at %#lx\n", rep.first_error, rep.first_addr);
}

/* The checker on the final state, then destroy and the exact leak check. */
static void destroy_and_check(struct mm_struct *mm, unsigned long free_before)
{
	check_tables(mm);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
	CHECK(page_alloc_verify() == NULL);
}

static unsigned long user_flushes(void)
{
	return host_arch_calls.flush_tlb_user_range + host_arch_calls.flush_tlb_user_all;
}

/* Fault addr in, as the trap path would after checking the VMA. */
static void touch(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	vm_fault_t ret = handle_mm_fault(find_vma(mm, addr), addr, flags);

	CHECK(ret == 0 || ret == VM_FAULT_NOPAGE);
}

/* ---------------------------------------------------------------------------------------- */
/* The leaf that maps an address, found by an independent walk.                             */

struct leaf {
	int level;   /* enum pt_level, or -1 when nothing maps the address */
	pte_t entry; /* in PTE view (pgtable-levels.h), so one set of helpers reads every level */
	pfn_t pfn;   /* of the address's page */
};

static int leaf_found(struct leaf *l, enum pt_level level, pte_t entry, pfn_t pfn)
{
	l->level = level;
	l->entry = entry;
	l->pfn = pfn;
	return 1;
}

static int pte_cb(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return leaf_found(priv, PT_PTE, ptep_get(pte), pte_pfn(ptep_get(pte)));
}

static int pmd_cb(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t e = pmdp_get(pmd);
	pfn_t pfn = pmd_pfn(e) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);

	return leaf_found(priv, PT_PMD, pmd_pte(e), pfn);
}

static int pud_cb(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t e = pudp_get(pud);
	pfn_t pfn = pud_pfn(e) + ((addr & ~PUD_MASK) >> PAGE_SHIFT);

	return leaf_found(priv, PT_PUD, pud_pte(e), pfn);
}

static struct leaf leaf_at(struct mm_struct *mm, unsigned long addr)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = pud_cb,
		.pmd_entry = pmd_cb,
		.pte_entry = pte_cb,
	};
	struct leaf l = { .level = -1 };

	pgtable_walk(mm->pgd, addr, addr + P, &ops, &l);
	return l;
}

/* addr is mapped at level to pfn, and writable (or not). */
static void check_leaf(struct mm_struct *mm, unsigned long addr, int level, pfn_t pfn,
		       bool writable)
{
	struct leaf l = leaf_at(mm, addr);

	CHECK_EQ(l.level, level);
	CHECK_EQ(l.pfn, pfn);
	CHECK(pte_present(l.entry) && !pte_protnone(l.entry));
	CHECK_EQ(pte_write(l.entry), writable);
	if (l.level != level || pte_write(l.entry) != writable)
		printf("#   at %#lx\n", addr);
}

static void check_protnone(struct mm_struct *mm, unsigned long addr, int level, pfn_t pfn)
{
	struct leaf l = leaf_at(mm, addr);

	CHECK_EQ(l.level, level);
	CHECK_EQ(l.pfn, pfn);
	CHECK(pte_protnone(l.entry));
}

static void check_stats(const struct mprotect_stats *s, unsigned long entries, unsigned long splits,
			unsigned long pairs, unsigned long flushes)
{
	CHECK_EQ(s->entries_changed, entries);
	CHECK_EQ(s->leaves_split, splits);
	CHECK_EQ(s->notifier_pairs, pairs);
	CHECK_EQ(s->tlb_flushes, flushes);
}

/* do_mprotect, also checking its flush count against the flushes host_arch saw. */
static int mprotect_counted(struct mm_struct *mm, unsigned long start, size_t len,
			    unsigned long prot, struct mprotect_stats *s)
{
	unsigned long flushes = user_flushes();
	int err = do_mprotect(mm, start, len, prot, s);

	CHECK_EQ(user_flushes() - flushes, s->tlb_flushes);
	return err;
}

/* ---------------------------------------------------------------------------------------- */
/* The argument table, proven against Linux.                                                */

TEST(mprotect_prot_values_are_linux)
{
	static const unsigned long ours[] = {
		PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM, PROT_GROWSDOWN, PROT_GROWSUP,
	};

	for (size_t i = 0; i < ARRAY_SIZE(ours); i++)
		CHECK_EQ(ours[i], linux_prot_values[i]);
}

/*
 * The layout every row starts from, in pages from its base (both sides):
 *
 *	0    4  5     8     10    12        16
 *	[ rw ) .[ r   )[ r s )[ rw )  . . .  )
 *	 anon  hole anon  file  anon    hole
 *
 * "r s" is a shared mapping of a file opened read-only, so Linux clears VM_MAYWRITE on it:
 * Pagoda's stand-in is a shared anonymous mapping with VM_MAYWRITE cleared. On Linux the layout
 * sits between two PROT_NONE guard areas of GUARD pages that no row touches.
 */
#define LAYOUT_PAGES 16
#define LAYOUT (LAYOUT_PAGES * P)
#define GUARD (8 * P)
#define PAGODA_BASE MMAP_BASE
#define MAX_VMAS 16

enum piece_kind { ANON_RW, ANON_R, RO_FILE };

static const struct piece {
	unsigned long first, nr;
	enum piece_kind kind;
} layout[] = {
	{ 0, 4, ANON_RW },
	{ 5, 3, ANON_R },
	{ 8, 2, RO_FILE },
	{ 10, 2, ANON_RW },
};

static const unsigned long holes[][2] = { { 4, 1 }, { 12, 4 } };

enum op { MPROTECT, MUNMAP };

/* start + len == 0, whatever the base. */
#define LEN_WRAP 1UL

struct arg_case {
	const char *name;
	enum op op;
	bool absolute;	     /* start is an address, not an offset from the layout's base */
	unsigned long start; /* bytes */
	unsigned long len;   /* bytes, or LEN_WRAP with wrap set */
	bool wrap;
	unsigned long prot;
	int err;	    /* what Linux returns: 0 or -errno */
	bool linux_changes; /* Linux changes VMAs before it fails; Pagoda changes nothing */
};

/* One row per line, as in the table below (clang-format would make each a block). */
/* clang-format off */
#define MP(n, s, l, p, e) { n, MPROTECT, false, s, l, false, p, e, false }
#define MP_WRAP(n, p, e) { n, MPROTECT, false, 0, LEN_WRAP, true, p, e, false }
#define MP_ABS(n, s, l, p, e) { n, MPROTECT, true, s, l, false, p, e, false }
#define MP_PARTIAL(n, s, l, p, e) { n, MPROTECT, false, s, l, false, p, e, true }
#define MU(n, s, l, e) { n, MUNMAP, false, s, l, false, 0, e, false }
#define MU_WRAP(n, e) { n, MUNMAP, false, 0, LEN_WRAP, true, 0, e, false }
#define MU_ABS(n, s, l, e) { n, MUNMAP, true, s, l, false, 0, e, false }
/* clang-format on */

#define R PROT_READ
#define W PROT_WRITE
#define X PROT_EXEC
#define GD PROT_GROWSDOWN
#define GU PROT_GROWSUP

static const struct arg_case arg_cases[] = {
	MP("unaligned start", 1, P, R, -EINVAL),
	MP("unaligned start, len 0", 1, 0, R, -EINVAL),
	MP("len 0", 0, 0, R, 0),
	MP("len 0 with unknown prot bits", 0, 0, 0x100, 0),
	MP("unknown prot bit 0x100", 0, P, 0x100, -EINVAL),
	MP("unknown prot bit, range in a hole", 4 * P, P, R | 0x10, -EINVAL),
	MP("PROT_SEM accepted", 0, P, R | PROT_SEM, 0),
	MP("GROWSDOWN|GROWSUP", 0, P, R | GD | GU, -EINVAL),
	MP("GROWSDOWN|GROWSUP before the start check", 1, 0, GD | GU, -EINVAL),
	MP_WRAP("start + len wraps to 0", R, -ENOMEM),
	MP("len SIZE_MAX rounds up to 0 and wraps", 0, ~0UL, R, -ENOMEM),
	MP_WRAP("wrap checked before prot bits", 0x100, -ENOMEM),
	MP("range wholly in a hole", 4 * P, P, R, -ENOMEM),
	MP("range starts in a hole", 4 * P, 2 * P, R, -ENOMEM),
	MP_PARTIAL("hole inside the range", 3 * P, 3 * P, R, -ENOMEM),
	MP_PARTIAL("range runs past the last VMA", 10 * P, 4 * P, R, -ENOMEM),
	MP("len 1 is one page", 0, 1, R, 0),
	MP("PROT_NONE on a middle page", P, P, PROT_NONE, 0),
	MP("whole VMA read-only", 0, 4 * P, R, 0),
	MP("across three VMAs", 5 * P, 7 * P, R, 0),
	MP("exec on private anonymous", 0, 2 * P, R | X, 0),
	MP("write on read-only private anonymous", 5 * P, 3 * P, R | W, 0),
	MP_PARTIAL("write across a VMA without VM_MAYWRITE", 5 * P, 7 * P, R | W, -EACCES),
	MP("write on a VMA without VM_MAYWRITE", 8 * P, 2 * P, R | W, -EACCES),
	MP("EACCES comes before a later hole", 8 * P, 6 * P, R | W, -EACCES),
	MP("a hole comes before a later EACCES", 3 * P, 7 * P, R | W, -ENOMEM),
	MP("read on a VMA without VM_MAYWRITE", 8 * P, 2 * P, R, 0),
	MP("PROT_GROWSDOWN on a mapped range", 0, P, R | GD, -EINVAL),
	MP("PROT_GROWSUP on a mapped range", 0, P, R | GU, -EINVAL),
	MP("PROT_GROWSDOWN from a hole into a VMA", 4 * P, 2 * P, R | GD, -EINVAL),
	MP("PROT_GROWSDOWN in a hole", 12 * P, 2 * P, R | GD, -ENOMEM),
	MP("PROT_GROWSUP from a hole", 4 * P, 2 * P, R | GU, -ENOMEM),
	MP_ABS("page 0", 0, P, R, -ENOMEM),
	MP_ABS("kernel address", DIRECT_MAP_BASE, P, R, -ENOMEM),
	MU("munmap unaligned start", 1, P, -EINVAL),
	MU("munmap len 0", 0, 0, -EINVAL),
	MU("munmap of a hole", 4 * P, P, 0),
	MU("munmap len 1 is one page", 0, 1, 0),
	MU("munmap of a middle part", P, 2 * P, 0),
	MU("munmap across a hole", 3 * P, 3 * P, 0),
	MU("munmap len past the user half", 0, 1UL << 47, -EINVAL),
	MU_WRAP("munmap start + len wraps", -EINVAL),
	MU_ABS("munmap of a kernel address", DIRECT_MAP_BASE, P, -EINVAL),
};

/* A VMA layout in offsets from a base: struct linux_vma's fields, relative. */
struct shape {
	int n;
	struct linux_vma v[MAX_VMAS];
};

static bool shapes_equal(const struct shape *a, const struct shape *b)
{
	if (a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++)
		if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end ||
		    strcmp(a->v[i].perms, b->v[i].perms))
			return false;
	return true;
}

static void shape_print(const char *who, const struct shape *s)
{
	printf("#   %s:", who);
	for (int i = 0; i < s->n; i++)
		printf(" [%lu,%lu)%s", s->v[i].start / P, s->v[i].end / P, s->v[i].perms);
	printf("\n");
}

static void shape_relative(struct shape *s, unsigned long base)
{
	for (int i = 0; i < s->n; i++) {
		s->v[i].start -= base;
		s->v[i].end -= base;
	}
}

/* Linux: fill the whole layout (guards stay PROT_NONE), so that between rows it has no hole. */
static void linux_fill(unsigned long base)
{
	CHECK_EQ(linux_map_anon(base, LAYOUT, PROT_NONE), 0);
}

/* Linux: map the pieces over the filled layout, then open the holes. */
static void linux_build(unsigned long base)
{
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		unsigned long addr = base + layout[i].first * P, len = layout[i].nr * P;
		unsigned long prot = layout[i].kind == ANON_RW ? R | W : R;

		if (layout[i].kind == RO_FILE)
			CHECK_EQ(linux_map_readonly_file(addr, len), 0);
		else
			CHECK_EQ(linux_map_anon(addr, len, prot), 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(holes); i++)
		CHECK_EQ(linux_munmap(base + holes[i][0] * P, holes[i][1] * P), 0);
}

static void linux_shape(unsigned long base, struct shape *s)
{
	s->n = linux_vmas(base, base + LAYOUT, s->v, MAX_VMAS);
	CHECK(s->n >= 0);
	shape_relative(s, base);
}

static void pagoda_build(struct mm_struct *mm, unsigned long base)
{
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		unsigned long addr = base + layout[i].first * P, len = layout[i].nr * P, out;
		unsigned long flags = layout[i].kind == ANON_RW ? RW : VM_READ;

		if (layout[i].kind == RO_FILE)
			flags |= VM_SHARED;
		CHECK_EQ(mm_mmap_anon(mm, addr, len, flags, &out), 0);
		if (layout[i].kind == RO_FILE)
			find_vma(mm, addr)->vm_flags &= ~VM_MAYWRITE;
		for (unsigned long a = addr; a < addr + len; a += P)
			touch(mm, a, 0);
	}
}

/* Pagoda's VMAs clipped to the layout, written the way /proc/self/maps writes them. */
static void pagoda_shape(struct mm_struct *mm, unsigned long base, struct shape *s)
{
	s->n = 0;
	for (struct vm_area_struct *v = first_vma(mm); v && s->n < MAX_VMAS; v = vma_next(mm, v)) {
		struct linux_vma *o = &s->v[s->n];

		if (v->vm_end <= base || v->vm_start >= base + LAYOUT)
			continue;
		o->start = MAX(v->vm_start, base) - base;
		o->end = MIN(v->vm_end, base + LAYOUT) - base;
		o->perms[0] = v->vm_flags & VM_READ ? 'r' : '-';
		o->perms[1] = v->vm_flags & VM_WRITE ? 'w' : '-';
		o->perms[2] = v->vm_flags & VM_EXEC ? 'x' : '-';
		o->perms[3] = v->vm_flags & VM_MAYSHARE ? 's' : 'p';
		o->perms[4] = 0;
		s->n++;
	}
}

static long run_op(const struct arg_case *c, unsigned long base,
		   long (*mprot)(unsigned long, unsigned long, unsigned long, void *),
		   long (*unmap)(unsigned long, unsigned long, void *), void *ctx)
{
	unsigned long start = c->absolute ? c->start : base + c->start;
	unsigned long len = c->wrap ? -start : c->len;

	return c->op == MPROTECT ? mprot(start, len, c->prot, ctx) : unmap(start, len, ctx);
}

static long linux_mprot(unsigned long start, unsigned long len, unsigned long prot, void *ctx)
{
	return linux_mprotect(start, len, prot);
}

static long linux_unmap(unsigned long start, unsigned long len, void *ctx)
{
	return linux_munmap(start, len);
}

static long pagoda_mprot(unsigned long start, unsigned long len, unsigned long prot, void *mm)
{
	return mm_mprotect(mm, start, len, prot);
}

static long pagoda_unmap(unsigned long start, unsigned long len, void *mm)
{
	return do_munmap(mm, start, len);
}

/*
 * One row: Linux first (build, call, read its maps, fill the holes again), then Pagoda on a new
 * mm. Both must return the table's errno; afterwards Pagoda's layout must be Linux's, except in
 * rows where Linux changed VMAs before failing: there Pagoda's must be the initial one and
 * Linux's must differ from it (the documented difference, seen happening).
 */
static void run_arg_case(const struct arg_case *c, unsigned long lbase, const struct shape *initial)
{
	const struct shape *want;
	struct shape lin, pag;
	struct mm_struct *mm;
	long lerr, perr;

	linux_build(lbase);
	lerr = run_op(c, lbase, linux_mprot, linux_unmap, NULL);
	linux_shape(lbase, &lin);
	linux_fill(lbase);

	mm = mm_create();
	CHECK(mm != NULL);
	pagoda_build(mm, PAGODA_BASE);
	perr = run_op(c, PAGODA_BASE, pagoda_mprot, pagoda_unmap, mm);
	pagoda_shape(mm, PAGODA_BASE, &pag);
	check_tables(mm);
	mm_destroy(mm);

	CHECK_EQ(lerr, c->err);
	CHECK_EQ(perr, c->err);
	want = c->linux_changes ? initial : &lin;
	CHECK(shapes_equal(&pag, want));
	if (c->linux_changes)
		CHECK(!shapes_equal(&lin, initial));
	if (lerr != c->err || perr != c->err || !shapes_equal(&pag, want)) {
		printf("# row \"%s\": Linux %ld, Pagoda %ld, table %d\n", c->name, lerr, perr,
		       c->err);
		shape_print("Linux ", &lin);
		shape_print("Pagoda", &pag);
	}
}

TEST(mprotect_munmap_errno_table_matches_linux)
{
	unsigned long region, lbase, free_before;
	struct shape lin, pag;
	struct mm_struct *mm;

	CHECK(ARRAY_SIZE(arg_cases) >= 25);
	host_env_init();
	free_before = nr_free_pages();
	region = linux_reserve(GUARD + LAYOUT + GUARD);
	CHECK(region != 0);
	if (!region)
		return;
	lbase = region + GUARD;

	/* Both sides start from the same layout. */
	linux_build(lbase);
	linux_shape(lbase, &lin);
	linux_fill(lbase);
	mm = mm_create();
	pagoda_build(mm, PAGODA_BASE);
	pagoda_shape(mm, PAGODA_BASE, &pag);
	mm_destroy(mm);
	CHECK(lin.n == 4 && shapes_equal(&lin, &pag));
	if (!shapes_equal(&lin, &pag)) {
		shape_print("Linux ", &lin);
		shape_print("Pagoda", &pag);
	}

	for (size_t i = 0; i < ARRAY_SIZE(arg_cases); i++)
		run_arg_case(&arg_cases[i], lbase, &lin);
	printf("# %zu mprotect/munmap argument rows, each errno proven on this machine's Linux\n",
	       ARRAY_SIZE(arg_cases));
	CHECK_EQ(linux_munmap(region, GUARD + LAYOUT + GUARD), 0);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* Page tables: PTE level, copy-on-write, PROT_NONE.                                        */

/* Private anonymous memory, every page written once (so each PTE is present and writable). */
static unsigned long anon_touched(struct mm_struct *mm, unsigned long addr, unsigned long len,
				  unsigned long flags)
{
	unsigned long out = 0;

	CHECK_EQ(mm_mmap_anon(mm, addr, len, flags, &out), 0);
	for (unsigned long a = out; a < out + len; a += P)
		touch(mm, a, flags & VM_WRITE ? FAULT_FLAG_WRITE : 0);
	return out;
}

static pfn_t pfn_of(struct mm_struct *mm, unsigned long addr)
{
	return leaf_at(mm, addr).pfn;
}

static int dirty_cb(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	set_pte((pte_t *)pte, pte_mkdirty(ptep_get(pte)));
	return 1;
}

/* Set the dirty bit of the PTE at addr, as the CPU does on a write. */
static void mark_dirty(struct mm_struct *mm, unsigned long addr)
{
	static const struct pt_walk_ops ops = { .pte_entry = dirty_cb };

	CHECK_EQ(pgtable_walk(mm->pgd, addr, addr + P, &ops, NULL), 1);
}

TEST(mprotect_ptes_change_in_place_vmas_split_and_merge)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct mprotect_stats s;
	pfn_t pfns[8];

	a = anon_touched(mm, 0, 8 * P, RW);
	for (int i = 0; i < 8; i++)
		pfns[i] = pfn_of(mm, a + i * P);
	mark_dirty(mm, a + 3 * P);
	CHECK_EQ(mprotect_counted(mm, a + 2 * P, 2 * P, R, &s), 0);
	check_stats(&s, 2, 0, 1, 1);
	/* Write-protecting does not make data clean. */
	CHECK(pte_dirty(leaf_at(mm, a + 3 * P).entry));
	CHECK(!pte_dirty(leaf_at(mm, a + 2 * P).entry));
	CHECK(vmas_match(
		mm,
		VMAS({ a, a + 2 * P, RW | MAY, a >> PAGE_SHIFT, &anon_vm_ops },
		     { a + 2 * P, a + 4 * P, VM_READ | MAY, (a >> PAGE_SHIFT) + 2, &anon_vm_ops },
		     { a + 4 * P, a + 8 * P, RW | MAY, (a >> PAGE_SHIFT) + 4, &anon_vm_ops })));
	for (int i = 0; i < 8; i++)
		check_leaf(mm, a + i * P, PT_PTE, pfns[i], i < 2 || i >= 4);
	/* len 1 is rounded up to one page; the VMA on its right merges back. */
	CHECK_EQ(mprotect_counted(mm, a + 3 * P, 1, R | W, &s), 0);
	check_stats(&s, 1, 0, 1, 1);
	check_leaf(mm, a + 3 * P, PT_PTE, pfns[3], true);
	check_leaf(mm, a + 2 * P, PT_PTE, pfns[2], false);
	CHECK(vmas_match(
		mm,
		VMAS({ a, a + 2 * P, RW | MAY, a >> PAGE_SHIFT, &anon_vm_ops },
		     { a + 2 * P, a + 3 * P, VM_READ | MAY, (a >> PAGE_SHIFT) + 2, &anon_vm_ops },
		     { a + 3 * P, a + 8 * P, RW | MAY, (a >> PAGE_SHIFT) + 3, &anon_vm_ops })));
	/* Restoring the last one merges everything back into one VMA, every page writable. */
	CHECK_EQ(mprotect_counted(mm, a + 2 * P, P, R | W, &s), 0);
	check_stats(&s, 1, 0, 1, 1);
	CHECK(vmas_match(mm, VMAS({ a, a + 8 * P, RW | MAY, a >> PAGE_SHIFT, &anon_vm_ops })));
	for (int i = 0; i < 8; i++)
		check_leaf(mm, a + i * P, PT_PTE, pfns[i], true);
	/* The same protection again: no VMA changes, so nothing is touched at all (as Linux). */
	CHECK_EQ(mprotect_counted(mm, a + P, 2 * P, R | W, &s), 0);
	check_stats(&s, 0, 0, 0, 0);
	CHECK(vmas_match(mm, VMAS({ a, a + 8 * P, RW | MAY, a >> PAGE_SHIFT, &anon_vm_ops })));
	destroy_and_check(mm, before);
}

TEST(mprotect_prot_none_keeps_pfn_and_faults)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct mprotect_stats s;
	pfn_t pfn;

	a = anon_touched(mm, 0, 4 * P, RW);
	pfn = pfn_of(mm, a + P);
	CHECK_EQ(mprotect_counted(mm, a + P, P, PROT_NONE, &s), 0);
	check_stats(&s, 1, 0, 1, 1);
	check_protnone(mm, a + P, PT_PTE, pfn);
	check_leaf(mm, a, PT_PTE, pfn_of(mm, a), true);
	switch_mm(mm);
	/* The VMA check refuses both; the entry itself refuses them too. */
	CHECK_EQ(handle_page_fault(a + P, FAULT_READ, FAULT_USER), -EFAULT);
	CHECK_EQ(handle_page_fault(a + P, FAULT_WRITE, FAULT_USER), -EFAULT);
	CHECK_EQ(handle_mm_fault(find_vma(mm, a + P), a + P, 0), VM_FAULT_SIGSEGV);
	CHECK_EQ(handle_page_fault(a, FAULT_WRITE, FAULT_USER), 0);
	CHECK_EQ(mprotect_counted(mm, a + P, P, R | W, &s), 0);
	check_leaf(mm, a + P, PT_PTE, pfn, true);
	CHECK_EQ(handle_page_fault(a + P, FAULT_WRITE, FAULT_USER), 0);
	switch_mm(NULL);
	CHECK(vmas_match(mm, VMAS({ a, a + 4 * P, RW | MAY, a >> PAGE_SHIFT, &anon_vm_ops })));
	destroy_and_check(mm, before);
}

/*
 * A page someone else maps too (clone's copy-on-write sharing; here an extra reference stands in
 * for the other address space) must stay read-only through read-only and back: the first write
 * fault copies it. Once it is ours alone, restoring write gives it write again.
 */
TEST(mprotect_does_not_make_a_shared_cow_page_writable)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct page *page;
	struct mprotect_stats s;

	a = anon_touched(mm, 0, 4 * P, RW);
	page = pfn_to_page(pfn_of(mm, a + 2 * P));
	get_page(page);
	CHECK_EQ(mprotect_counted(mm, a, 4 * P, R, &s), 0);
	check_stats(&s, 4, 0, 1, 1);
	CHECK_EQ(mprotect_counted(mm, a, 4 * P, R | W, &s), 0);
	check_stats(&s, 3, 0, 1, 1);
	for (int i = 0; i < 4; i++)
		check_leaf(mm, a + i * P, PT_PTE, pfn_of(mm, a + i * P), i != 2);
	put_page(page);
	CHECK_EQ(mprotect_counted(mm, a, 4 * P, R, &s), 0);
	CHECK_EQ(mprotect_counted(mm, a, 4 * P, R | W, &s), 0);
	check_stats(&s, 4, 0, 1, 1);
	for (int i = 0; i < 4; i++)
		check_leaf(mm, a + i * P, PT_PTE, pfn_of(mm, a + i * P), true);
	destroy_and_check(mm, before);
}

/* Shared memory has no copy-on-write: write comes back although the store maps each page too. */
TEST(mprotect_shared_anon_gets_write_back)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct mprotect_stats s;

	a = anon_touched(mm, 0, 4 * P, RW | VM_SHARED);
	CHECK_EQ(page_count(pfn_to_page(pfn_of(mm, a))), 2);
	CHECK_EQ(mprotect_counted(mm, a + P, 2 * P, R, &s), 0);
	check_leaf(mm, a + P, PT_PTE, pfn_of(mm, a + P), false);
	CHECK_EQ(mm->map_count, 3);
	CHECK_EQ(mprotect_counted(mm, a + P, 2 * P, R | W, &s), 0);
	check_stats(&s, 2, 0, 1, 1);
	for (int i = 0; i < 4; i++)
		check_leaf(mm, a + i * P, PT_PTE, pfn_of(mm, a + i * P), true);
	CHECK(vmas_match(mm, VMAS({ a, a + 4 * P, RW | SHARED | MAY, 0, &anon_shared_vm_ops })));
	destroy_and_check(mm, before);
}

/*
 * A private (copy-on-write) pfnmap: a special leaf has no page to copy, so it is never writable
 * (docs/rules.md, R4), and mprotect never grants write to one.
 */
TEST(mprotect_private_pfnmap_special_leaf_never_gains_write)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct mprotect_stats s;

	CHECK_EQ(mm_mmap_pfn(mm, 0, PFN_4G, 4 * P, RW, MT_DEVICE, &a), 0);
	for (int i = 0; i < 4; i++)
		touch(mm, a + i * P, 0);
	CHECK_EQ(mprotect_counted(mm, a, 2 * P, R | W | X, &s), 0);
	/* Neither write (no page to copy) nor exec (device memory) reaches the leaves. */
	check_stats(&s, 0, 0, 1, 0);
	check_leaf(mm, a, PT_PTE, PFN_4G, false);
	CHECK(pte_special(leaf_at(mm, a).entry));
	CHECK(!host_leaf_executable(pte_val(leaf_at(mm, a).entry))); /* device memory: never */
	CHECK_EQ(mprotect_counted(mm, a, 4 * P, R, &s), 0);
	CHECK_EQ(mprotect_counted(mm, a, 4 * P, R | W, &s), 0);
	check_stats(&s, 0, 0, 1, 0);
	for (int i = 0; i < 4; i++)
		check_leaf(mm, a + i * P, PT_PTE, PFN_4G + i, false);
	destroy_and_check(mm, before);
}

/*
 * mprotect(PROT_EXEC) over device memory mapped with a PUD, a PMD and PTE leaves: every leaf
 * stays non-executable (a speculative fetch would read device registers), while the same
 * mprotect over normal memory makes them executable.
 */
static void check_exec_after_mprotect(enum mem_type mt, bool want_exec)
{
	const unsigned long len = SZ_1G + SZ_2M + 2 * P;
	const unsigned long offs[] = { 0, SZ_1G, SZ_1G + SZ_2M, SZ_1G + SZ_2M + P };
	unsigned long before, a = 0;
	struct mm_struct *mm = new_mm(&before);
	struct mprotect_stats s;

	CHECK_EQ(mm_mmap_pfn(mm, 0, PFN_4G, len, RW | VM_SHARED, mt, &a), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(offs); i++)
		touch(mm, a + offs[i], 0);
	CHECK_EQ(mprotect_counted(mm, a, len, R | X, &s), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(offs); i++) {
		struct leaf l = leaf_at(mm, a + offs[i]);

		CHECK_EQ(l.level, i < 2 ? PT_PUD - (int)i : PT_PTE);
		CHECK_EQ(host_leaf_executable(pte_val(l.entry)), want_exec);
	}
	destroy_and_check(mm, before);
}

TEST(mprotect_exec_never_makes_device_or_wc_executable)
{
	check_exec_after_mprotect(MT_DEVICE, false);
	check_exec_after_mprotect(MT_WC, false);
	check_exec_after_mprotect(MT_NORMAL, true);
}

/* ---------------------------------------------------------------------------------------- */
/* Huge leaves: in place when wholly inside, split when partly inside; the counts.           */

/* A shared pfnmap of len bytes of PFN_4G on, faulted in with the largest leaves that fit. */
static unsigned long pfnmap_faulted(struct mm_struct *mm, unsigned long len)
{
	unsigned long a = 0;

	CHECK_EQ(mm_mmap_pfn(mm, 0, PFN_4G, len, RW | VM_SHARED, MT_DEVICE, &a), 0);
	for (unsigned long off = 0; off < len; off += SZ_2M)
		touch(mm, a + off, FAULT_FLAG_WRITE);
	return a;
}

#define PFN_AT(off) (PFN_4G + ((off) >> PAGE_SHIFT))
#define PFN_RW (RW | SHARED | PFN_FLAGS)
#define PFN_R (VM_READ | SHARED | PFN_FLAGS)

TEST(mprotect_pmd_leaves_change_in_place_or_split)
{
	unsigned long before, a;
	struct mm_struct *mm;
	struct mprotect_stats s;

	host_arch_pud_leaves = false;
	mm = new_mm(&before);
	a = pfnmap_faulted(mm, 3 * SZ_2M);
	CHECK(IS_ALIGNED(a, SZ_2M));
	CHECK_EQ(mprotect_counted(mm, a, SZ_2M, R, &s), 0);
	check_stats(&s, 1, 0, 1, 1);
	check_leaf(mm, a, PT_PMD, PFN_4G, false);
	check_leaf(mm, a + SZ_2M, PT_PMD, PFN_AT(SZ_2M), true);
	/* One page in the middle leaf: that leaf becomes 512 PTEs first, one of them changes. */
	CHECK_EQ(mprotect_counted(mm, a + SZ_2M + 5 * P, P, R, &s), 0);
	check_stats(&s, 1, 1, 2, 2);
	check_leaf(mm, a + SZ_2M + 5 * P, PT_PTE, PFN_AT(SZ_2M + 5 * P), false);
	check_leaf(mm, a + SZ_2M + 4 * P, PT_PTE, PFN_AT(SZ_2M + 4 * P), true);
	check_leaf(mm, a + SZ_2M + 6 * P, PT_PTE, PFN_AT(SZ_2M + 6 * P), true);
	check_leaf(mm, a + 2 * SZ_2M, PT_PMD, PFN_AT(2 * SZ_2M), true);
	CHECK(pte_special(leaf_at(mm, a + SZ_2M + 5 * P).entry));
	CHECK(vmas_match(
		mm, VMAS({ a, a + SZ_2M, PFN_R, PFN_4G, &pfnmap_vm_ops },
			 { a + SZ_2M, a + SZ_2M + 5 * P, PFN_RW, PFN_AT(SZ_2M), &pfnmap_vm_ops },
			 { a + SZ_2M + 5 * P, a + SZ_2M + 6 * P, PFN_R, PFN_AT(SZ_2M + 5 * P),
			   &pfnmap_vm_ops },
			 { a + SZ_2M + 6 * P, a + 3 * SZ_2M, PFN_RW, PFN_AT(SZ_2M + 6 * P),
			   &pfnmap_vm_ops })));
	/*
	 * PROT_NONE over all of it: two PMD leaves and 512 PTEs in four VMAs, so a bracket per VMA
	 * (each VMA is changed on its own, as in Linux), one flush; then the four merge.
	 */
	CHECK_EQ(mprotect_counted(mm, a, 3 * SZ_2M, PROT_NONE, &s), 0);
	check_stats(&s, 2 + 512, 0, 4, 1);
	check_protnone(mm, a, PT_PMD, PFN_4G);
	check_protnone(mm, a + SZ_2M + 5 * P, PT_PTE, PFN_AT(SZ_2M + 5 * P));
	CHECK(vmas_match(mm,
			 VMAS({ a, a + 3 * SZ_2M, SHARED | PFN_FLAGS, PFN_4G, &pfnmap_vm_ops })));
	check_tables(mm);
	host_arch_pud_leaves = true;
	destroy_and_check(mm, before);
}

/* Counts the notifier calls and checks their pairing and their order against the TLB flush. */
struct counting_notifier {
	struct mmu_notifier mn;
	unsigned long starts, ends, open;
	struct mmu_notifier_range last;
	unsigned long flushes_at_start, flushes_at_end;
	bool bad;
};

static void count_start(struct mmu_notifier *mn, const struct mmu_notifier_range *r)
{
	struct counting_notifier *n = container_of(mn, struct counting_notifier, mn);

	n->starts++;
	n->open++;
	n->last = *r;
	n->bad |= r->event != MMU_NOTIFY_PROTECTION;
	n->flushes_at_start = user_flushes();
}

static void count_end(struct mmu_notifier *mn, const struct mmu_notifier_range *r)
{
	struct counting_notifier *n = container_of(mn, struct counting_notifier, mn);

	n->ends++;
	n->bad |= !n->open--;
	n->flushes_at_end = user_flushes();
}

static const struct mmu_notifier_ops counting_ops = {
	.invalidate_range_start = count_start,
	.invalidate_range_end = count_end,
};

TEST(mprotect_1g_pud_leaf_is_one_entry_one_pair_one_flush)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct counting_notifier n = { .mn.ops = &counting_ops };
	struct mprotect_stats s;

	a = pfnmap_faulted(mm, 2 * SZ_1G);
	CHECK(IS_ALIGNED(a, SZ_1G));
	CHECK_EQ(mmu_notifier_register(&n.mn, mm), 0);
	CHECK_EQ(mprotect_counted(mm, a, SZ_1G, R, &s), 0);
	printf("# mprotect of a 1 GiB PUD-mapped pfnmap: %lu entry, %lu notifier pair, %lu TLB "
	       "flush\n",
	       s.entries_changed, s.notifier_pairs, s.tlb_flushes);
	check_stats(&s, 1, 0, 1, 1);
	CHECK_EQ(n.starts, 1);
	CHECK_EQ(n.ends, 1);
	CHECK(!n.bad);
	CHECK(n.last.start == a && n.last.end == a + SZ_1G);
	/* The end comes after the flush (mmu_notifier.h), the start before it. */
	CHECK_EQ(n.flushes_at_end - n.flushes_at_start, 1);
	CHECK_EQ(host_arch_calls.last_stride_shift, PUD_SHIFT);
	check_leaf(mm, a, PT_PUD, PFN_4G, false);
	check_leaf(mm, a + SZ_1G, PT_PUD, PFN_AT(SZ_1G), true);
	/* PROT_NONE on both: two entries, a bracket per PUD range, still one flush. */
	CHECK_EQ(mprotect_counted(mm, a, 2 * SZ_1G, PROT_NONE, &s), 0);
	check_stats(&s, 2, 0, 2, 1);
	check_protnone(mm, a + SZ_1G + 7 * P, PT_PUD, PFN_AT(SZ_1G + 7 * P));
	CHECK_EQ(n.starts, 3);
	CHECK_EQ(n.ends, 3);
	CHECK(!n.bad && !n.open);
	CHECK_EQ(mprotect_counted(mm, a, 2 * SZ_1G, R | W, &s), 0);
	check_leaf(mm, a + SZ_1G, PT_PUD, PFN_AT(SZ_1G), true);
	mmu_notifier_unregister(&n.mn);
	destroy_and_check(mm, before);
}

/* Without PUD leaves the same GiB is 512 PMD leaves: still one bracket (per PUD, not per PMD). */
TEST(mprotect_notifier_pair_per_pud_range_not_per_pmd)
{
	unsigned long before, a;
	struct mm_struct *mm;
	struct mprotect_stats s;

	host_arch_pud_leaves = false;
	mm = new_mm(&before);
	a = pfnmap_faulted(mm, SZ_1G);
	CHECK_EQ(mprotect_counted(mm, a, SZ_1G, R, &s), 0);
	check_stats(&s, 512, 0, 1, 1);
	check_leaf(mm, a + SZ_1G - P, PT_PMD, PFN_AT(SZ_1G - P), false);
	host_arch_pud_leaves = true;
	destroy_and_check(mm, before);
}

/* Twenty PUD ranges: the notifier ends wait for a flush, at most 16 at a time. */
TEST(mprotect_many_pud_ranges_flush_once_per_notifier_batch)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct counting_notifier n = { .mn.ops = &counting_ops };
	struct mprotect_stats s;

	CHECK_EQ(mm_mmap_pfn(mm, 0, PFN_4G, 20 * SZ_1G, RW | VM_SHARED, MT_DEVICE, &a), 0);
	for (unsigned long off = 0; off < 20 * SZ_1G; off += SZ_1G)
		touch(mm, a + off, 0);
	CHECK_EQ(mmu_notifier_register(&n.mn, mm), 0);
	CHECK_EQ(mprotect_counted(mm, a, 20 * SZ_1G, R, &s), 0);
	check_stats(&s, 20, 0, 20, 2);
	CHECK_EQ(n.ends, 20);
	CHECK(!n.bad && !n.open);
	mmu_notifier_unregister(&n.mn);
	destroy_and_check(mm, before);
}

TEST(mprotect_pud_leaf_partly_inside_is_split_first)
{
	unsigned long before, a;
	struct mm_struct *mm = new_mm(&before);
	struct mprotect_stats s;

	a = pfnmap_faulted(mm, 2 * SZ_1G);
	/* 2 MiB-aligned edges: the PUD leaf becomes 512 PMD leaves, one of them changes. */
	CHECK_EQ(mprotect_counted(mm, a + SZ_1G + SZ_2M, SZ_2M, R, &s), 0);
	check_stats(&s, 1, 1, 2, 2);
	check_leaf(mm, a + SZ_1G + SZ_2M, PT_PMD, PFN_AT(SZ_1G + SZ_2M), false);
	check_leaf(mm, a + SZ_1G, PT_PMD, PFN_AT(SZ_1G), true);
	check_leaf(mm, a + SZ_1G + 2 * SZ_2M, PT_PMD, PFN_AT(SZ_1G + 2 * SZ_2M), true);
	check_leaf(mm, a, PT_PUD, PFN_4G, true);
	/* Page-aligned edges in the other leaf: PUD, then PMD split, one PTE changes. */
	CHECK_EQ(mprotect_counted(mm, a + 3 * P, P, PROT_NONE, &s), 0);
	check_stats(&s, 1, 2, 3, 3);
	check_protnone(mm, a + 3 * P, PT_PTE, PFN_AT(3 * P));
	check_leaf(mm, a + 2 * P, PT_PTE, PFN_AT(2 * P), true);
	check_leaf(mm, a + 4 * P, PT_PTE, PFN_AT(4 * P), true);
	check_leaf(mm, a + SZ_2M, PT_PMD, PFN_AT(SZ_2M), true);
	CHECK_EQ(mm->map_count, 5);
	/* Both edges inside one PMD leaf of a fresh mapping: one PUD split, one PMD split. */
	CHECK_EQ(do_munmap(mm, a, 2 * SZ_1G), 0);
	a = pfnmap_faulted(mm, SZ_1G);
	CHECK_EQ(mprotect_counted(mm, a + 5 * P, 3 * P, R, &s), 0);
	check_stats(&s, 3, 2, 3, 3);
	check_leaf(mm, a + 7 * P, PT_PTE, PFN_AT(7 * P), false);
	check_leaf(mm, a + 8 * P, PT_PTE, PFN_AT(8 * P), true);
	check_tables(mm);
	destroy_and_check(mm, before);
}

/* See test_vma.c: fill the current slab page so that the next VMA allocation needs a new page. */
static int slab_fill(void **objs, int max)
{
	unsigned long pages = nr_slab_pages();
	int n = 0;

	while (n < max) {
		objs[n++] = kmalloc(sizeof(struct vm_area_struct));
		if (nr_slab_pages() != pages) {
			kfree(objs[--n]);
			break;
		}
	}
	return n;
}

/*
 * The cut through a PUD leaf needs two tables and two VMAs (a slab page): fail each allocation
 * in turn. Every failure is -ENOMEM with the VMAs, the permissions, the leaves and the flush
 * count as they were: the tables and VMAs are all taken before the first split.
 */
TEST(mprotect_out_of_memory_changes_nothing)
{
	unsigned long before, a, nth, flushes, free;
	struct mm_struct *mm = new_mm(&before);
	struct mprotect_stats s;
	void *fill[64];
	int n, err;

	a = pfnmap_faulted(mm, SZ_1G);
	n = slab_fill(fill, ARRAY_SIZE(fill));
	free = nr_free_pages();
	for (nth = 1; nth < 16; nth++) {
		flushes = user_flushes();
		page_alloc_fail_nth(nth);
		err = do_mprotect(mm, a + 5 * P, P, R, &s);
		page_alloc_fail_nth(0);
		if (!err)
			break;
		CHECK_EQ(err, -ENOMEM);
		CHECK(vmas_match(mm, VMAS({ a, a + SZ_1G, PFN_RW, PFN_4G, &pfnmap_vm_ops })));
		check_leaf(mm, a + 5 * P, PT_PUD, PFN_AT(5 * P), true);
		CHECK_EQ(s.entries_changed, 0);
		CHECK_EQ(s.leaves_split, 0);
		CHECK_EQ(user_flushes() - flushes, 0);
		CHECK_EQ(nr_free_pages(), free);
		check_tables(mm);
	}
	/* The PMD table, the PTE table, the slab page of the VMAs. */
	CHECK_EQ(nth, 4);
	check_leaf(mm, a + 5 * P, PT_PTE, PFN_AT(5 * P), false);
	CHECK_EQ(mm->map_count, 3);
	while (n)
		kfree(fill[--n]);
	destroy_and_check(mm, before);
}
