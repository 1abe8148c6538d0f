/*
 * Host tests of mremap (mm/mremap.c).
 *
 * The argument table: every row runs on the build machine's own Linux (the layout below mapped
 * in this process, the real mremap called on it) and on Pagoda (an mm with the same layout).
 * Both must return the row's errno, or both succeed: then at the same place (an offset in the
 * layout; only "moved or not" for rows that let the kernel choose), with the same VMA layout
 * afterwards (/proc/self/maps on Linux) and every moved page holding what was written at its old
 * address, read back through the mapping.
 *
 * Then the page tables: huge leaves move as single entries when both sides are aligned for them,
 * and the new mapping refaults to the right pfns. Last, MADV_DONTNEED rows on the same layout,
 * compared with Linux by errno and by what every page reads afterwards.
 */
#include <errno.h>
#include <string.h>

#include <memlayout.h>

#include "host_env.h"
#include "leaf_walk.h"
#include "linux_mman.h"
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
#define MM MREMAP_MAYMOVE
#define FX (MREMAP_MAYMOVE | MREMAP_FIXED)
#define DU MREMAP_DONTUNMAP
#define LAYOUT_PAGES 20
#define LAYOUT (LAYOUT_PAGES * P)
#define GUARD (8 * P)
#define PAGODA_BASE MMAP_BASE
#define MAX_VMAS 16

/*
 * The layout every row starts from, in pages from its base:
 *
 *	0      4  5     8     10      14         20
 *	[ rw p ) .[ rw p )  .  [ rw s )  . . . . . )
 *	   A         B            S        hole
 *
 * No hole in it holds 8 pages, so a mapping grown to 8 pages and moved where the kernel chooses
 * lands outside it, on both sides.
 */
static const struct piece {
	unsigned long first, nr;
	bool shared;
} layout[] = { { 0, 4, false }, { 5, 3, false }, { 10, 4, true } };

/*
 * Rows where Linux differs from Pagoda on purpose: since 6.17 Linux moves a range that spans
 * several VMAs and holes VMA by VMA (MREMAP_FIXED), where Pagoda, like Linux before it, refuses
 * with -EFAULT. Linux may give either; Pagoda must give the row's errno and change nothing.
 */
enum linux_note { LINUX_SAME, LINUX_MAY_MOVE_EACH_VMA };

/* new_addr of a row: an offset in the layout, or an address as it is. */
enum new_addr_kind { NEW_OFFSET, NEW_ABSOLUTE };

struct mremap_row {
	const char *name;
	unsigned long addr, old_len, new_len, flags; /* addr: an offset */
	enum new_addr_kind new_kind;
	unsigned long new_addr;
	long err; /* 0 or -errno */
	enum linux_note note;
};

/* clang-format off */
#define ROW(n, a, o, l, f, na, e) { n, a, o, l, f, NEW_OFFSET, na, e, LINUX_SAME }
#define ROW_ABS(n, a, o, l, f, na, e) { n, a, o, l, f, NEW_ABSOLUTE, na, e, LINUX_SAME }
#define ROW_NEW_LINUX(n, a, o, l, f, na, e) \
	{ n, a, o, l, f, NEW_OFFSET, na, e, LINUX_MAY_MOVE_EACH_VMA }
/* clang-format on */

static const struct mremap_row rows[] = {
	ROW("flags other than the three", 0, P, P, 8, 0, -EINVAL),
	ROW("FIXED without MAYMOVE", 0, P, P, MREMAP_FIXED, 15 * P, -EINVAL),
	ROW("DONTUNMAP without MAYMOVE", 0, P, P, DU, 0, -EINVAL),
	ROW("unaligned addr", 1, P, P, MM, 0, -EINVAL),
	ROW("new_len 0", 0, P, 0, MM, 0, -EINVAL),
	ROW("old_len 0 of a private mapping", 0, 0, P, MM, 0, -EINVAL),
	ROW("old_len 0 of a private mapping, FIXED", 0, 0, P, FX, 15 * P, -EINVAL),
	ROW("new_len past the user half", 0, P, 1UL << 47, MM, 0, -EINVAL),
	ROW("old_len past the user half", 0, -P, P, MM, 0, -EINVAL),
	ROW("DONTUNMAP with another length", 5 * P, P, 2 * P, MM | DU, 0, -EINVAL),
	ROW("FIXED onto the old range", 0, 2 * P, 2 * P, FX, P, -EINVAL),
	ROW("FIXED unaligned new_addr", 0, P, P, FX, 15 * P + 1, -EINVAL),
	ROW_ABS("FIXED past the user half", 0, P, 2 * P, FX, 0x7ffffffff000UL, -EINVAL),
	ROW("shrink in a hole", 4 * P, 2 * P, P, 0, 0, -EFAULT),
	ROW("same length in a hole", 4 * P, P, P, 0, 0, -EFAULT),
	ROW("grow from a hole", 4 * P, P, 2 * P, 0, 0, -EFAULT),
	ROW("grow a range that runs past its VMA", 3 * P, 2 * P, 3 * P, 0, 0, -EFAULT),
	ROW_NEW_LINUX("move a range that runs past its VMA", 3 * P, 2 * P, 2 * P, FX, 15 * P,
		      -EFAULT),
	ROW("grow with the room after taken", 5 * P, 3 * P, 6 * P, 0, 0, -ENOMEM),
	ROW("grow inside a VMA", 0, P, 2 * P, 0, 0, -ENOMEM),
	ROW("same length past the VMA's end", 3 * P, 2 * P, 2 * P, 0, 0, 0),
	ROW("same length with MAYMOVE", 0, 4 * P, 4 * P, MM, 0, 0),
	ROW("shrink", 0, 4 * P, 2 * P, 0, 0, 0),
	ROW("shrink across a hole", 3 * P, 3 * P, P, 0, 0, 0),
	ROW("grow in place", 5 * P, 3 * P, 5 * P, 0, 0, 0),
	ROW("grow in place up to the next VMA", 5 * P, 3 * P, 5 * P, MM, 0, 0),
	ROW("grow by moving", 0, 4 * P, 8 * P, MM, 0, 0),
	ROW("FIXED move", 0, 4 * P, 4 * P, FX, 15 * P, 0),
	ROW("FIXED move of a middle part", P, 2 * P, 2 * P, FX, 15 * P, 0),
	ROW("FIXED move onto a mapping", 5 * P, 3 * P, 3 * P, FX, 11 * P, 0),
	ROW("FIXED move that shrinks", 0, 4 * P, 2 * P, FX, 15 * P, 0),
	ROW("FIXED move that grows", 5 * P, 3 * P, 5 * P, FX, 15 * P, 0),
	ROW("FIXED move of shared memory", 10 * P, 4 * P, 4 * P, FX, 15 * P, 0),
	ROW("DONTUNMAP to a FIXED place", 0, 4 * P, 4 * P, FX | DU, 15 * P, 0),
	ROW("DONTUNMAP of shared memory", 10 * P, 2 * P, 2 * P, FX | DU, 15 * P, 0),
	ROW("old_len 0 of shared memory: a second mapping", 10 * P, 0, 2 * P, FX, 15 * P, 0),
};

/* What one side did with a row. */
struct outcome {
	long err;
	unsigned long result; /* offset from the base, or ~0 when the kernel chose elsewhere */
	int nvmas;
	struct linux_vma v[MAX_VMAS];
	unsigned long bad_pages; /* moved pages that do not read what their old address held */
};

static bool rows_let_kernel_choose(const struct mremap_row *r)
{
	return (r->flags & MREMAP_MAYMOVE) && !(r->flags & MREMAP_FIXED);
}

static unsigned long new_addr_of(const struct mremap_row *r, unsigned long base)
{
	return r->new_kind == NEW_ABSOLUTE ? r->new_addr : base + r->new_addr;
}

/* What a page of the layout holds before the row: its own offset, plus one. */
static u64 pattern(unsigned long off)
{
	return off + 1;
}

/* The pages of the old range that moved: the first MIN(old, new) bytes, page by page. */
static unsigned long moved_pages(const struct mremap_row *r)
{
	return MIN(ALIGN_UP(r->old_len, P), ALIGN_UP(r->new_len, P)) / P;
}

/* Was the page at this offset mapped in the layout (so that it has a pattern to keep)? */
static bool in_layout(unsigned long off)
{
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++)
		if (off >= layout[i].first * P && off < (layout[i].first + layout[i].nr) * P)
			return true;
	return false;
}

/* ------------------------------------------------------------ Linux */

static void linux_build(unsigned long base)
{
	CHECK_EQ(linux_map_anon(base, LAYOUT, PROT_NONE), 0);
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		unsigned long addr = base + layout[i].first * P, len = layout[i].nr * P;

		if (layout[i].shared)
			CHECK_EQ(linux_map_shared_anon(addr, len), 0);
		else
			CHECK_EQ(linux_map_anon(addr, len, PROT_READ | PROT_WRITE), 0);
		for (unsigned long a = addr; a < addr + len; a += P)
			*(volatile u64 *)a = pattern(a - base);
	}
	CHECK_EQ(linux_munmap(base + 4 * P, P), 0);
	CHECK_EQ(linux_munmap(base + 8 * P, 2 * P), 0);
	CHECK_EQ(linux_munmap(base + 14 * P, LAYOUT - 14 * P), 0);
}

static void shape_relative(struct outcome *o, unsigned long base)
{
	for (int i = 0; i < o->nvmas; i++) {
		o->v[i].start -= base;
		o->v[i].end -= base;
	}
}

/*
 * Linux's side of a row. A move the kernel places lands outside the reserved region: it is read
 * and unmapped at once. Whatever the row did inside the region is refilled with PROT_NONE.
 */
static void linux_row(const struct mremap_row *r, unsigned long base, struct outcome *o)
{
	long ret;

	linux_build(base);
	ret = linux_mremap(base + r->addr, r->old_len, r->new_len, r->flags, new_addr_of(r, base));
	o->err = ret < 0 && ret > -4096 ? ret : 0;
	o->bad_pages = 0;
	if (!o->err) {
		for (unsigned long i = 0; i < moved_pages(r); i++)
			if (in_layout(r->addr + i * P))
				o->bad_pages += *(volatile u64 *)(ret + i * P) !=
						pattern(r->addr + i * P);
		o->result = (unsigned long)ret - base;
		if ((unsigned long)ret < base || (unsigned long)ret >= base + LAYOUT) {
			CHECK(rows_let_kernel_choose(r));
			CHECK_EQ(linux_munmap(ret, r->new_len), 0);
			o->result = ~0UL;
		}
	}
	o->nvmas = linux_vmas(base, base + LAYOUT, o->v, MAX_VMAS);
	CHECK(o->nvmas >= 0);
	shape_relative(o, base);
	CHECK_EQ(linux_map_anon(base, LAYOUT, PROT_NONE), 0);
}

/* ------------------------------------------------------------ Pagoda */

/* A user load through the tables, faulting first when nothing maps addr; ~0 outside any VMA. */
static u64 pagoda_read(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	struct leaf l;

	if (!vma || vma->vm_start > addr)
		return ~0ULL;
	CHECK_EQ(handle_mm_fault(vma, addr, 0) & VM_FAULT_ERROR, 0);
	l = leaf_at(mm, addr);
	CHECK(l.present);
	return l.present ? *word_at(l, addr) : ~0ULL;
}

static void pagoda_write(struct mm_struct *mm, unsigned long addr, u64 val)
{
	struct leaf l;

	CHECK_EQ(handle_mm_fault(find_vma(mm, addr), addr, FAULT_FLAG_WRITE) & VM_FAULT_ERROR, 0);
	l = leaf_at(mm, addr);
	CHECK(l.present && l.writable);
	if (l.present)
		*word_at(l, addr) = val;
}

/* The layout, and a guard VMA after it as Linux's side has (so no hole is open-ended). */
static void pagoda_build(struct mm_struct *mm, unsigned long base)
{
	unsigned long out;

	CHECK_EQ(mm_mmap_anon(mm, base + LAYOUT, GUARD, 0, &out), 0);
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		unsigned long addr = base + layout[i].first * P, len = layout[i].nr * P, out;

		CHECK_EQ(mm_mmap_anon(mm, addr, len, RW | (layout[i].shared ? VM_SHARED : 0), &out),
			 0);
		for (unsigned long a = addr; a < addr + len; a += P)
			pagoda_write(mm, a, pattern(a - base));
	}
}

/* Pagoda's VMAs clipped to the layout, written the way /proc/self/maps writes them. */
static void pagoda_shape(struct mm_struct *mm, unsigned long base, struct outcome *o)
{
	struct vm_area_struct *v;

	o->nvmas = 0;
	for_each_vma(mm, v) {
		struct linux_vma *l = &o->v[o->nvmas];

		if (v->vm_end <= base || v->vm_start >= base + LAYOUT || o->nvmas == MAX_VMAS)
			continue;
		l->start = MAX(v->vm_start, base) - base;
		l->end = MIN(v->vm_end, base + LAYOUT) - base;
		l->perms[0] = v->vm_flags & VM_READ ? 'r' : '-';
		l->perms[1] = v->vm_flags & VM_WRITE ? 'w' : '-';
		l->perms[2] = v->vm_flags & VM_EXEC ? 'x' : '-';
		l->perms[3] = v->vm_flags & VM_MAYSHARE ? 's' : 'p';
		l->perms[4] = 0;
		o->nvmas++;
	}
}

static void check_tables(struct mm_struct *mm)
{
	struct pgtable_check_report rep;

	CHECK_EQ(pgtable_check(mm, &rep), 0);
	if (rep.nr_errors)
		printf("# pgtable_check: %s at %#lx\n", rep.first_error, rep.first_addr);
	CHECK(vma_verify(mm) == NULL);
}

static void pagoda_row(const struct mremap_row *r, struct outcome *o)
{
	unsigned long base = PAGODA_BASE, out = 0;
	struct mm_struct *mm = mm_create();

	pagoda_build(mm, base);
	o->err = do_mremap(mm, base + r->addr, r->old_len, r->new_len, r->flags,
			   new_addr_of(r, base), &out);
	o->bad_pages = 0;
	if (!o->err) {
		for (unsigned long i = 0; i < moved_pages(r); i++)
			if (in_layout(r->addr + i * P))
				o->bad_pages += pagoda_read(mm, out + i * P) !=
						pattern(r->addr + i * P);
		o->result = out < base || out >= base + LAYOUT ? ~0UL : out - base;
		if (o->result == ~0UL)
			CHECK(rows_let_kernel_choose(r));
	}
	pagoda_shape(mm, base, o);
	check_tables(mm);
	mm_destroy(mm);
}

/* ------------------------------------------------------------ the comparison */

static bool shapes_equal(const struct outcome *a, const struct outcome *b)
{
	if (a->nvmas != b->nvmas)
		return false;
	for (int i = 0; i < a->nvmas; i++)
		if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end ||
		    strcmp(a->v[i].perms, b->v[i].perms))
			return false;
	return true;
}

static void shape_print(const char *who, const struct outcome *o)
{
	printf("#   %s: %ld at %#lx, %lu bad pages:", who, o->err, o->result, o->bad_pages);
	for (int i = 0; i < o->nvmas; i++)
		printf(" [%lu,%lu)%s", o->v[i].start / P, o->v[i].end / P, o->v[i].perms);
	printf("\n");
}

/* A placement the kernel chose: compare only whether the mapping moved (~0) or stayed. */
static bool results_equal(const struct mremap_row *r, const struct outcome *a,
			  const struct outcome *b)
{
	if (a->err || b->err)
		return true;
	return a->result == b->result;
}

TEST(mremap_errno_table_matches_linux)
{
	/* A row that changes nothing, for the layout a refused row must leave. */
	static const struct mremap_row unchanged = ROW("nothing", 0, P, P, 0, 0, 0);
	unsigned long region, free_before;
	struct outcome lin, pag;

	host_env_init();
	free_before = nr_free_pages();
	region = linux_reserve(GUARD + LAYOUT + GUARD);
	CHECK(region != 0);
	if (!region)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct mremap_row *r = &rows[i];

		linux_row(r, region + GUARD, &lin);
		pagoda_row(r, &pag);
		if (r->note == LINUX_MAY_MOVE_EACH_VMA && lin.err == 0) {
			linux_row(&unchanged, region + GUARD, &lin);
			lin.err = r->err;
		}
		CHECK_EQ(lin.err, r->err);
		CHECK_EQ(pag.err, r->err);
		CHECK(results_equal(r, &lin, &pag));
		CHECK(shapes_equal(&lin, &pag));
		CHECK_EQ(lin.bad_pages, 0);
		CHECK_EQ(pag.bad_pages, 0);
		if (lin.err != r->err || pag.err != r->err || !results_equal(r, &lin, &pag) ||
		    !shapes_equal(&lin, &pag) || lin.bad_pages || pag.bad_pages) {
			printf("# row \"%s\": table %ld\n", r->name, r->err);
			shape_print("Linux ", &lin);
			shape_print("Pagoda", &pag);
		}
	}
	printf("# %zu mremap argument rows, each run on this machine's Linux too\n",
	       ARRAY_SIZE(rows));
	CHECK_EQ(linux_munmap(region, GUARD + LAYOUT + GUARD), 0);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
}

/* ------------------------------------------------------------ page tables */

/* pfnmaps reach arena memory the allocator does not manage: its second GiB. */
#define DEV_PFN PHYS_PFN(HOST_PHYS_BASE + SZ_1G)

static unsigned long pfnmap_faulted(struct mm_struct *mm, unsigned long len)
{
	unsigned long addr;

	CHECK_EQ(mm_mmap_pfn(mm, 0, DEV_PFN, len, RW | VM_SHARED, MT_DEVICE, &addr), 0);
	for (unsigned long a = addr; a < addr + len; a += SZ_2M)
		CHECK_EQ(handle_mm_fault(find_vma(mm, a), a, 0) & VM_FAULT_ERROR, 0);
	return addr;
}

static void check_leaf(struct mm_struct *mm, unsigned long addr, enum pt_level level, pfn_t pfn)
{
	struct leaf l = leaf_at(mm, addr);

	CHECK(l.present);
	CHECK_EQ(l.level, level);
	CHECK_EQ(l.pfn, pfn);
}

/*
 * Aligned moves carry huge leaves as single entries: a 1 GiB leaf costs one PUD entry and no
 * table beyond the destination's own; a misaligned move splits them down to PTEs. A pfnmap may
 * shrink and move but not grow; a moved pfnmap refaults to its own pfns.
 */
TEST(mremap_moves_huge_leaves_as_entries_when_aligned)
{
	unsigned long before, a, out, tables;
	struct mm_struct *mm;

	host_env_init();
	before = nr_free_pages();
	mm = mm_create();
	a = pfnmap_faulted(mm, SZ_1G);
	check_leaf(mm, a, PT_PUD, DEV_PFN);
	tables = mm->nr_pgtables;
	CHECK_EQ(do_mremap(mm, a, SZ_1G, SZ_1G, FX, a + 8 * SZ_1G, &out), 0);
	CHECK_EQ(out, a + 8 * SZ_1G);
	check_leaf(mm, out + SZ_2M + 5 * P, PT_PUD, DEV_PFN + PHYS_PFN(SZ_2M + 5 * P));
	CHECK(!leaf_at(mm, a).present);
	/* Same PUD table on both sides: nothing allocated, nothing left to free. */
	CHECK_EQ(mm->nr_pgtables, tables);
	check_tables(mm);

	/* PMD-aligned, not PUD-aligned: the leaf splits into PMD leaves, which move whole. */
	CHECK_EQ(do_mremap(mm, out, SZ_1G, SZ_1G, FX, a + 16 * SZ_1G + SZ_2M, &out), 0);
	check_leaf(mm, out, PT_PMD, DEV_PFN);
	check_leaf(mm, out + SZ_1G - P, PT_PMD, DEV_PFN + PHYS_PFN(SZ_1G - P));
	check_tables(mm);

	/* A pfnmap cannot grow (Linux: -EFAULT), may not stay behind (DONTUNMAP), may shrink. */
	CHECK_EQ(do_mremap(mm, out, SZ_1G, SZ_1G + P, MM, 0, &a), -EFAULT);
	CHECK_EQ(do_mremap(mm, out, SZ_2M, SZ_2M, FX | DU, a + 32 * SZ_1G, &a), -EINVAL);
	CHECK_EQ(do_mremap(mm, out, SZ_1G, SZ_2M, 0, 0, &a), 0);
	CHECK_EQ(a, out);
	check_leaf(mm, out + P, PT_PMD, DEV_PFN + 1);
	CHECK(!leaf_at(mm, out + SZ_2M).present);

	/* One page off: the PMD leaf becomes PTEs; faults after a zap map the same pfns. */
	CHECK_EQ(do_mremap(mm, out, SZ_2M, SZ_2M, FX, out + SZ_1G + P, &a), 0);
	check_leaf(mm, a + 7 * P, PT_PTE, DEV_PFN + 7);
	CHECK_EQ(do_madvise(mm, a, SZ_2M, MADV_DONTNEED), -EINVAL);
	CHECK_EQ(do_munmap(mm, a, 8 * P), 0);
	check_tables(mm);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), before);
	CHECK_EQ(nr_slab_pages(), 0);
}

/*
 * DONTUNMAP of private anonymous memory: the pages move (same pfns, no copy), the old range
 * keeps its VMA and reads zeroes.
 */
TEST(mremap_dontunmap_moves_pages_and_leaves_zeroes)
{
	unsigned long before, a, out;
	struct mm_struct *mm;
	pfn_t pfn;

	host_env_init();
	before = nr_free_pages();
	mm = mm_create();
	CHECK_EQ(mm_mmap_anon(mm, 0, 4 * P, RW, &a), 0);
	for (unsigned long i = 0; i < 4; i++)
		pagoda_write(mm, a + i * P, 0x1000 + i);
	pfn = leaf_at(mm, a + 2 * P).pfn;
	CHECK_EQ(do_mremap(mm, a, 4 * P, 4 * P, MM | DU, 0, &out), 0);
	CHECK(out != a);
	CHECK_EQ(leaf_at(mm, out + 2 * P).pfn, pfn);
	for (unsigned long i = 0; i < 4; i++) {
		CHECK(!leaf_at(mm, a + i * P).present);
		CHECK_EQ(pagoda_read(mm, out + i * P), 0x1000 + i);
		CHECK_EQ(pagoda_read(mm, a + i * P), 0);
	}
	CHECK_EQ(mm->map_count, 2);
	check_tables(mm);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), before);
	CHECK_EQ(nr_slab_pages(), 0);
}

/* ------------------------------------------------------------ MADV_DONTNEED against Linux */

struct madvise_row {
	const char *name;
	unsigned long addr, len; /* addr: an offset in the layout */
	int advice;
	long err;
};

static const struct madvise_row madvise_rows[] = {
	{ "unaligned start", 1, P, MADV_DONTNEED, -EINVAL },
	{ "unknown advice", 0, P, 1234, -EINVAL },
	{ "len 0", 0, 0, MADV_DONTNEED, 0 },
	{ "start + len wraps", 0, -2 * P, MADV_DONTNEED, -EINVAL },
	{ "a private range", P, 2 * P, MADV_DONTNEED, 0 },
	{ "a shared range", 10 * P, 2 * P, MADV_DONTNEED, 0 },
	{ "across a hole", 3 * P, 3 * P, MADV_DONTNEED, -ENOMEM },
	{ "wholly in a hole", 14 * P, 2 * P, MADV_DONTNEED, -ENOMEM },
};

/* What each page of the layout reads after a row (0 for a hole), into out[LAYOUT_PAGES]. */
static void linux_contents(unsigned long base, u64 *out)
{
	for (unsigned long i = 0; i < LAYOUT_PAGES; i++)
		out[i] = in_layout(i * P) ? *(volatile u64 *)(base + i * P) : 0;
}

static void pagoda_contents(struct mm_struct *mm, unsigned long base, u64 *out)
{
	for (unsigned long i = 0; i < LAYOUT_PAGES; i++)
		out[i] = in_layout(i * P) ? pagoda_read(mm, base + i * P) : 0;
}

/*
 * Each row on both sides: the same errno, and every page of the layout reads the same
 * afterwards (zeroes where private memory was dropped, the data where shared memory was).
 */
TEST(madvise_dontneed_table_matches_linux)
{
	unsigned long region, base, free_before;
	u64 lin[LAYOUT_PAGES], pag[LAYOUT_PAGES];
	struct mm_struct *mm;
	long lerr, perr;

	host_env_init();
	free_before = nr_free_pages();
	region = linux_reserve(GUARD + LAYOUT + GUARD);
	CHECK(region != 0);
	if (!region)
		return;
	base = region + GUARD;
	for (size_t i = 0; i < ARRAY_SIZE(madvise_rows); i++) {
		const struct madvise_row *r = &madvise_rows[i];

		linux_build(base);
		lerr = linux_madvise(base + r->addr, r->len, r->advice);
		linux_contents(base, lin);
		CHECK_EQ(linux_map_anon(base, LAYOUT, PROT_NONE), 0);

		mm = mm_create();
		pagoda_build(mm, PAGODA_BASE);
		perr = do_madvise(mm, PAGODA_BASE + r->addr, r->len, r->advice);
		pagoda_contents(mm, PAGODA_BASE, pag);
		check_tables(mm);
		mm_destroy(mm);

		CHECK_EQ(lerr, r->err);
		CHECK_EQ(perr, r->err);
		CHECK(!memcmp(lin, pag, sizeof(lin)));
		if (lerr != r->err || perr != r->err || memcmp(lin, pag, sizeof(lin)))
			printf("# row \"%s\": Linux %ld, Pagoda %ld, table %ld\n", r->name, lerr,
			       perr, r->err);
	}
	CHECK_EQ(linux_munmap(region, GUARD + LAYOUT + GUARD), 0);
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
}
