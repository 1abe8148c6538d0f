/*
 * Arch-neutral page-table operations: the huge-leaf rule, eager mapping of a physical range, and
 * a read-only callback walker (Linux mm/pagewalk.c). Built only on the <asm/pgtable.h> helpers.
 *
 * Locking: callers serialise all changes to the tables they pass (one CPU, or the page-table
 * lock of the address space once there is one).
 */
#ifndef PAGODA_MM_PGTABLE_H
#define PAGODA_MM_PGTABLE_H

#include <asm/pgtable.h>

#include "phys.h"

/* Table levels, smallest leaf first; leaves exist at PT_PTE, PT_PMD and PT_PUD. */
enum pt_level { PT_PTE, PT_PMD, PT_PUD, PT_PGD };

/* Bytes a leaf at level (PT_PTE, PT_PMD or PT_PUD) maps. */
static inline unsigned long pt_level_size(enum pt_level level)
{
	return level == PT_PUD ? PUD_SIZE : level == PT_PMD ? PMD_SIZE : PAGE_SIZE;
}

/* addr's slot in the root table, or in the table a present table entry *pXd points to. */
static inline pgd_t *pgd_offset_pgd(pgd_t *pgd, unsigned long addr)
{
	return pgd + pgd_index(addr);
}

static inline pud_t *pud_offset(const pgd_t *pgd, unsigned long addr)
{
	return (pud_t *)__va(pgd_table_pa(pgdp_get(pgd))) + pud_index(addr);
}

static inline pmd_t *pmd_offset(const pud_t *pud, unsigned long addr)
{
	return (pmd_t *)__va(pud_table_pa(pudp_get(pud))) + pmd_index(addr);
}

static inline pte_t *pte_offset(const pmd_t *pmd, unsigned long addr)
{
	return (pte_t *)__va(pmd_table_pa(pmdp_get(pmd))) + pte_index(addr);
}

bool pt_leaf_allowed(enum pt_level level, enum pt_level max_leaf, unsigned long addr,
		     unsigned long end, phys_addr_t pa);

struct mm_struct;

phys_addr_t mm_alloc_table(struct mm_struct *mm);
pud_t *pud_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr);
pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr);
pte_t *pte_alloc(struct mm_struct *mm, pmd_t *pmd, unsigned long addr);

int pgtable_map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
		      pgprot_t prot, enum pt_level max_leaf);
/*
 * pgtable_map_range() into mm's tables (mm->pgd): every table it allocates is charged to mm (its
 * nr_pgtables). Same errors and state after failure.
 */
int pgtable_map_range_mm(struct mm_struct *mm, unsigned long va, phys_addr_t pa, unsigned long size,
			 pgprot_t prot, enum pt_level max_leaf);

/*
 * Callbacks of pgtable_walk(). Each leaf callback gets a pointer to a present leaf (possibly
 * protnone) and the part of it inside the walked range, [addr, next): addr is not the leaf's
 * start when the range begins inside it. pte_hole gets [addr, next) of each entry that is not
 * present, with its level (PT_PGD for an empty root slot); runs of holes are not merged. Any
 * callback may be NULL.
 * Return 0 to go on; anything else stops the walk, and pgtable_walk() returns it: > 0 for "found,
 * stop" results, < 0 for errors.
 */
struct pt_walk_ops {
	int (*pud_entry)(const pud_t *pud, unsigned long addr, unsigned long next, void *priv);
	int (*pmd_entry)(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv);
	int (*pte_entry)(const pte_t *pte, unsigned long addr, unsigned long next, void *priv);
	int (*pte_hole)(unsigned long addr, unsigned long next, enum pt_level level, void *priv);
};

int pgtable_walk(pgd_t *pgd, unsigned long start, unsigned long end, const struct pt_walk_ops *ops,
		 void *priv);

#endif
