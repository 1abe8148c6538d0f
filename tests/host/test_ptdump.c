/* ptdump lines (mm/ptdump.c) and the page-table checker finding planted violations. */
#include <string.h>

#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "mm/pgtable_check.h"
#include "mm/pfnmap.h"
#include "pt_fixture.h"
#include "tap.h"

#define VA_4G (4UL << 30)
#define PFN_4G ((4UL << 30) >> PAGE_SHIFT)

TEST(ptdump_lines_split_runs_on_level_flags_and_holes)
{
	struct pt_fixture f;
	static const char want[] =
		"0x0000000100000000-0x0000000100400000     4M PMD RW-U special device\n"
		"0x0000000100400000-0x0000000100600000     2M PMD R--U special wc\n"
		"0x0000000100801000-0x0000000100802000     4K PTE RW-U -       normal\n";
	struct vm_area_struct *ro;
	char got[1024];

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, 4UL << 20, PFN_4G, MT_DEVICE);
	ro = ptf_add_pfnmap(&f, VA_4G + (4UL << 20), 2UL << 20, PFN_4G + 1024, MT_WC);
	ro->vm_page_prot = vm_get_page_prot(VM_READ | VM_EXEC | VM_USER, MT_WC);
	ptf_add_anon(&f, VA_4G + (8UL << 20), 8192);
	ptf_fault_range(&f, VA_4G, VA_4G + (6UL << 20));
	CHECK_EQ(ptf_fault(&f, VA_4G + (8UL << 20) + 4096, FAULT_FLAG_WRITE), 0);
	ptf_ptdump(&f, got, sizeof(got));
	CHECK(!strcmp(got, want));
	ptf_finish(&f);
}

static void expect_error(struct pt_fixture *f, const char *what, unsigned long addr)
{
	struct pgtable_check_report rep;

	CHECK_EQ(pgtable_check(&f->mm, &rep), 1);
	CHECK(rep.first_error && !strcmp(rep.first_error, what));
	CHECK_EQ(rep.first_addr, addr);
}

TEST(pgtable_check_finds_planted_violations)
{
	struct pt_fixture f;
	struct vm_area_struct *anon;
	pte_t *pte, saved;
	unsigned long addr;
	pfn_t pfn;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, 2UL << 20, PFN_4G, MT_DEVICE);
	anon = ptf_add_anon(&f, VA_4G + (2UL << 20), 2 * 4096);
	CHECK_EQ(ptf_fault(&f, anon->vm_start, FAULT_FLAG_WRITE), 0);
	CHECK_EQ(ptf_fault(&f, VA_4G, 0), VM_FAULT_NOPAGE);
	ptf_check(&f);
	addr = anon->vm_start;
	pte = pte_offset(pmd_offset(pud_offset(pgd_offset_pgd(f.mm.pgd, addr), addr), addr), addr);
	saved = ptep_get(pte);
	pfn = pte_pfn(saved);
	/* A wrong refcount. */
	get_page(pfn_to_page(pfn));
	expect_error(&f, "page refcount does not match its mappings", anon->vm_start);
	put_page(pfn_to_page(pfn));
	/* A special leaf outside a pfnmap VMA (its pfn is never looked up as a page). */
	set_pte(pte, pte_mkspecial(saved));
	expect_error(&f, "special leaf outside a pfnmap VMA", anon->vm_start);
	/* The same page mapped twice with one reference. */
	set_pte(pte, saved);
	set_pte(pte + 1, saved);
	CHECK_EQ(pgtable_check(&f.mm, &(struct pgtable_check_report){ 0 }), 2);
	pte_clear(pte + 1);
	/* A leaf outside every VMA. */
	set_pte(pte + 2, pfn_pte(PFN_4G, vm_get_page_prot(VM_READ, MT_DEVICE)));
	expect_error(&f, "leaf outside any VMA", anon->vm_end);
	pte_clear(pte + 2);
	ptf_check(&f);
	ptf_finish(&f);
}
