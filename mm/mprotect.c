/*
 * mprotect (mm/mprotect.h). Validate, then mutate (docs/rules.md, L2):
 *
 *	do_mprotect
 *	  argument checks, in Linux's order
 *	  mprotect_validate   the VMAs of the range: holes, VM_MAY*, PROT_GROWS*; no side effects
 *	  mprotect_prepare    allocate the page tables and VMAs of the edge splits (the only
 *	                      steps that can fail, -ENOMEM), then split the huge leaves the
 *	                      range cuts
 *	  mprotect_apply      per VMA: split, new flags, change_protection, merge; cannot fail
 *	  mprotect_flush      the one TLB flush, then the notifier ends
 *
 *	change_protection -> change_pud_range -> change_pmd_range -> change_pte_range
 *
 * Where the range cuts a VMA, the VMA is split and so is any huge leaf there; elsewhere no leaf
 * crosses the range's edges, since leaves never cross a VMA's (pgtable_check tests that). So
 * the ladder only meets leaves wholly inside the range and rewrites each in place.
 *
 * Entries keep their pfn, special and dirty bits and take the permissions of the VMA's new
 * vm_page_prot. These are permission-only changes (output address, size and memory type stay),
 * which arm64 allows on a live entry without break-before-make (see
 * docs/hardware.md#arm64-break-before-make); the only break-before-make is in the splits
 * (memory.c). One CPU: nothing else writes an entry between
 * the read and the write of it (SMP will need Linux's ptep_modify_prot_start/commit).
 *
 *	  range:          [start ........................ end)
 *	  VMAs:     [ A ........ )[ B ........ )[ C ................. )
 *	  after:    [ A )[ A' ...)[ B' ....... )[ C' ....... )[ C ... )   then A'/B'/C' merge with
 *	                                                               neighbours that are alike
 */
#include <errno.h>

#include "mm/memory.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/mprotect.h"
#include "mm/page_alloc.h"
#include "mm/vma.h"

#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)
#define PROT_VALID (PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)

/*
 * Notifier ends wait for the TLB flush (mmu_notifier.h); this many PUD ranges may wait at once
 * before a flush is forced: 16 GiB of huge leaves, or of page tables, per flush.
 */
#define MPROTECT_NOTIFY_BATCH 16

/* The request, once checked. */
struct mprotect_range {
	unsigned long start, end;
	unsigned long prot_flags;	     /* VM_READ | VM_WRITE | VM_EXEC asked for */
	struct vm_area_struct *first, *last; /* the VMAs holding start and end - 1 */
	struct vm_area_struct *head, *tail;  /* allocated for the splits at start / end */
};

/* Which rewritten entries may be writable (Linux can_change_pte_writable). */
enum write_grant {
	WRITE_BY_PROT,	    /* the new protection decides: it has no write, or the VMA is shared */
	WRITE_IF_EXCLUSIVE, /* private writable (copy-on-write) VMA: only entries nobody else maps */
};

struct change_ctx {
	struct mm_struct *mm;
	struct mmu_gather tlb;
	pgprot_t newprot;	/* of the VMA being changed */
	enum write_grant grant; /* of the VMA being changed */
	unsigned int nr_pending;
	struct mmu_notifier_range pending[MPROTECT_NOTIFY_BATCH]; /* started, awaiting the flush */
	struct mprotect_stats *stats;
};

/* The flags vma gets: its own with the access bits replaced (Linux mprotect's newflags). */
static unsigned long vma_newflags(const struct vm_area_struct *vma, const struct mprotect_range *r)
{
	return (vma->vm_flags & ~VM_ACCESS_FLAGS) | r->prot_flags;
}

static bool vma_changes(const struct vm_area_struct *vma, const struct mprotect_range *r)
{
	return vma_newflags(vma, r) != vma->vm_flags;
}

/* PROT_* to VM_* (Linux calc_vm_prot_bits; PROT_SEM has no flag). */
static unsigned long calc_vm_prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/*
 * Check the VMAs of [r->start, r->end) and find the first and last. Linux's lookup: the first
 * VMA that overlaps the range must exist and, unless PROT_GROWSDOWN, begin at or below start;
 * PROT_GROWSDOWN/PROT_GROWSUP then need a VM_GROWSDOWN/VM_GROWSUP VMA, which Pagoda never has.
 * Then VMA by VMA in address order, so that the first failure is the one Linux reports: a gap
 * gives -ENOMEM, flags asking for more than the VMA's VM_MAY* give -EACCES. Changes nothing.
 */
static int mprotect_validate(struct mm_struct *mm, struct mprotect_range *r, unsigned long grows)
{
	struct vm_area_struct *vma = find_vma_intersection(mm, r->start, r->end);
	unsigned long addr, newflags;

	if (!vma)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN)
		return -EINVAL;
	if (vma->vm_start > r->start)
		return -ENOMEM;
	if (grows & PROT_GROWSUP)
		return -EINVAL;
	r->first = vma;
	for (addr = vma->vm_start; vma && vma->vm_start < r->end; vma = vma_next(mm, vma)) {
		if (vma->vm_start != addr)
			return -ENOMEM;
		newflags = vma_newflags(vma, r);
		/* VM_MAYREAD/WRITE/EXEC sit four bits above VM_READ/WRITE/EXEC, as in Linux. */
		if (newflags & ~(newflags >> 4) & VM_ACCESS_FLAGS)
			return -EACCES;
		addr = vma->vm_end;
		r->last = vma;
	}
	return addr < r->end ? -ENOMEM : 0;
}

/*
 * Make addr a leaf boundary (split_huge_leaves_at), with tables from st; each split is one
 * notifier pair and one flush of its own. Page-table lock held.
 */
static void split_leaves_at(struct change_ctx *c, unsigned long addr, struct split_tables *st)
{
	unsigned int nr = split_huge_leaves_at(&c->tlb, addr, st);

	c->stats->notifier_pairs += nr;
	c->stats->leaves_split += nr;
	c->stats->tlb_flushes += nr;
}

/*
 * Everything that can fail, before anything visible changes: the page tables for the splits of
 * huge leaves at start and end and the VMAs for the cuts there (both only where the VMA cut
 * changes protection); then the splits, which cannot fail any more. Returns 0, or -ENOMEM with
 * nothing changed and r->head and r->tail freed.
 */
static int mprotect_prepare(struct mprotect_range *r, struct change_ctx *c)
{
	bool cut_start = r->start > r->first->vm_start && vma_changes(r->first, r);
	bool cut_end = r->end < r->last->vm_end && vma_changes(r->last, r);
	enum split_edges edges = (cut_start ? SPLIT_AT_START : 0) | (cut_end ? SPLIT_AT_END : 0);
	struct split_tables st;
	int err;

	err = split_tables_alloc(&st, c->mm, split_tables_needed(c->mm, r->start, r->end, edges));
	if (err)
		return err;
	r->head = cut_start ? vm_area_alloc(c->mm) : NULL;
	r->tail = cut_end ? vm_area_alloc(c->mm) : NULL;
	if ((cut_start && !r->head) || (cut_end && !r->tail)) {
		vm_area_free(r->head);
		vm_area_free(r->tail);
		split_tables_free(&st, c->mm);
		return -ENOMEM;
	}
	if (st.nr) {
		pt_lock(c->mm);
		if (cut_start)
			split_leaves_at(c, r->start, &st);
		if (cut_end)
			split_leaves_at(c, r->end, &st);
		pgtable_sync();
		pt_unlock(c->mm);
	}
	split_tables_free(&st, c->mm);
	return 0;
}

/* Flush what was gathered, then end the notifier ranges waiting for that flush. */
static void mprotect_flush(struct change_ctx *c)
{
	if (c->tlb.end > c->tlb.start)
		c->stats->tlb_flushes++;
	tlb_flush_mmu(&c->tlb);
	for (unsigned int i = 0; i < c->nr_pending; i++)
		mmu_notifier_invalidate_range_end(&c->pending[i]);
	c->nr_pending = 0;
}

/* Open the notifier bracket of one PUD range [addr, end); its end follows the flush. */
static void mprotect_notify_start(struct change_ctx *c, unsigned long addr, unsigned long end)
{
	struct mmu_notifier_range *range;

	if (c->nr_pending == MPROTECT_NOTIFY_BATCH)
		mprotect_flush(c);
	range = &c->pending[c->nr_pending++];
	mmu_notifier_range_init(range, MMU_NOTIFY_PROTECTION, c->mm, addr, end);
	mmu_notifier_invalidate_range_start(range);
	c->stats->notifier_pairs++;
}

/*
 * The rewritten leaf, in PTE view: fresh (old's pfn with the new protection, built at old's
 * level) plus old's special and dirty bits, and write only where c->grant allows it. A special
 * leaf is checked before its pfn is taken for a page (docs/rules.md, R1): huge leaves are always
 * special, so only PTEs reach page_count(). Write is never granted to an entry that lacked it in
 * a private mapping unless it maps an anonymous page nobody else maps: a page shared by clone
 * stays read-only until the write fault copies it, and a special leaf stays read-only (Linux
 * gives special leaves of copy-on-write mappings no write either).
 */
static inline pte_t leaf_modify(const struct change_ctx *c, pte_t fresh, pte_t old)
{
	if (pte_special(old))
		fresh = pte_mkspecial(fresh);
	if (pte_dirty(old))
		fresh = pte_mkdirty(fresh);
	if (c->grant == WRITE_IF_EXCLUSIVE && !pte_write(old) &&
	    (pte_special(old) || page_count(pfn_to_page(pte_pfn(old))) != 1))
		fresh = pte_wrprotect(fresh);
	return fresh;
}

static void change_pte_range(struct change_ctx *c, pmd_t *pmd, unsigned long addr,
			     unsigned long end)
{
	pte_t *pte = pte_offset(pmd, addr);
	unsigned long start = addr, changed = 0;

	do {
		pte_t old = ptep_get(pte), new;

		if (!pte_present(old))
			continue;
		new = leaf_modify(c, pfn_pte(pte_pfn(old), c->newprot), old);
		if (pte_val(new) == pte_val(old))
			continue;
		set_pte(pte, new);
		changed++;
	} while (pte++, addr += PAGE_SIZE, addr != end);
	if (changed)
		tlb_flush_range(&c->tlb, start, end, PAGE_SHIFT);
	c->stats->entries_changed += changed;
}

/* change_huge_pXd: rewrite a huge leaf wholly inside the range (Linux change_huge_pmd/pud). */
static void change_huge_pmd(struct change_ctx *c, pmd_t *pmd, unsigned long addr, pmd_t old)
{
	pte_t fresh = pmd_pte(pfn_pmd(pmd_pfn(old), c->newprot));
	pmd_t new = pte_pmd(leaf_modify(c, fresh, pmd_pte(old)));

	if (pmd_val(new) == pmd_val(old))
		return;
	set_pmd(pmd, new);
	tlb_flush_range(&c->tlb, addr, addr + PMD_SIZE, PMD_SHIFT);
	c->stats->entries_changed++;
}

static void change_huge_pud(struct change_ctx *c, pud_t *pud, unsigned long addr, pud_t old)
{
	pte_t fresh = pud_pte(pfn_pud(pud_pfn(old), c->newprot));
	pud_t new = pte_pud(leaf_modify(c, fresh, pud_pte(old)));

	if (pud_val(new) == pud_val(old))
		return;
	set_pud(pud, new);
	tlb_flush_range(&c->tlb, addr, addr + PUD_SIZE, PUD_SHIFT);
	c->stats->entries_changed++;
}

static void change_pmd_range(struct change_ctx *c, pud_t *pud, unsigned long addr,
			     unsigned long end)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	do {
		pmd_t entry = pmdp_get(pmd);

		next = pmd_addr_end(addr, end);
		if (pmd_none(entry))
			continue;
		if (pmd_leaf(entry))
			change_huge_pmd(c, pmd, addr, entry);
		else
			change_pte_range(c, pmd, addr, next);
	} while (pmd++, addr = next, addr != end);
}

/*
 * One notifier bracket per PUD range that holds anything (docs/rules.md, R7), opened before the
 * page-table lock is taken so that subscribers never run under it; the entry is read again
 * under the lock (R12).
 */
static void change_pud_range(struct change_ctx *c, pgd_t *pgd, unsigned long addr,
			     unsigned long end)
{
	pud_t *pud = pud_offset(pgd, addr);
	unsigned long next;
	pud_t entry;

	do {
		next = pud_addr_end(addr, end);
		if (pud_none(pudp_get(pud)))
			continue;
		mprotect_notify_start(c, addr, next);
		pt_lock(c->mm);
		entry = pudp_get(pud);
		if (pud_leaf(entry))
			change_huge_pud(c, pud, addr, entry);
		else if (!pud_none(entry))
			change_pmd_range(c, pud, addr, next);
		pgtable_sync();
		pt_unlock(c->mm);
	} while (pud++, addr = next, addr != end);
}

/*
 * Rewrite the leaves of [start, end) (inside vma, no leaf crossing either edge) for vma's new
 * vm_page_prot, gathering the flush in c->tlb.
 */
static void change_protection(struct change_ctx *c, struct vm_area_struct *vma, unsigned long start,
			      unsigned long end)
{
	pgd_t *pgd = pgd_offset_pgd(c->mm->pgd, start);
	unsigned long addr = start, next;

	c->newprot = vma->vm_page_prot;
	c->grant = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE ? WRITE_IF_EXCLUSIVE :
									  WRITE_BY_PROT;
	c->mm->seq++;
	do {
		next = pgd_addr_end(addr, end);
		if (!pgd_none(pgdp_get(pgd)))
			change_pud_range(c, pgd, addr, next);
	} while (pgd++, addr = next, addr != end);
}

/*
 * Give [start, end) of vma (start == vma->vm_start except for the first VMA, end == vma->vm_end
 * except for the last) the new flags: split off what lies outside, rewrite the entries, merge
 * with alike neighbours. Returns the VMA that now covers [start, end); vma itself when its flags
 * do not change (then nothing happens, as in Linux).
 */
static struct vm_area_struct *mprotect_fixup(struct mprotect_range *r, struct change_ctx *c,
					     struct vm_area_struct *vma, unsigned long start,
					     unsigned long end)
{
	unsigned long newflags = vma_newflags(vma, r);

	if (newflags == vma->vm_flags)
		return vma;
	if (start > vma->vm_start) {
		__split_vma(c->mm, vma, start, r->head);
		vma = vma_next(c->mm, vma);
	}
	if (end < vma->vm_end)
		__split_vma(c->mm, vma, end, r->tail);
	vma->vm_flags = newflags;
	vma->vm_page_prot = vm_get_page_prot(newflags, vma->mem_type);
	change_protection(c, vma, start, end);
	return vma_merge_neighbours(c->mm, vma);
}

/* Apply the checked and prepared request VMA by VMA; cannot fail. */
static void mprotect_apply(struct mprotect_range *r, struct change_ctx *c)
{
	struct vm_area_struct *vma = r->first;
	unsigned long addr = r->start;

	while (addr < r->end) {
		vma = mprotect_fixup(r, c, vma, addr, MIN(r->end, vma->vm_end));
		addr = vma->vm_end;
		vma = vma_next(c->mm, vma);
	}
}

int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot,
		struct mprotect_stats *stats)
{
	const unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	struct mprotect_stats unused;
	struct mprotect_range r;
	struct change_ctx c;
	int err;

	stats = stats ? stats : &unused;
	*stats = (struct mprotect_stats){ 0 };
	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || !IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if (!len)
		return 0;
	/* A len within a page of SIZE_MAX rounds up to 0 and lands here too, as in Linux. */
	r.start = start;
	r.end = start + ALIGN_UP(len, PAGE_SIZE);
	if (r.end <= r.start)
		return -ENOMEM;
	if (prot & ~PROT_VALID)
		return -EINVAL;
	r.prot_flags = calc_vm_prot_bits(prot);
	err = mprotect_validate(mm, &r, grows);
	if (err)
		return err;
	c.mm = mm;
	c.nr_pending = 0;
	c.stats = stats;
	tlb_gather_mmu(&c.tlb, mm);
	err = mprotect_prepare(&r, &c);
	if (!err)
		mprotect_apply(&r, &c);
	mprotect_flush(&c);
	tlb_finish_mmu(&c.tlb);
	return err;
}

int mm_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot)
{
	return do_mprotect(mm, start, len, prot, NULL);
}
