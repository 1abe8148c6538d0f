/*
 * Installing a next-level table (Linux pgd_populate / pud_populate / pmd_populate): the one
 * place where a table that was just initialised (zeroed by pt_alloc_table(), or filled by a
 * split) becomes reachable for the MMU's table walker. The publication barrier comes first, so no
 * walker can follow the new pointer and read what the page held before.
 *
 * Precondition for each: the entry is empty (or was cleared and flushed, break-before-make), and
 * table is the physical address of a table whose every entry is final.
 */
#ifndef PAGODA_PGALLOC_H
#define PAGODA_PGALLOC_H

#include <asm/pgtable.h>
#include <tlbflush.h>

static inline void pgd_populate(pgd_t *pgd, phys_addr_t table, enum pt_owner owner)
{
	pgtable_publish_barrier();
	set_pgd(pgd, pgd_mktable(table, owner));
}

static inline void pud_populate(pud_t *pud, phys_addr_t table, enum pt_owner owner)
{
	pgtable_publish_barrier();
	set_pud(pud, pud_mktable(table, owner));
}

static inline void pmd_populate(pmd_t *pmd, phys_addr_t table, enum pt_owner owner)
{
	pgtable_publish_barrier();
	set_pmd(pmd, pmd_mktable(table, owner));
}

#endif
