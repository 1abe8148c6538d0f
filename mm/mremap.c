/*
 * mremap (mm/mremap.h). Validate, then mutate:
 *
 *	do_mremap
 *	  mremap_check        the arguments and the VMA, in Linux's order; no side effects
 *	  shrink              do_munmap of the tail
 *	  vma_expand_in_place the VMA's end moves up
 *	  move_vma            FIXED's unmap of the destination, then everything the move needs
 *	                      allocated (move_prepare, the only step that can fail), then the VMA
 *	                      cuts, the new VMA, move_page_tables, the old VMA removed
 *
 *	move_page_tables -> move_pmd_range -> move_ptes
 *	                    move_huge_pud     move_huge_pmd
 *
 * move_page_tables runs twice over the same range with the same decisions: once to count the
 * tables the move needs (the splits of source leaves it cannot move whole, and the destination's
 * missing tables), once to move. The counting pass sees a leaf it would split as already split,
 * and a destination table it would allocate as already there, so both passes agree.
 */
#include <errno.h>

#include <memlayout.h>
#include <pgalloc.h>

#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/mremap.h"
#include "mm/unmap.h"
#include "mm/vma.h"

#define MREMAP_VALID (MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)
/* An address no leaf or table span starts at: "none". */
#define NO_SPAN 1UL

/* The request, once checked. */
struct mremap_req {
	unsigned long addr, old_len, new_len, flags, new_addr;
	struct vm_area_struct *vma; /* the VMA holding addr */
};

enum move_pass {
	MOVE_COUNT, /* count the tables the move needs, change nothing */
	MOVE_APPLY, /* move, taking those tables from ctx->tables */
};

struct move_ctx {
	struct mm_struct *mm;
	enum move_pass pass;
	struct mmu_gather *tlb;	     /* MOVE_APPLY */
	struct split_tables *tables; /* MOVE_APPLY: what MOVE_COUNT counted */
	unsigned long nr_tables;     /* MOVE_COUNT */
	/* MOVE_COUNT: the last source leaves counted as split, the last new table per level. */
	unsigned long split_pud, split_pmd;
	unsigned long new_table[PT_PGD];
};

/* ------------------------------------------------------------ the source, as the move sees it */

enum src_kind { SRC_HOLE, SRC_PUD_LEAF, SRC_PMD_LEAF, SRC_PTE_TABLE };

struct src {
	enum src_kind kind;
	unsigned long next; /* a hole: where it ends at the latest */
	pud_t *pud;
	pmd_t *pmd;
};

/*
 * What maps addr in the source: a PUD leaf, a PMD leaf, a PTE table, or nothing down to some
 * level. The counting pass sees the leaves it counted as split as split already.
 */
static struct src src_at(struct move_ctx *c, unsigned long addr, unsigned long end)
{
	pgd_t *pgd = pgd_offset_pgd(c->mm->pgd, addr);
	struct src s = { SRC_HOLE, pgd_addr_end(addr, end), NULL, NULL };
	bool pud_split = c->pass == MOVE_COUNT && c->split_pud == ALIGN_DOWN(addr, PUD_SIZE);
	bool pmd_split = c->pass == MOVE_COUNT && c->split_pmd == ALIGN_DOWN(addr, PMD_SIZE);

	if (pgd_none(pgdp_get(pgd)))
		return s;
	s.pud = pud_offset(pgd, addr);
	s.next = pud_addr_end(addr, end);
	if (pud_none(pudp_get(s.pud)))
		return s;
	if (pud_leaf(pudp_get(s.pud))) {
		s.kind = !pud_split ? SRC_PUD_LEAF : pmd_split ? SRC_PTE_TABLE : SRC_PMD_LEAF;
		return s;
	}
	s.pmd = pmd_offset(s.pud, addr);
	s.next = pmd_addr_end(addr, end);
	if (pmd_none(pmdp_get(s.pmd)))
		return s;
	s.kind = pmd_leaf(pmdp_get(s.pmd)) && !pmd_split ? SRC_PMD_LEAF : SRC_PTE_TABLE;
	return s;
}

/*
 * Split the source leaf at level holding addr (entry points at it), or count the split. The
 * leaf reaches past the moved range into what stays, so it has its own MMU_NOTIFY_CLEAR bracket.
 */
static void split_src(struct move_ctx *c, void *entry, unsigned long addr, enum pt_level level)
{
	unsigned long size = pt_level_size(level), leaf = ALIGN_DOWN(addr, size);
	struct mmu_notifier_range range;

	if (c->pass == MOVE_COUNT) {
		c->nr_tables++;
		if (level == PT_PUD)
			c->split_pud = leaf;
		else
			c->split_pmd = leaf;
		return;
	}
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, c->mm, leaf, leaf + size);
	mmu_notifier_invalidate_range_start(&range);
	split_huge_leaf(c->tlb, entry, addr, level, c->tables);
	mmu_notifier_invalidate_range_end(&range);
}

/* ------------------------------------------------------------ the destination's tables */

/* The span of the table that holds the entries of level (PT_PUD: a PUD table spans a PGD slot). */
static unsigned long table_span(enum pt_level level)
{
	return level == PT_PUD ? PGDIR_SIZE : level == PT_PMD ? PUD_SIZE : PMD_SIZE;
}

/* A table for entries of level at addr is missing: count it once, or take it from the pool. */
static phys_addr_t new_table(struct move_ctx *c, unsigned long addr, enum pt_level level)
{
	unsigned long span = ALIGN_DOWN(addr, table_span(level));

	if (c->pass == MOVE_APPLY)
		return split_tables_take(c->tables);
	if (c->new_table[level] != span) {
		c->new_table[level] = span;
		c->nr_tables++;
	}
	return 0;
}

/*
 * The destination's entry of level (PT_PUD, PT_PMD or PT_PTE) for addr, the tables above it
 * installed from the pool when missing; NULL in the counting pass, which counts them instead.
 * The destination has no VMA, so no leaf covers it: each entry on the way is a table or empty.
 */
static void *dest_entry(struct move_ctx *c, unsigned long addr, enum pt_level level)
{
	pgd_t *pgd = pgd_offset_pgd(c->mm->pgd, addr);
	bool missing = pgd_none(pgdp_get(pgd));
	pud_t *pud = NULL;
	pmd_t *pmd = NULL;
	phys_addr_t table;

	if (missing && (table = new_table(c, addr, PT_PUD)))
		pgd_populate(pgd, table, PT_USER);
	missing = missing && c->pass == MOVE_COUNT;
	if (!missing)
		pud = pud_offset(pgd, addr);
	if (level == PT_PUD)
		return pud;
	missing = missing || pud_none(pudp_get(pud));
	if (missing && (table = new_table(c, addr, PT_PMD)))
		pud_populate(pud, table, PT_USER);
	missing = missing && c->pass == MOVE_COUNT;
	if (!missing)
		pmd = pmd_offset(pud, addr);
	if (level == PT_PMD)
		return pmd;
	missing = missing || pmd_none(pmdp_get(pmd));
	if (missing && (table = new_table(c, addr, PT_PTE)))
		pmd_populate(pmd, table, PT_USER);
	missing = missing && c->pass == MOVE_COUNT;
	return missing ? NULL : pte_offset(pmd, addr);
}

/* ------------------------------------------------------------ moving entries */

/* move_huge_pXd: one leaf, source and destination both aligned for it (Linux move_huge_pmd). */
static void move_huge_pud(struct move_ctx *c, pud_t *src, unsigned long old, unsigned long new)
{
	pud_t *dst = dest_entry(c, new, PT_PUD);
	pud_t leaf;

	if (c->pass == MOVE_COUNT)
		return;
	leaf = pudp_get(src);
	pud_clear(src);
	set_pud(dst, leaf);
	tlb_flush_range(c->tlb, old, old + PUD_SIZE, PUD_SHIFT);
}

static void move_huge_pmd(struct move_ctx *c, pmd_t *src, unsigned long old, unsigned long new)
{
	pmd_t *dst = dest_entry(c, new, PT_PMD);
	pmd_t leaf;

	if (c->pass == MOVE_COUNT)
		return;
	leaf = pmdp_get(src);
	pmd_clear(src);
	set_pmd(dst, leaf);
	tlb_flush_range(c->tlb, old, old + PMD_SIZE, PMD_SHIFT);
}

/* The PTEs of [old, end), inside one source and one destination PTE table (Linux move_ptes). */
static void move_ptes(struct move_ctx *c, pmd_t *pmd, unsigned long old, unsigned long end,
		      unsigned long new)
{
	pte_t *dst = dest_entry(c, new, PT_PTE), *src;
	unsigned long start = old;

	if (c->pass == MOVE_COUNT)
		return;
	src = pte_offset(pmd, old);
	for (; old != end; old += PAGE_SIZE, src++, dst++) {
		pte_t entry = ptep_get(src);

		if (pte_none(entry))
			continue;
		pte_clear(src);
		set_pte(dst, entry);
	}
	tlb_flush_range(c->tlb, start, end, PAGE_SHIFT);
}

/* The end of the piece of [old, end) that stays inside one size-aligned block at both sides. */
static unsigned long extent_end(unsigned long old, unsigned long new, unsigned long end,
				unsigned long size)
{
	unsigned long next = MIN(ALIGN_DOWN(old, size) + size, end);

	return MIN(next, old + (ALIGN_DOWN(new, size) + size - new));
}

static void move_pmd_range(struct move_ctx *c, unsigned long old, unsigned long end,
			   unsigned long new)
{
	unsigned long next;

	for (; old < end; new += next - old, old = next) {
		struct src s = src_at(c, old, end);

		next = extent_end(old, new, end, PMD_SIZE);
		if (s.kind == SRC_HOLE) {
			next = MIN(next, s.next);
			continue;
		}
		if (s.kind == SRC_PMD_LEAF && IS_ALIGNED(old, PMD_SIZE) && next - old == PMD_SIZE) {
			move_huge_pmd(c, s.pmd, old, new);
			continue;
		}
		if (s.kind == SRC_PMD_LEAF)
			split_src(c, s.pmd, old, PT_PMD);
		move_ptes(c, s.pmd, old, next, new);
	}
}

/*
 * Move the entries of [old, old + len) to [new, new + len) (Linux move_page_tables): whole huge
 * leaves where both sides are aligned for them and the range covers them, else the leaf is split
 * and its pieces move one level down. Page-table lock held.
 */
static void move_page_tables(struct move_ctx *c, unsigned long old, unsigned long new,
			     unsigned long len)
{
	unsigned long end = old + len, next;

	for (; old < end; new += next - old, old = next) {
		struct src s = src_at(c, old, end);

		next = extent_end(old, new, end, PUD_SIZE);
		if (s.kind == SRC_HOLE) {
			next = MIN(next, s.next);
			continue;
		}
		if (s.kind == SRC_PUD_LEAF && IS_ALIGNED(old, PUD_SIZE) && next - old == PUD_SIZE) {
			move_huge_pud(c, s.pud, old, new);
			continue;
		}
		if (s.kind == SRC_PUD_LEAF)
			split_src(c, s.pud, old, PT_PUD);
		move_pmd_range(c, old, next, new);
	}
}

/* ------------------------------------------------------------ the VMA side */

/* What a move allocates before it changes anything. */
struct move_alloc {
	struct vm_area_struct *new_vma, *head, *tail;
	struct split_tables tables;
};

static void move_alloc_free(struct move_alloc *a, struct mm_struct *mm)
{
	vm_area_free(a->new_vma);
	vm_area_free(a->head);
	vm_area_free(a->tail);
	split_tables_free(&a->tables, mm);
}

/*
 * Allocate everything the move of [r->addr, r->addr + r->old_len) to r->new_addr needs: the new
 * VMA, the VMAs that cut the old range out of its VMA (unless it stays: DONTUNMAP), and the
 * tables move_page_tables counts. Returns 0, or -ENOMEM with nothing held.
 */
static int move_prepare(struct mremap_req *r, struct mm_struct *mm, struct move_alloc *a)
{
	struct move_ctx count = {
		.mm = mm, .pass = MOVE_COUNT, .split_pud = NO_SPAN, .split_pmd = NO_SPAN
	};
	bool cut = r->old_len && !(r->flags & MREMAP_DONTUNMAP);

	for (unsigned int i = 0; i < PT_PGD; i++)
		count.new_table[i] = NO_SPAN;
	pt_lock(mm);
	move_page_tables(&count, r->addr, r->new_addr, r->old_len);
	pt_unlock(mm);
	*a = (struct move_alloc){ 0 };
	if (split_tables_alloc(&a->tables, mm, count.nr_tables))
		return -ENOMEM;
	a->new_vma = vm_area_alloc(mm);
	if (cut && r->addr > r->vma->vm_start)
		a->head = vm_area_alloc(mm);
	if (cut && r->addr + r->old_len < r->vma->vm_end)
		a->tail = vm_area_alloc(mm);
	if (!a->new_vma || (cut && r->addr > r->vma->vm_start && !a->head) ||
	    (cut && r->addr + r->old_len < r->vma->vm_end && !a->tail)) {
		move_alloc_free(a, mm);
		return -ENOMEM;
	}
	return 0;
}

/* Cut [start, end) out of vma with the VMAs a holds; returns the VMA that is exactly that. */
static struct vm_area_struct *cut_vma(struct mm_struct *mm, struct vm_area_struct *vma,
				      unsigned long start, unsigned long end, struct move_alloc *a)
{
	if (a->tail) {
		__split_vma(mm, vma, end, a->tail);
		a->tail = NULL;
	}
	if (a->head) {
		__split_vma(mm, vma, start, a->head);
		vma = a->head;
		a->head = NULL;
	}
	return vma;
}

/* The new VMA: a copy of vma's mapping of r->addr, at r->new_addr, r->new_len long. */
static struct vm_area_struct *new_vma_at(struct mremap_req *r, struct mm_struct *mm,
					 struct vm_area_struct *vma, struct move_alloc *a)
{
	struct vm_area_struct *new = a->new_vma;

	new->vm_start = r->new_addr;
	new->vm_end = r->new_addr + r->new_len;
	new->vm_flags = vma->vm_flags;
	new->mem_type = vma->mem_type;
	new->vm_pgoff = vma->vm_pgoff + ((r->addr - vma->vm_start) >> PAGE_SHIFT);
	new->vm_page_prot = vma->vm_page_prot;
	new->vm_ops = vma->vm_ops;
	new->vm_private_data = vma->vm_private_data;
	if (new->vm_ops->open)
		new->vm_ops->open(new);
	insert_vm_struct(mm, new);
	a->new_vma = NULL;
	return new;
}

/*
 * Move the entries under one MMU_NOTIFY_UNMAP bracket over the old range, ended after the flush;
 * then, unless the old range stays (DONTUNMAP), remove its VMA and free the tables it leaves
 * empty (only in the gap between its neighbours, as munmap does) after that same flush.
 */
static void move_entries(struct mremap_req *r, struct mm_struct *mm, struct vm_area_struct *old,
			 struct split_tables *tables)
{
	struct mmu_gather tlb;
	struct move_ctx apply = { .mm = mm, .pass = MOVE_APPLY, .tlb = &tlb, .tables = tables };
	struct mmu_notifier_range range;
	struct vm_area_struct *prev, *next;

	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, mm, r->addr, r->addr + r->old_len);
	mmu_notifier_invalidate_range_start(&range);
	tlb_gather_mmu(&tlb, mm);
	pt_lock(mm);
	mm->seq++;
	move_page_tables(&apply, r->addr, r->new_addr, r->old_len);
	pgtable_sync();
	pt_unlock(mm);
	if (old) {
		prev = vma_prev(mm, old);
		next = vma_next(mm, old);
		vma_unlink(mm, old);
		free_pgtables(&tlb, mm, prev ? prev->vm_end : 0,
			      next ? next->vm_start : USER_VA_END);
	}
	tlb_finish_mmu(&tlb);
	mmu_notifier_invalidate_range_end(&range);
	if (old)
		remove_vma(old);
}

/*
 * Linux move_vma (and mremap_to for FIXED): r->new_addr is free, or FIXED unmaps it here first
 * and cuts the old range down to new_len. Returns 0 or -ENOMEM (see mremap.h for what FIXED
 * left changed then).
 */
static int move_vma(struct mremap_req *r, struct mm_struct *mm)
{
	struct vm_area_struct *old = NULL, *new;
	struct move_alloc a;
	int err;

	/* Linux's order: the destination is cleared, then the old range shrunk to the new size. */
	if (r->flags & MREMAP_FIXED) {
		err = do_munmap(mm, r->new_addr, r->new_len);
		if (!err && r->old_len > r->new_len)
			err = do_munmap(mm, r->addr + r->new_len, r->old_len - r->new_len);
		if (err)
			return err;
		r->old_len = MIN(r->old_len, r->new_len);
	}
	err = move_prepare(r, mm, &a);
	if (err)
		return err;
	if (r->old_len && !(r->flags & MREMAP_DONTUNMAP))
		old = cut_vma(mm, r->vma, r->addr, r->addr + r->old_len, &a);
	new = new_vma_at(r, mm, old ? old : r->vma, &a);
	if (r->old_len)
		move_entries(r, mm, old, &a.tables);
	move_alloc_free(&a, mm);
	vma_merge_neighbours(mm, new);
	return 0;
}

/* ------------------------------------------------------------ resizing in place */

/* Can vma (ending at the old range's end) grow to end? Linux vma_expandable. */
static bool vma_expandable(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long end)
{
	struct vm_area_struct *next = vma_next(mm, vma);

	return end <= USER_VA_END && (!next || next->vm_start >= end);
}

static void vma_expand_in_place(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long end)
{
	vma->vm_end = end;
	vma_merge_neighbours(mm, vma);
}

/* ------------------------------------------------------------ the checks */

static bool implies_new_addr(unsigned long flags)
{
	return flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
}

/* The argument checks that need no VMA (Linux check_mremap_params). */
static int mremap_check_params(struct mremap_req *r)
{
	if (r->flags & ~MREMAP_VALID || !IS_ALIGNED(r->addr, PAGE_SIZE))
		return -EINVAL;
	if (implies_new_addr(r->flags) && !(r->flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((r->flags & MREMAP_DONTUNMAP) && r->old_len != r->new_len)
		return -EINVAL;
	/* Linux's TASK_SIZE keeps the last page of the user half: a whole half is too long. */
	if (r->old_len >= USER_VA_END || r->new_len >= USER_VA_END)
		return -EINVAL;
	r->old_len = ALIGN_UP(r->old_len, PAGE_SIZE);
	r->new_len = ALIGN_UP(r->new_len, PAGE_SIZE);
	if (!r->new_len)
		return -EINVAL;
	if (!(r->flags & MREMAP_FIXED))
		return 0;
	if (!IS_ALIGNED(r->new_addr, PAGE_SIZE) || r->new_addr > USER_VA_END - r->new_len)
		return -EINVAL;
	if (r->addr < r->new_addr + r->new_len && r->new_addr < r->addr + r->old_len)
		return -EINVAL;
	return 0;
}

/* The checks against the VMA at addr (Linux vma_to_resize), for a move or a growth. */
static int mremap_check_vma(struct mremap_req *r)
{
	struct vm_area_struct *vma = r->vma;

	if (r->old_len > vma->vm_end - r->addr)
		return -EFAULT;
	if ((r->flags & MREMAP_DONTUNMAP) && (vma->vm_flags & VM_PFNMAP))
		return -EINVAL;
	if (r->new_len > r->old_len && (vma->vm_flags & VM_PFNMAP))
		return -EFAULT;
	return 0;
}

int do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	      unsigned long new_len, unsigned long flags, unsigned long new_addr,
	      unsigned long *out_addr)
{
	struct mremap_req r = { addr, old_len, new_len, flags, new_addr, NULL };
	int err = mremap_check_params(&r);

	if (err)
		return err;
	r.vma = find_vma(mm, r.addr);
	if (!r.vma || r.vma->vm_start > r.addr)
		return -EFAULT;
	if (!r.old_len && !(r.vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	*out_addr = r.addr;
	if (!implies_new_addr(r.flags) && r.old_len == r.new_len)
		return 0;
	if (!implies_new_addr(r.flags) && r.old_len > r.new_len)
		return do_munmap(mm, r.addr + r.new_len, r.old_len - r.new_len);
	err = mremap_check_vma(&r);
	if (err)
		return err;
	if (!implies_new_addr(r.flags) && r.old_len && r.addr + r.old_len == r.vma->vm_end &&
	    vma_expandable(mm, r.vma, r.addr + r.new_len)) {
		vma_expand_in_place(mm, r.vma, r.addr + r.new_len);
		return 0;
	}
	if (!(r.flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (!(r.flags & MREMAP_FIXED)) {
		unsigned long pgoff = r.vma->vm_pgoff + ((r.addr - r.vma->vm_start) >> PAGE_SHIFT);

		err = get_unmapped_area(mm, r.new_len, r.vma->vm_flags, pgoff, r.vma->vm_ops,
					&r.new_addr);
		if (err)
			return err;
	}
	err = move_vma(&r, mm);
	if (!err)
		*out_addr = r.new_addr;
	return err;
}
