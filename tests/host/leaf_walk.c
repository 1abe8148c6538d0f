/* The leaf that maps one address (leaf_walk.h). */
#include "leaf_walk.h"

static int leaf_fill(struct leaf *l, enum pt_level level, pfn_t pfn, pte_t e, unsigned long off)
{
	*l = (struct leaf){ .mapped = true,
			    .present = !pte_protnone(e),
			    .level = level,
			    .pfn = pfn + (off >> PAGE_SHIFT),
			    .writable = pte_write(e),
			    .entry = e };
	return 1;
}

static int leaf_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	return leaf_fill(priv, PT_PUD, pud_pfn(pudp_get(pud)), pud_pte(pudp_get(pud)),
			 addr & ~PUD_MASK);
}

static int leaf_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	return leaf_fill(priv, PT_PMD, pmd_pfn(pmdp_get(pmd)), pmd_pte(pmdp_get(pmd)),
			 addr & ~PMD_MASK);
}

static int leaf_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return leaf_fill(priv, PT_PTE, pte_pfn(ptep_get(pte)), ptep_get(pte), 0);
}

struct leaf leaf_at(struct mm_struct *mm, unsigned long addr)
{
	static const struct pt_walk_ops ops = { .pud_entry = leaf_pud,
						.pmd_entry = leaf_pmd,
						.pte_entry = leaf_pte };
	struct leaf l = { 0 };

	addr &= PAGE_MASK;
	pgtable_walk(mm->pgd, addr, addr + PAGE_SIZE, &ops, &l);
	return l;
}
