/*
 * Address-space clone (mm/fork.h). One VMA at a time, a ladder of same-shaped per-level loops
 * walks the source's tables and fills the child's:
 *
 *	dup_mm -> dup_vma -> copy_page_range -> copy_pud_range -> copy_pmd_range -> copy_pte_range
 *
 * Only present source entries are copied; the child's tables are allocated on the way down, so
 * an empty source range costs nothing.
 */
#include <errno.h>

#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/page_alloc.h"
#include "mm/vma.h"
#include "printk.h"

/* What every level of one clone needs. */
struct clone_ctx {
	struct mm_struct *src, *dst;
	const struct vm_area_struct *vma; /* the source VMA being copied */
	bool cow;			  /* it is copy-on-write */
	struct mmu_gather *tlb;		  /* gathers the source ranges that lost write permission */
	struct mm_clone_stats stats;
};

/*
 * The rules a source leaf at level must keep for clone to copy it: a huge leaf of a pfnmap is
 * special (anonymous huge leaves have pages, pfnmap ones never), and a copy-on-write VMA never
 * holds a writable special leaf (device memory has no page to copy on write, so such a leaf is
 * always read-only). Either broken is a kernel bug that the copy would hide (it write-protects
 * the entry): checked on the source entry before anything changes it. Returns 0, or -EINVAL
 * after a console line.
 */
static int clone_check_leaf(const struct clone_ctx *c, pte_t entry, enum pt_level level,
			    unsigned long addr)
{
	const char *broken = NULL;

	if (level != PT_PTE && !pte_special(entry) && (c->vma->vm_flags & VM_PFNMAP))
		broken = "huge leaf without the special bit";
	else if (c->cow && pte_special(entry) && pte_write(entry))
		broken = "writable special leaf in a copy-on-write VMA";
	if (!broken)
		return 0;
	printk("clone: %s at %#lx: refused\n", broken, addr);
	return -EINVAL;
}

/*
 * The child's copy of the present source leaf entry (PTE view) mapping pfn: a normal page (a
 * huge leaf's whole compound page, or a part of one) gains a mapping and a reference; a special
 * one has no page (docs/rules.md, R1: special is tested, only on present entries, R11). In a
 * copy-on-write VMA a writable entry loses write, which the caller applies to the source too.
 */
static pte_t copy_present_leaf(const struct clone_ctx *c, pte_t entry, pfn_t pfn)
{
	if (!pte_special(entry))
		page_dup_rmap(pfn_to_page(pfn), 1);
	return c->cow && pte_write(entry) ? pte_wrprotect(entry) : entry;
}

/*
 * Copy the present PTEs of [addr, end) (copy_present_leaf); a write-protected source is
 * flushed once for the range. Returns 0, -ENOMEM, or -EINVAL (clone_check_leaf) with the entry
 * at fault unchanged.
 */
static int copy_pte_range(struct clone_ctx *c, pmd_t *dst_pmd, const pmd_t *src_pmd,
			  unsigned long addr, unsigned long end)
{
	pte_t *dst = pte_alloc(c->dst, dst_pmd, addr);
	pte_t *src = pte_offset(src_pmd, addr);
	unsigned long start = addr, nr = 0;
	bool wrprotected = false;
	int err = 0;

	if (!dst)
		return -ENOMEM;
	do {
		pte_t entry = ptep_get(src), copy;

		if (!pte_present(entry))
			continue;
		err = clone_check_leaf(c, entry, PT_PTE, addr);
		if (err)
			break;
		copy = copy_present_leaf(c, entry, pte_pfn(entry));
		if (pte_val(copy) != pte_val(entry)) {
			set_pte(src, copy);
			wrprotected = true;
		}
		set_pte(dst, copy);
		nr++;
	} while (dst++, src++, addr += PAGE_SIZE, addr != end);
	if (wrprotected)
		tlb_flush_range(c->tlb, start, end, PAGE_SHIFT);
	c->stats.nr_ptes += nr;
	return err;
}

/*
 * A huge leaf is copied whole (Linux copy_huge_pmd, copy_huge_pud): a special one as it is (in
 * a copy-on-write VMA it is already read-only, clone_check_leaf), an anonymous one sharing its
 * compound page, write-protected in both mms when the VMA is copy-on-write (the first write
 * copies it, do_wp_page). Returns 0, or -EINVAL with nothing changed.
 */
static int copy_huge_pmd(struct clone_ctx *c, pmd_t *dst, pmd_t *src, unsigned long addr)
{
	pmd_t entry = pmdp_get(src), copy;
	int err = clone_check_leaf(c, pmd_pte(entry), PT_PMD, addr);

	if (err)
		return err;
	copy = pte_pmd(copy_present_leaf(c, pmd_pte(entry), pmd_pfn(entry)));
	if (pmd_val(copy) != pmd_val(entry)) {
		set_pmd(src, copy);
		tlb_flush_range(c->tlb, addr, addr + PMD_SIZE, PMD_SHIFT);
	}
	set_pmd(dst, copy);
	c->stats.nr_pmds++;
	return 0;
}

static int copy_huge_pud(struct clone_ctx *c, pud_t *dst, pud_t *src, unsigned long addr)
{
	pud_t entry = pudp_get(src), copy;
	int err = clone_check_leaf(c, pud_pte(entry), PT_PUD, addr);

	if (err)
		return err;
	copy = pte_pud(copy_present_leaf(c, pud_pte(entry), pud_pfn(entry)));
	if (pud_val(copy) != pud_val(entry)) {
		set_pud(src, copy);
		tlb_flush_range(c->tlb, addr, addr + PUD_SIZE, PUD_SHIFT);
	}
	set_pud(dst, copy);
	c->stats.nr_puds++;
	return 0;
}

/*
 * Leaves never cross a VMA's bounds, so a huge leaf met here lies wholly inside [addr, end).
 * copy_pXd_range: 0, or the first error of the level below (the copy stops there).
 */
static int copy_pmd_range(struct clone_ctx *c, pud_t *dst_pud, const pud_t *src_pud,
			  unsigned long addr, unsigned long end)
{
	pmd_t *dst = pmd_alloc(c->dst, dst_pud, addr);
	pmd_t *src = pmd_offset(src_pud, addr);
	unsigned long next;
	int err = 0;

	if (!dst)
		return -ENOMEM;
	do {
		pmd_t entry = pmdp_get(src);

		next = pmd_addr_end(addr, end);
		if (!pmd_present(entry))
			continue;
		if (pmd_leaf(entry))
			err = copy_huge_pmd(c, dst, src, addr);
		else
			err = copy_pte_range(c, dst, src, addr, next);
	} while (!err && (dst++, src++, addr = next, addr != end));
	return err;
}

static int copy_pud_range(struct clone_ctx *c, pgd_t *dst_pgd, const pgd_t *src_pgd,
			  unsigned long addr, unsigned long end)
{
	pud_t *dst = pud_alloc(c->dst, dst_pgd, addr);
	pud_t *src = pud_offset(src_pgd, addr);
	unsigned long next;
	int err = 0;

	if (!dst)
		return -ENOMEM;
	do {
		pud_t entry = pudp_get(src);

		next = pud_addr_end(addr, end);
		if (!pud_present(entry))
			continue;
		if (pud_leaf(entry))
			err = copy_huge_pud(c, dst, src, addr);
		else
			err = copy_pmd_range(c, dst, src, addr, next);
	} while (!err && (dst++, src++, addr = next, addr != end));
	return err;
}

/*
 * Copy the entries of vma (a source VMA) into the child's tables. Takes both page-table locks.
 * Returns 0, -ENOMEM or -EINVAL (a source leaf breaks clone_check_leaf); what was copied before
 * the failure stays in the child for mm_destroy.
 */
static int copy_page_range(struct clone_ctx *c, const struct vm_area_struct *vma)
{
	unsigned long addr = vma->vm_start, end = vma->vm_end, next;
	pgd_t *src = pgd_offset_pgd(c->src->pgd, addr);
	pgd_t *dst = pgd_offset_pgd(c->dst->pgd, addr);
	int err = 0;

	pt_lock(c->src);
	pt_lock(c->dst);
	do {
		next = pgd_addr_end(addr, end);
		if (!pgd_present(pgdp_get(src)))
			continue;
		err = copy_pud_range(c, dst, src, addr, next);
		if (err)
			break;
	} while (dst++, src++, addr = next, addr != end);
	pgtable_sync();
	pt_unlock(c->dst);
	pt_unlock(c->src);
	return err;
}

/* A copy of vma for the child, holding its own reference on what the VMA maps (->open). */
static struct vm_area_struct *vma_dup(struct mm_struct *dst, const struct vm_area_struct *vma)
{
	struct vm_area_struct *new = vm_area_alloc(dst);

	if (!new)
		return NULL;
	*new = *vma;
	new->vm_mm = dst;
	if (new->vm_ops->open)
		new->vm_ops->open(new);
	return new;
}

/*
 * Duplicate one source VMA into the child: the VMA, then its entries. A copy-on-write VMA's
 * notifier bracket starts here, before anything can fail, and ends in end_wrprotect() after the
 * clone's one flush. Returns 0, -ENOMEM or -EINVAL (copy_page_range); the child keeps what was
 * linked and copied.
 */
static int dup_vma(struct clone_ctx *c, const struct vm_area_struct *vma)
{
	struct mmu_notifier_range range;
	struct vm_area_struct *new;
	int err;

	c->vma = vma;
	c->cow = is_cow_mapping(vma->vm_flags);
	if (c->cow) {
		mmu_notifier_range_init(&range, MMU_NOTIFY_CLONE_WRPROT, c->src, vma->vm_start,
					vma->vm_end);
		mmu_notifier_invalidate_range_start(&range);
		c->src->seq++;
	}
	new = vma_dup(c->dst, vma);
	if (!new)
		return -ENOMEM;
	err = insert_vm_struct(c->dst, new);
	if (err) {
		remove_vma(new);
		return err;
	}
	return copy_page_range(c, vma);
}

/* Close the notifier brackets dup_vma() opened, for the source VMAs up to and including last. */
static void end_wrprotect(struct mm_struct *src, const struct vm_area_struct *last)
{
	struct mmu_notifier_range range;
	const struct vm_area_struct *vma;

	for_each_vma(src, vma) {
		if (is_cow_mapping(vma->vm_flags)) {
			mmu_notifier_range_init(&range, MMU_NOTIFY_CLONE_WRPROT, src, vma->vm_start,
						vma->vm_end);
			mmu_notifier_invalidate_range_end(&range);
		}
		if (vma == last)
			return;
	}
}

int dup_mm(struct mm_struct *src, struct mm_struct **child, struct mm_clone_stats *stats)
{
	struct mm_struct *dst = mm_create();
	const struct vm_area_struct *vma, *last = NULL;
	struct mmu_gather tlb;
	struct clone_ctx c = { .src = src, .dst = dst, .tlb = &tlb };
	int err = 0;

	if (!dst)
		return -ENOMEM;
	tlb_gather_mmu(&tlb, src);
	for_each_vma(src, vma) {
		last = vma;
		err = dup_vma(&c, vma);
		if (err)
			break;
	}
	tlb_finish_mmu(&tlb);
	end_wrprotect(src, last);
	if (err) {
		mm_destroy(dst);
		return err;
	}
	if (stats)
		*stats = c.stats;
	*child = dst;
	return 0;
}
