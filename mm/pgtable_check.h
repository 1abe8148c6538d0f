/*
 * The page-table checker: an independent pass over an address space that tests the invariants
 * every mm/ operation must keep (Linux's page_table_check, in spirit). Tests run it after every
 * operation.
 *
 *   - every leaf lies inside one VMA;
 *   - special leaves only in pfnmap (VM_PFNMAP) VMAs, and pfnmap VMAs hold only special leaves;
 *   - a pfnmap leaf maps the pfn its VMA gives its address (vm_pgoff plus the page offset in
 *     the VMA), the one a fault there would map: whatever is zapped refaults as it was;
 *   - a special leaf's pfn is never looked up as a page (docs/rules.md, R1: the checker itself
 *     checks `special` before touching a page);
 *   - an anonymous huge leaf (PMD/PUD, not special) maps a compound page of exactly its order,
 *     physically aligned like the leaf (or, after a split of a 1 GiB leaf, a PMD leaf maps an
 *     aligned 2 MiB part of the 1 GiB compound page);
 *   - each mapped normal page's map count equals the leaves (of any level) that map a page of
 *     its allocation (the whole compound page for a page of one), and its reference count that
 *     number plus one for a page of a shared (VM_SHARED) VMA, whose page store holds a
 *     reference too;
 *   - a normal page writable through a private VMA is mapped by no other address space, and by
 *     no other leaf when the leaf maps all of it (copy-on-write).
 *
 * Address spaces that share pages (a clone and its source) are checked together with
 * pgtable_check_mms(): a page's mappings are then counted in all of them.
 */
#ifndef PAGODA_MM_PGTABLE_CHECK_H
#define PAGODA_MM_PGTABLE_CHECK_H

#include "mm/mm_types.h"

struct pgtable_check_report {
	unsigned long nr_errors;
	const char *first_error;  /* NULL when nr_errors == 0 */
	unsigned long first_addr; /* where first_error was found */
};

unsigned long pgtable_check(struct mm_struct *mm, struct pgtable_check_report *rep);
unsigned long pgtable_check_mms(struct mm_struct *const *mms, unsigned int nr,
				struct pgtable_check_report *rep);

#endif
