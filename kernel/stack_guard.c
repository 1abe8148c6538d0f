/*
 * Unmap the boot stack's guard page (include/stack_guard.h). The loader maps the image's data
 * segment, .bss included, with 4 KiB pages; only the guard's page-table entry goes. Its physical
 * page keeps its direct-map alias, which nothing uses as a stack.
 */
#include <tlbflush.h>

#include "printk.h"
#include "stack_guard.h"
#include "mm/ioremap.h"
#include "mm/pgtable.h"

void stack_guard_init(void)
{
	unsigned long va = (unsigned long)boot_stack_guard;
	pgd_t *pgd = pgd_offset_pgd(swapper_pg_dir, va);
	pud_t *pud;
	pmd_t *pmd;

	if (!pgd_present(pgdp_get(pgd)))
		panic("stack guard %#lx: not mapped", va);
	pud = pud_offset(pgd, va);
	if (!pud_present(pudp_get(pud)) || pud_leaf(pudp_get(pud)))
		panic("stack guard %#lx: no 4 KiB mapping", va);
	pmd = pmd_offset(pud, va);
	if (!pmd_present(pmdp_get(pmd)) || pmd_leaf(pmdp_get(pmd)))
		panic("stack guard %#lx: no 4 KiB mapping", va);
	pte_clear(pte_offset(pmd, va));
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
}
