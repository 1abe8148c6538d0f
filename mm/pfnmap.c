/*
 * PFN mappings (mm/pfnmap.h): the fault handlers with order fallback, the insert_pfn_* helpers
 * and the eager remap_pfn_range() ladder.
 */
#include <errno.h>

#include "arch.h"
#include "mm/memory.h"
#include "mm/mmu_gather.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/vma.h"
#include "mm/unmap.h"

/* The special leaf protection of vma: its cached vm_page_prot plus the special bit. */
static pgprot_t special_prot(const struct vm_area_struct *vma)
{
	pte_t proto = pte_mkspecial(pfn_pte(0, vma->vm_page_prot));

	/*
	 * Device memory has no page to copy on write, so a copy-on-write (private writable)
	 * mapping of it never holds a writable leaf (docs/rules.md, R4): it is read-only.
	 */
	if (is_cow_mapping(vma->vm_flags))
		proto = pte_wrprotect(proto);
	return pte_pgprot(proto);
}
/*
 * insert_pfn_pXd: install a special leaf mapping pfn (aligned to the leaf's size) at the slot
 * the fault core set in vmf (vmf->pud, vmf->pmd, vmf->pte) for the block holding vmf->address.
 * Called under the page-table lock from huge_fault/fault handlers. Returns VM_FAULT_NOPAGE when
 * the entry now maps pfn (also when it already did), VM_FAULT_SIGBUS when it maps something
 * else; the entry is then unchanged.
 */
vm_fault_t insert_pfn_pud(struct vm_fault *vmf, pfn_t pfn)
{
	pud_t entry = pudp_get(vmf->pud);

	if (!pud_none(entry))
		return pud_leaf(entry) && pud_pfn(entry) == pfn ? VM_FAULT_NOPAGE : VM_FAULT_SIGBUS;
	set_pud(vmf->pud, pfn_pud(pfn, special_prot(vmf->vma)));
	return VM_FAULT_NOPAGE;
}

vm_fault_t insert_pfn_pmd(struct vm_fault *vmf, pfn_t pfn)
{
	pmd_t entry = pmdp_get(vmf->pmd);

	if (!pmd_none(entry))
		return pmd_leaf(entry) && pmd_pfn(entry) == pfn ? VM_FAULT_NOPAGE : VM_FAULT_SIGBUS;
	set_pmd(vmf->pmd, pfn_pmd(pfn, special_prot(vmf->vma)));
	return VM_FAULT_NOPAGE;
}

vm_fault_t insert_pfn(struct vm_fault *vmf, pfn_t pfn)
{
	pte_t entry = ptep_get(vmf->pte);

	if (!pte_none(entry))
		return pte_present(entry) && pte_pfn(entry) == pfn ? VM_FAULT_NOPAGE :
								     VM_FAULT_SIGBUS;
	set_pte(vmf->pte, pfn_pte(pfn, special_prot(vmf->vma)));
	return VM_FAULT_NOPAGE;
}

/*
 * huge_fault: map the 2^order-page block around vmf->address with one leaf when the huge-leaf
 * rule allows it. Falls back (docs/rules.md, R2, R13) when the aligned block starts before the
 * VMA, ends past it, or its pfn is not aligned like its address.
 */
/* A write to a copy-on-write mapping of device memory: no page to copy (docs/rules.md, R4). */
static bool pfnmap_write_refused(const struct vm_fault *vmf)
{
	return (vmf->flags & FAULT_FLAG_WRITE) && is_cow_mapping(vmf->vma->vm_flags);
}

static vm_fault_t pfnmap_huge_fault(struct vm_fault *vmf, unsigned int order)
{
	const struct vm_area_struct *vma = vmf->vma;
	enum pt_level level = order == PUD_ORDER ? PT_PUD : PT_PMD;
	unsigned long start = ALIGN_DOWN(vmf->address, PAGE_SIZE << order);
	pfn_t pfn;

	if (pfnmap_write_refused(vmf))
		return VM_FAULT_SIGSEGV;
	if ((order != PUD_ORDER && order != PMD_ORDER) || start < vma->vm_start)
		return VM_FAULT_FALLBACK;
	pfn = vmf->pgoff - ((vmf->address - start) >> PAGE_SHIFT);
	if (!pt_leaf_allowed(level, PT_PUD, start, vma->vm_end, PFN_PHYS(pfn)))
		return VM_FAULT_FALLBACK;
	return level == PT_PUD ? insert_pfn_pud(vmf, pfn) : insert_pfn_pmd(vmf, pfn);
}

static vm_fault_t pfnmap_fault(struct vm_fault *vmf)
{
	if (pfnmap_write_refused(vmf))
		return VM_FAULT_SIGSEGV;
	return insert_pfn(vmf, vmf->pgoff);
}

const struct vm_operations_struct pfnmap_vm_ops = {
	.fault = pfnmap_fault,
	.huge_fault = pfnmap_huge_fault,
	.name = "pfnmap",
};

bool pfn_range_addressable(pfn_t pfn, unsigned long nr_pages)
{
	const pfn_t limit = 1UL << (arch_phys_addr_bits() - PAGE_SHIFT);

	return pfn < limit && nr_pages <= limit - pfn;
}

bool pfn_range_mappable(pfn_t pfn, unsigned long nr_pages, enum mem_type mt)
{
	if (!pfn_range_addressable(pfn, nr_pages))
		return false;
	return mt == MT_NORMAL || !pfn_range_intersects_ram(pfn, nr_pages);
}

/* Does [addr, addr + size) cover all of vma? */
static bool remap_whole_vma(const struct vm_area_struct *vma, unsigned long addr,
			    unsigned long size)
{
	return addr == vma->vm_start && size == vma->vm_end - vma->vm_start;
}

/*
 * What remap_pfn_range() refuses on top of pgtable_map_range()'s own checks (alignment, leaves
 * already present), checked before anything changes. A part of the VMA must map the pfns the
 * fault path would (linear in vm_pgoff): whatever is zapped later then faults back to the same
 * pfns.
 */
static int remap_check(const struct vm_area_struct *vma, unsigned long addr, pfn_t pfn,
		       unsigned long size)
{
	if (!(vma->vm_flags & VM_PFNMAP) || addr < vma->vm_start || addr > vma->vm_end ||
	    size > vma->vm_end - addr)
		return -EINVAL;
	if (!remap_whole_vma(vma, addr, size) &&
	    pfn != vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT))
		return -EINVAL;
	if (!pfn_range_mappable(pfn, ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT, vma->mem_type))
		return -EINVAL;
	return 0;
}

/* Undo a remap that ran out of memory: the range held nothing before, so zap all of it. */
static void remap_undo(struct vm_area_struct *vma, unsigned long addr, unsigned long size)
{
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, vma->vm_mm);
	unmap_vma_range(&tlb, vma, addr, addr + size, NULL);
	free_pgtables(&tlb, vma->vm_mm, addr, addr + size);
	tlb_finish_mmu(&tlb);
}

/*
 * Map [addr, addr + size) of the pfnmap VMA vma to the pfns from pfn on, eagerly, with special
 * leaves as large as the alignment of addr and pfn allows (PUD leaves only where the CPU has
 * them), and vma->vm_page_prot. When the range is the whole VMA, vm_pgoff becomes pfn (as in
 * Linux); a part of the VMA must already be linear in vm_pgoff (pfn is vm_pgoff plus addr's page
 * offset in vma). Either way a pfnmap refaults to the same pfn: a part unmapped later comes back
 * as it was.
 *
 * Returns 0, or:
 *   -EINVAL  vma lacks VM_PFNMAP, addr or size is not page-aligned, size is 0, the range is not
 *            inside vma, the pfn range is not pfn_range_mappable() with the VMA's memory type
 *            (beyond the physical address width, or RAM in a VMA that is not MT_NORMAL), or
 *            the range is part of vma and pfn is not the one vm_pgoff gives addr. Nothing
 *            changed.
 *   -EEXIST  an entry is already present in the range. Nothing changed.
 *   -ENOMEM  a table could not be allocated. The range is unmapped again; tables allocated for
 *            it are freed where they lie wholly inside it.
 */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, pfn_t pfn, unsigned long size)
{
	struct mm_struct *mm = vma->vm_mm;
	int err;

	pt_lock(mm);
	err = remap_check(vma, addr, pfn, size);
	if (!err)
		err = pgtable_map_range_mm(mm, addr, PFN_PHYS(pfn), size, special_prot(vma),
					   arch_has_pud_leaves() ? PT_PUD : PT_PMD);
	pt_unlock(mm);
	if (err == -ENOMEM)
		remap_undo(vma, addr, size);
	else if (!err && remap_whole_vma(vma, addr, size))
		vma->vm_pgoff = pfn;
	return err;
}
