/* follow_pfnmap_start/end (mm/follow.h), on the read-only walker of mm/pgtable.c. */
#include <errno.h>

#include "mm/follow.h"
#include "mm/memory.h"

/*
 * Fill args from a leaf's pfn and protection (read under the lock by the caller); the pfn gets
 * the offset of args->address inside the leaf.
 */
static int follow_fill(struct follow_pfnmap_args *args, pfn_t leaf_pfn, pgprot_t prot,
		       unsigned long leaf_mask, enum pt_level level)
{
	pte_t flags = pfn_pte(0, prot);

	args->pfn = leaf_pfn + ((args->address & ~leaf_mask) >> PAGE_SHIFT);
	args->pgprot = prot;
	args->writable = pte_write(flags);
	args->special = pte_special(flags);
	args->level = level;
	return 1;
}

/*
 * The walker hands over pointers; each callback reads the entry itself, under the page-table
 * lock (docs/rules.md, R12: never trust a copy read before the lock was taken).
 */
static int follow_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t entry = pudp_get(pud);

	return follow_fill(priv, pud_pfn(entry), pud_pgprot(entry), PUD_MASK, PT_PUD);
}

static int follow_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t entry = pmdp_get(pmd);

	return follow_fill(priv, pmd_pfn(entry), pmd_pgprot(entry), PMD_MASK, PT_PMD);
}

static int follow_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t entry = ptep_get(pte);

	return follow_fill(priv, pte_pfn(entry), pte_pgprot(entry), PAGE_MASK, PT_PTE);
}

static int follow_hole(unsigned long addr, unsigned long next, enum pt_level level, void *priv)
{
	return -EINVAL;
}

/*
 * Look up the leaf that maps args->address in args->vma, which must be a VM_IO or VM_PFNMAP
 * VMA, and fill the outputs of args. On success the page-table lock of the VMA's mm stays held
 * until follow_pfnmap_end(), so the result stays true meanwhile; nothing may change that mm's
 * tables in between (doing so traps on the lock).
 * Returns 0, or -EINVAL (lock not held) when the VMA is not a pfnmap, the address lies outside
 * it, or nothing maps the address.
 */
int follow_pfnmap_start(struct follow_pfnmap_args *args)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = follow_pud,
		.pmd_entry = follow_pmd,
		.pte_entry = follow_pte,
		.pte_hole = follow_hole,
	};
	const struct vm_area_struct *vma = args->vma;
	unsigned long addr = args->address & PAGE_MASK;
	struct mm_struct *mm = vma->vm_mm;

	if (!(vma->vm_flags & (VM_IO | VM_PFNMAP)) || args->address < vma->vm_start ||
	    args->address >= vma->vm_end)
		return -EINVAL;
	pt_lock(mm);
	if (pgtable_walk(mm->pgd, addr, addr + PAGE_SIZE, &ops, args) == 1)
		return 0;
	pt_unlock(mm);
	return -EINVAL;
}

/* Drop the lock a successful follow_pfnmap_start() took; args' outputs may go stale after. */
void follow_pfnmap_end(struct follow_pfnmap_args *args)
{
	pt_unlock(args->vma->vm_mm);
}
