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

#include <memlayout.h>
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

/* No leaf: an address no leaf starts at. */
#define NO_LEAF 1UL

/* The starts of the PUD leaf and the PMD leaf a split at one edge cuts (NO_LEAF: none). */
struct edge_cut {
	unsigned long pud, pmd;
};

/* The leaves that must be split so that addr becomes a leaf boundary. Page-table lock held. */
static struct edge_cut edge_cut(struct mm_struct *mm, unsigned long addr)
{
	struct edge_cut cut = { NO_LEAF, NO_LEAF };
	pgd_t *pgd = pgd_offset_pgd(mm->pgd, addr);
	pud_t *pud;
	pmd_t *pmd;

	if (addr >= USER_VA_END || pgd_none(pgdp_get(pgd)))
		return cut;
	pud = pud_offset(pgd, addr);
	if (pud_leaf(pudp_get(pud))) {
		if (!IS_ALIGNED(addr, PUD_SIZE))
			cut.pud = ALIGN_DOWN(addr, PUD_SIZE);
		if (cut.pud != NO_LEAF && !IS_ALIGNED(addr, PMD_SIZE))
			cut.pmd = ALIGN_DOWN(addr, PMD_SIZE);
		return cut;
	}
	if (pud_none(pudp_get(pud)))
		return cut;
	pmd = pmd_offset(pud, addr);
	if (pmd_leaf(pmdp_get(pmd)) && !IS_ALIGNED(addr, PMD_SIZE))
		cut.pmd = ALIGN_DOWN(addr, PMD_SIZE);
	return cut;
}

static unsigned long edge_cut_tables(struct edge_cut cut)
{
	return (cut.pud != NO_LEAF) + (cut.pmd != NO_LEAF);
}

unsigned long split_tables_needed(struct mm_struct *mm, unsigned long start, unsigned long end,
				  enum split_edges edges)
{
	struct edge_cut first = { NO_LEAF, NO_LEAF }, last = { NO_LEAF, NO_LEAF };
	unsigned long nr;

	pt_lock(mm);
	if (edges & SPLIT_AT_START)
		first = edge_cut(mm, start);
	if (edges & SPLIT_AT_END)
		last = edge_cut(mm, end);
	pt_unlock(mm);
	nr = edge_cut_tables(first) + edge_cut_tables(last);
	if (first.pud != NO_LEAF && first.pud == last.pud)
		nr--;
	if (first.pmd != NO_LEAF && first.pmd == last.pmd)
		nr--;
	return nr;
}

int split_tables_alloc(struct split_tables *st, struct mm_struct *mm, unsigned long nr)
{
	INIT_LIST_HEAD(&st->tables);
	for (st->nr = 0; st->nr < nr; st->nr++) {
		phys_addr_t table = mm_alloc_table(mm);

		if (!table) {
			split_tables_free(st, mm);
			return -ENOMEM;
		}
		list_add(&phys_to_page(table)->lru, &st->tables);
	}
	return 0;
}

void split_tables_free(struct split_tables *st, struct mm_struct *mm)
{
	struct page *page, *n;

	list_for_each_entry_safe(page, n, &st->tables, lru)
	{
		list_del(&page->lru);
		mm_free_table(mm, page_to_phys(page));
	}
	st->nr = 0;
}

phys_addr_t split_tables_take(struct split_tables *st)
{
	struct page *page;

	if (!st || list_empty(&st->tables))
		__builtin_trap();
	page = list_entry(st->tables.next, struct page, lru);
	list_del(&page->lru);
	st->nr--;
	return page_to_phys(page);
}

/* The leaf (PTE view) becomes PTRS_PER_TABLE leaves: 511 more mappings of its page, if it has one. */
static void split_leaf_rmap(pte_t leaf, pfn_t pfn)
{
	if (!pte_special(leaf))
		page_dup_rmap(pfn_to_page(pfn), PTRS_PER_TABLE - 1);
}

/*
 * The new table is filled before the leaf goes, the switch is break-before-make, and
 * pXd_populate() publishes the filled table. The entries keep every bit of the leaf's protection
 * (special included), so the split does not care what the leaf maps: device memory or pages. An
 * anonymous leaf's compound page stays whole: each of the 512 smaller leaves maps part of it and
 * counts as one mapping of it (split_leaf_rmap).
 */
void split_huge_pud(struct mmu_gather *tlb, pud_t *pud, unsigned long addr, struct split_tables *st)
{
	pud_t leaf = pudp_get(pud);
	pgprot_t prot = pud_pgprot(leaf);
	pfn_t pfn = pud_pfn(leaf);
	phys_addr_t table = split_tables_take(st);
	pmd_t *pmd = __va(table);

	split_leaf_rmap(pud_pte(leaf), pfn);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++, pfn += PMD_SIZE >> PAGE_SHIFT)
		set_pmd(pmd + i, pfn_pmd(pfn, prot));
	pud_clear(pud);
	tlb_break_before_make(tlb, addr & PUD_MASK, PUD_SHIFT);
	pud_populate(pud, table, PT_USER);
}

void split_huge_pmd(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr, struct split_tables *st)
{
	pmd_t leaf = pmdp_get(pmd);
	pgprot_t prot = pmd_pgprot(leaf);
	pfn_t pfn = pmd_pfn(leaf);
	phys_addr_t table = split_tables_take(st);
	pte_t *pte = __va(table);

	split_leaf_rmap(pmd_pte(leaf), pfn);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++, pfn++)
		set_pte(pte + i, pfn_pte(pfn, prot));
	pmd_clear(pmd);
	tlb_break_before_make(tlb, addr & PMD_MASK, PMD_SHIFT);
	pmd_populate(pmd, table, PT_USER);
}

void split_huge_leaf(struct mmu_gather *tlb, void *entry, unsigned long addr, enum pt_level level,
		     struct split_tables *st)
{
	if (level == PT_PUD)
		split_huge_pud(tlb, entry, addr, st);
	else
		split_huge_pmd(tlb, entry, addr, st);
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
 * Split the huge leaf at level (slot points at it) that holds addr with a table from st, under
 * an MMU_NOTIFY_CLEAR bracket over the whole leaf (the split changes its mapping), ending after
 * the split's flush. Page-table lock held.
 */
static void split_leaf_notified(struct mmu_gather *tlb, void *slot, unsigned long addr,
				enum pt_level level, struct split_tables *st)
{
	unsigned long size = pt_level_size(level), start = ALIGN_DOWN(addr, size);
	struct mmu_notifier_range range;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, tlb->mm, start, start + size);
	mmu_notifier_invalidate_range_start(&range);
	tlb->mm->seq++;
	split_huge_leaf(tlb, slot, addr, level, st);
	mmu_notifier_invalidate_range_end(&range);
}

/*
 * No huge page to copy into: split the read-only huge leaf at level (Linux >= 5.8 does this for
 * a PMD, __split_huge_pmd in do_huge_pmd_wp_page) so that the write is served one level down,
 * where the copy is smaller. VM_FAULT_FALLBACK (descend) after the split, VM_FAULT_OOM with the
 * leaf unchanged when its table cannot be allocated.
 */
static vm_fault_t wp_huge_split(struct vm_fault *vmf, enum pt_level level)
{
	void *slot = level == PT_PUD ? (void *)vmf->pud : (void *)vmf->pmd;
	struct mm_struct *mm = vmf->vma->vm_mm;
	struct split_tables st;
	struct mmu_gather tlb;

	if (split_tables_alloc(&st, mm, 1))
		return VM_FAULT_OOM;
	tlb_gather_mmu(&tlb, mm);
	split_leaf_notified(&tlb, slot, vmf->address, level, &st);
	tlb_finish_mmu(&tlb);
	split_tables_free(&st, mm);
	return VM_FAULT_FALLBACK;
}

unsigned int split_huge_leaves_at(struct mmu_gather *tlb, unsigned long addr,
				  struct split_tables *st)
{
	pgd_t *pgd = pgd_offset_pgd(tlb->mm->pgd, addr);
	unsigned int nr = 0;
	pud_t *pud;
	pmd_t *pmd;

	if (pgd_none(pgdp_get(pgd)))
		return 0;
	pud = pud_offset(pgd, addr);
	if (pud_leaf(pudp_get(pud)) && !IS_ALIGNED(addr, PUD_SIZE)) {
		split_leaf_notified(tlb, pud, addr, PT_PUD, st);
		nr++;
	}
	if (pud_none(pudp_get(pud)) || pud_leaf(pudp_get(pud)))
		return nr;
	pmd = pmd_offset(pud, addr);
	if (pmd_leaf(pmdp_get(pmd)) && !IS_ALIGNED(addr, PMD_SIZE)) {
		split_leaf_notified(tlb, pmd, addr, PT_PMD, st);
		nr++;
	}
	return nr;
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
