/*
 * PMD and PUD helpers that mean the same as at the PTE level. On both arches a huge leaf keeps
 * its flag bits (present, protnone, write, special, young, dirty) where a PTE has them, so, as
 * in Linux arm64, the PMD/PUD helpers are the PTE helpers seen through a conversion. Present
 * also applies to table entries (and pgd entries, which are only tables): a table is never
 * protnone, so there it is the hardware valid bit.
 *
 * Included by each <asm/pgtable.h> once its pte_* flag helpers are defined; not on its own.
 */
#ifndef PAGODA_PGTABLE_LEVELS_H
#define PAGODA_PGTABLE_LEVELS_H

static inline pte_t pmd_pte(pmd_t pmd)
{
	return __pte(pmd_val(pmd));
}

static inline pmd_t pte_pmd(pte_t pte)
{
	return __pmd(pte_val(pte));
}

static inline pte_t pud_pte(pud_t pud)
{
	return __pte(pud_val(pud));
}

static inline pud_t pte_pud(pte_t pte)
{
	return __pud(pte_val(pte));
}

static inline bool pgd_present(pgd_t pgd)
{
	return pte_present(__pte(pgd_val(pgd)));
}

/* A present PTE is always a leaf. */
static inline bool pte_leaf(pte_t pte)
{
	return pte_present(pte);
}

static inline bool pmd_present(pmd_t pmd)
{
	return pte_present(pmd_pte(pmd));
}

static inline bool pmd_protnone(pmd_t pmd)
{
	return pte_protnone(pmd_pte(pmd));
}

static inline bool pmd_special(pmd_t pmd)
{
	return pte_special(pmd_pte(pmd));
}

static inline bool pmd_write(pmd_t pmd)
{
	return pte_write(pmd_pte(pmd));
}

static inline bool pmd_young(pmd_t pmd)
{
	return pte_young(pmd_pte(pmd));
}

static inline bool pmd_dirty(pmd_t pmd)
{
	return pte_dirty(pmd_pte(pmd));
}

static inline pmd_t pmd_mkspecial(pmd_t pmd)
{
	return pte_pmd(pte_mkspecial(pmd_pte(pmd)));
}

static inline pmd_t pmd_mkwrite(pmd_t pmd)
{
	return pte_pmd(pte_mkwrite(pmd_pte(pmd)));
}

static inline pmd_t pmd_wrprotect(pmd_t pmd)
{
	return pte_pmd(pte_wrprotect(pmd_pte(pmd)));
}

static inline pmd_t pmd_mkyoung(pmd_t pmd)
{
	return pte_pmd(pte_mkyoung(pmd_pte(pmd)));
}

static inline pmd_t pmd_mkold(pmd_t pmd)
{
	return pte_pmd(pte_mkold(pmd_pte(pmd)));
}

static inline pmd_t pmd_mkdirty(pmd_t pmd)
{
	return pte_pmd(pte_mkdirty(pmd_pte(pmd)));
}

static inline pmd_t pmd_mkclean(pmd_t pmd)
{
	return pte_pmd(pte_mkclean(pmd_pte(pmd)));
}

static inline bool pud_present(pud_t pud)
{
	return pte_present(pud_pte(pud));
}

static inline bool pud_protnone(pud_t pud)
{
	return pte_protnone(pud_pte(pud));
}

static inline bool pud_special(pud_t pud)
{
	return pte_special(pud_pte(pud));
}

static inline bool pud_write(pud_t pud)
{
	return pte_write(pud_pte(pud));
}

static inline bool pud_young(pud_t pud)
{
	return pte_young(pud_pte(pud));
}

static inline bool pud_dirty(pud_t pud)
{
	return pte_dirty(pud_pte(pud));
}

static inline pud_t pud_mkspecial(pud_t pud)
{
	return pte_pud(pte_mkspecial(pud_pte(pud)));
}

static inline pud_t pud_mkwrite(pud_t pud)
{
	return pte_pud(pte_mkwrite(pud_pte(pud)));
}

static inline pud_t pud_wrprotect(pud_t pud)
{
	return pte_pud(pte_wrprotect(pud_pte(pud)));
}

static inline pud_t pud_mkyoung(pud_t pud)
{
	return pte_pud(pte_mkyoung(pud_pte(pud)));
}

static inline pud_t pud_mkold(pud_t pud)
{
	return pte_pud(pte_mkold(pud_pte(pud)));
}

static inline pud_t pud_mkdirty(pud_t pud)
{
	return pte_pud(pte_mkdirty(pud_pte(pud)));
}

static inline pud_t pud_mkclean(pud_t pud)
{
	return pte_pud(pte_mkclean(pud_pte(pud)));
}

#endif
