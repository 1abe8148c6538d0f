/*
 * The fault core (mm/memory.h). The ladder mirrors Linux's __handle_mm_fault(): at each level
 * allocate the table if it is missing, offer the VMA a leaf of that level's order when the entry
 * is still empty, and descend when the VMA falls back.
 *
 *	handle_mm_fault -> fault_pud -> fault_pmd -> fault_pte
 *	                   huge_fault(vmf, PUD_ORDER), huge_fault(vmf, PMD_ORDER), fault(vmf)
 */
#include <errno.h>
#include <string.h>

#include <tlbflush.h>

#include "arch.h"
#include "mm/memory.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/page_alloc.h"
#include "pgalloc.h"

/* Free a table page of mm that the MMU can no longer reach (never published, or flushed). */
void mm_free_table(struct mm_struct *mm, phys_addr_t table)
{
	mm->nr_pgtables--;
	pt_free_table(table);
}

/*
 * split_huge_pXd: replace the huge leaf *pXd (the one covering addr) with a table of 512 leaves
 * of the next level down mapping the same pfns with the same protection, special bit included.
 * The new table is filled before the leaf goes, the switch is break-before-make (flushed at once
 * through tlb), and pXd_populate() publishes the filled table. An anonymous leaf's compound
 * page stays whole: each of the 512 smaller leaves maps part of it and counts as one mapping of
 * it (split_leaf_rmap). Precondition: page-table lock held. Returns 0, or -ENOMEM with the leaf
 * unchanged.
 */
/* The leaf (PTE view) becomes PTRS_PER_TABLE leaves: 511 more mappings of its page, if it has one. */
static void split_leaf_rmap(pte_t leaf, pfn_t pfn)
{
	if (!pte_special(leaf))
		page_dup_rmap(pfn_to_page(pfn), PTRS_PER_TABLE - 1);
}

int split_huge_pud(struct mmu_gather *tlb, pud_t *pud, unsigned long addr)
{
	pud_t leaf = pudp_get(pud);
	pgprot_t prot = pud_pgprot(leaf);
	pfn_t pfn = pud_pfn(leaf);
	phys_addr_t table = mm_alloc_table(tlb->mm);
	pmd_t *pmd;

	if (!table)
		return -ENOMEM;
	pmd = __va(table);
	split_leaf_rmap(pud_pte(leaf), pfn);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++, pfn += PMD_SIZE >> PAGE_SHIFT)
		set_pmd(pmd + i, pfn_pmd(pfn, prot));
	pud_clear(pud);
	tlb_break_before_make(tlb, addr & PUD_MASK, PUD_SHIFT);
	pud_populate(pud, table, PT_USER);
	return 0;
}

int split_huge_pmd(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr)
{
	pmd_t leaf = pmdp_get(pmd);
	pgprot_t prot = pmd_pgprot(leaf);
	pfn_t pfn = pmd_pfn(leaf);
	phys_addr_t table = mm_alloc_table(tlb->mm);
	pte_t *pte;

	if (!table)
		return -ENOMEM;
	pte = __va(table);
	split_leaf_rmap(pmd_pte(leaf), pfn);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++, pfn++)
		set_pte(pte + i, pfn_pte(pfn, prot));
	pmd_clear(pmd);
	tlb_break_before_make(tlb, addr & PMD_MASK, PMD_SHIFT);
	pmd_populate(pmd, table, PT_USER);
	return 0;
}

int split_huge_leaf(struct mmu_gather *tlb, void *entry, unsigned long addr, enum pt_level level)
{
	return level == PT_PUD ? split_huge_pud(tlb, entry, addr) :
				 split_huge_pmd(tlb, entry, addr);
}

/* Write entry (PTE view) into the slot vmf holds for level. */
static void set_fault_leaf(struct vm_fault *vmf, pte_t entry, enum pt_level level)
{
	if (level == PT_PUD)
		set_pud(vmf->pud, pte_pud(entry));
	else if (level == PT_PMD)
		set_pmd(vmf->pmd, pte_pmd(entry));
	else
		set_pte(vmf->pte, entry);
}

/* Clear the slot vmf holds for level. */
static void clear_fault_leaf(struct vm_fault *vmf, enum pt_level level)
{
	if (level == PT_PUD)
		pud_clear(vmf->pud);
	else if (level == PT_PMD)
		pmd_clear(vmf->pmd);
	else
		pte_clear(vmf->pte);
}

/* A leaf of level mapping pfn with prot, in PTE view (a huge leaf has its own encoding). */
static pte_t mk_leaf(pfn_t pfn, pgprot_t prot, enum pt_level level)
{
	if (level == PT_PUD)
		return pud_pte(pfn_pud(pfn, prot));
	if (level == PT_PMD)
		return pmd_pte(pfn_pmd(pfn, prot));
	return pfn_pte(pfn, prot);
}

static unsigned int level_shift(enum pt_level level)
{
	return level == PT_PUD ? PUD_SHIFT : level == PT_PMD ? PMD_SHIFT : PAGE_SHIFT;
}

/*
 * Give the leaf at level its write bit back (vmf holds its slot) and flush the read-only
 * translation the TLB may still hold: arm64 may keep it and fault again forever. Upgrading a
 * permission weakens nothing, so no notifier bracket.
 */
static vm_fault_t wp_leaf_reuse(struct vm_fault *vmf, pte_t entry, enum pt_level level)
{
	unsigned int shift = level_shift(level);
	unsigned long start = ALIGN_DOWN(vmf->address, 1UL << shift);
	struct mmu_gather tlb;

	set_fault_leaf(vmf, pte_mkwrite(entry), level);
	tlb_gather_mmu(&tlb, vmf->vma->vm_mm);
	tlb_flush_range(&tlb, start, start + (1UL << shift), shift);
	tlb_finish_mmu(&tlb);
	return 0;
}

/*
 * Replace the shared page behind the leaf at level with new, a private copy of it (Linux
 * wp_page_copy, and do_huge_pmd_wp_page's copy for a huge leaf: the whole compound page is
 * copied). The copy is made before anything changes; the entry then goes through
 * break-before-make (its output changes), and the old page's reference is dropped only after
 * that flush. Bracketed by an MMU_NOTIFY_COW start/end for the leaf; the callbacks run under
 * the page-table lock.
 */
static vm_fault_t wp_page_copy(struct vm_fault *vmf, pte_t entry, enum pt_level level,
			       struct page *new)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	unsigned int shift = level_shift(level);
	unsigned long start = ALIGN_DOWN(vmf->address, 1UL << shift);
	struct page *old = pfn_to_page(pte_pfn(entry));
	struct mmu_notifier_range range;
	struct mmu_gather tlb;

	memcpy(page_address(new), page_address(old), 1UL << shift);
	mmu_notifier_range_init(&range, MMU_NOTIFY_COW, mm, start, start + (1UL << shift));
	mmu_notifier_invalidate_range_start(&range);
	mm->seq++;
	tlb_gather_mmu(&tlb, mm);
	clear_fault_leaf(vmf, level);
	tlb_break_before_make(&tlb, start, shift);
	set_fault_leaf(vmf, mk_leaf(page_to_pfn(new), vmf->vma->vm_page_prot, level), level);
	page_add_rmap(new);
	page_remove_rmap(old);
	tlb_remove_page(&tlb, old);
	tlb_finish_mmu(&tlb);
	mmu_notifier_invalidate_range_end(&range);
	return VM_FAULT_NOPAGE;
}

/*
 * Split the huge leaf at level (slot points at it) that holds addr, under an MMU_NOTIFY_CLEAR
 * bracket over the whole leaf (the split changes its mapping), flushed at once. Page-table lock
 * held. Returns 0, or -ENOMEM with the leaf unchanged.
 */
static int split_leaf_notified(struct mm_struct *mm, void *slot, unsigned long addr,
			       enum pt_level level)
{
	unsigned long size = pt_level_size(level), start = ALIGN_DOWN(addr, size);
	struct mmu_notifier_range range;
	struct mmu_gather tlb;
	int err;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, mm, start, start + size);
	mmu_notifier_invalidate_range_start(&range);
	mm->seq++;
	tlb_gather_mmu(&tlb, mm);
	err = split_huge_leaf(&tlb, slot, addr, level);
	tlb_finish_mmu(&tlb);
	mmu_notifier_invalidate_range_end(&range);
	return err;
}

/*
 * No huge page to copy into: split the read-only huge leaf at level (Linux >= 5.8 does this for
 * a PMD, __split_huge_pmd in do_huge_pmd_wp_page) so that the write is served one level down,
 * where the copy is smaller. VM_FAULT_FALLBACK (descend) after the split, VM_FAULT_OOM with the
 * leaf unchanged.
 */
static vm_fault_t wp_huge_split(struct vm_fault *vmf, enum pt_level level)
{
	void *slot = level == PT_PUD ? (void *)vmf->pud : (void *)vmf->pmd;

	if (split_leaf_notified(vmf->vma->vm_mm, slot, vmf->address, level))
		return VM_FAULT_OOM;
	return VM_FAULT_FALLBACK;
}

int split_huge_leaves_at(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset_pgd(mm->pgd, addr);
	pud_t *pud;
	pmd_t *pmd;
	int err = 0;

	pt_lock(mm);
	if (!pgd_present(pgdp_get(pgd)))
		goto out;
	pud = pud_offset(pgd, addr);
	if (pud_leaf(pudp_get(pud)) && !IS_ALIGNED(addr, PUD_SIZE))
		err = split_leaf_notified(mm, pud, addr, PT_PUD);
	if (err || !pud_present(pudp_get(pud)) || pud_leaf(pudp_get(pud)))
		goto out;
	pmd = pmd_offset(pud, addr);
	if (pmd_leaf(pmdp_get(pmd)) && !IS_ALIGNED(addr, PMD_SIZE))
		err = split_leaf_notified(mm, pmd, addr, PT_PMD);
out:
	pgtable_sync();
	pt_unlock(mm);
	return err;
}

/* A page for the copy of a leaf at level: one page, or a compound page of the leaf's size. */
static struct page *wp_alloc_copy(enum pt_level level)
{
	unsigned int order = level_shift(level) - PAGE_SHIFT;

	return order ? alloc_pages_gfp(__GFP_COMP, order) : alloc_page();
}

/*
 * Copy-on-write break (Linux do_wp_page, do_huge_pmd_wp_page): a write fault on a present
 * read-only leaf of a private writable VMA, which clone left so. A page (a huge leaf's whole
 * compound page) that no one else maps any more is simply made writable; a shared one is
 * copied at the leaf's size when a page of that size can be allocated; a huge leaf that cannot
 * be copied whole is split and the write served one level down (VM_FAULT_FALLBACK). A special
 * leaf (docs/rules.md, R1: no page behind it) has nothing to copy, and a copy-on-write mapping
 * of device memory never holds a writable leaf (R4): the write faults.
 */
static vm_fault_t do_wp_page(struct vm_fault *vmf, pte_t entry, enum pt_level level)
{
	struct page *new;

	if (pte_special(entry))
		return VM_FAULT_SIGSEGV;
	if (page_count(pfn_to_page(pte_pfn(entry))) == 1)
		return wp_leaf_reuse(vmf, entry, level);
	new = wp_alloc_copy(level);
	if (new)
		return wp_page_copy(vmf, entry, level, new);
	return level == PT_PTE ? VM_FAULT_OOM : wp_huge_split(vmf, level);
}

/*
 * A fault on an entry that is already present (the leaf at level): another path filled it since
 * the access (the access simply retries), unless the entry itself refuses the access. A write
 * to a read-only entry of a private writable VMA is the copy-on-write case; VM_FAULT_FALLBACK
 * from it means a huge leaf was split and the fault goes on one level down.
 */
static vm_fault_t fault_on_present(struct vm_fault *vmf, pte_t entry, enum pt_level level)
{
	if (pte_protnone(entry))
		return VM_FAULT_SIGSEGV;
	if (!(vmf->flags & FAULT_FLAG_WRITE) || pte_write(entry))
		return 0;
	if ((vmf->vma->vm_flags & (VM_SHARED | VM_WRITE)) != VM_WRITE)
		return VM_FAULT_SIGSEGV;
	return do_wp_page(vmf, entry, level);
}

/* Ask the VMA for a leaf of 2^order pages; VM_FAULT_FALLBACK when it has no huge_fault. */
static vm_fault_t try_huge_fault(struct vm_fault *vmf, unsigned int order)
{
	const struct vm_operations_struct *ops = vmf->vma->vm_ops;

	if (!ops->huge_fault)
		return VM_FAULT_FALLBACK;
	return ops->huge_fault(vmf, order);
}

static vm_fault_t fault_pte(struct vm_fault *vmf)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	pte_t entry;

	vmf->pte = pte_alloc(mm, vmf->pmd, vmf->address);
	if (!vmf->pte)
		return VM_FAULT_OOM;
	entry = ptep_get(vmf->pte);
	if (!pte_none(entry))
		return pte_present(entry) ? fault_on_present(vmf, entry, PT_PTE) : VM_FAULT_SIGBUS;
	if (!vmf->vma->vm_ops->fault)
		return VM_FAULT_SIGBUS;
	return vmf->vma->vm_ops->fault(vmf);
}

static vm_fault_t fault_pmd(struct vm_fault *vmf)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	vm_fault_t ret;
	pmd_t entry;

	vmf->pmd = pmd_alloc(mm, vmf->pud, vmf->address);
	if (!vmf->pmd)
		return VM_FAULT_OOM;
	if (pmd_none(pmdp_get(vmf->pmd))) {
		ret = try_huge_fault(vmf, PMD_ORDER);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	}
	entry = pmdp_get(vmf->pmd);
	if (pmd_leaf(entry)) {
		ret = fault_on_present(vmf, pmd_pte(entry), PT_PMD);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	}
	return fault_pte(vmf);
}

static vm_fault_t fault_pud(struct vm_fault *vmf)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	vm_fault_t ret;
	pud_t entry;

	vmf->pud = pud_alloc(mm, pgd_offset_pgd(mm->pgd, vmf->address), vmf->address);
	if (!vmf->pud)
		return VM_FAULT_OOM;
	if (pud_none(pudp_get(vmf->pud)) && arch_has_pud_leaves()) {
		ret = try_huge_fault(vmf, PUD_ORDER);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	}
	entry = pudp_get(vmf->pud);
	if (pud_leaf(entry)) {
		ret = fault_on_present(vmf, pud_pte(entry), PT_PUD);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	}
	return fault_pmd(vmf);
}

/*
 * Resolve a fault at addr in vma (of vma->vm_mm): allocate missing tables, offer vm_ops a PUD
 * leaf, then a PMD leaf (huge_fault, which returns VM_FAULT_FALLBACK to decline), then a PTE
 * (fault). The caller checked the access against vma->vm_flags; flags are FAULT_FLAG_*. Takes
 * the page-table lock around the walk; handlers run under it, and need not publish their entries
 * (pgtable_sync() follows here). A write to a read-only leaf of a private writable VMA breaks
 * copy-on-write (do_wp_page), at the leaf's size or, for a huge leaf no page of that size can
 * be found for, after splitting it; MMU notifier callbacks for that run under the page-table
 * lock.
 *
 * Returns 0 or VM_FAULT_NOPAGE when the access can be retried, else VM_FAULT_SIGSEGV (addr
 * outside vma, or an entry that refuses the access), VM_FAULT_SIGBUS (no handler can map addr)
 * or VM_FAULT_OOM (also when a copy-on-write copy cannot be allocated: the entry is unchanged).
 * Tables allocated on the way stay (empty) after a failure; munmap or destroy frees them.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_fault vmf = {
		.vma = vma,
		.address = addr & PAGE_MASK,
		.flags = flags,
		.pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT),
	};
	vm_fault_t ret;

	if (addr < vma->vm_start || addr >= vma->vm_end)
		return VM_FAULT_SIGSEGV;
	pt_lock(mm);
	ret = fault_pud(&vmf);
	pgtable_sync();
	pt_unlock(mm);
	return ret;
}
