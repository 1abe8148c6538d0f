/* remap_pfn_range() and follow_pfnmap_start/end (mm/pfnmap.c, mm/follow.c). */
#include <errno.h>
#include <string.h>

#include "mm/follow.h"
#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable_check.h"
#include "pt_fixture.h"
#include "tap.h"

#define VA_4G (4UL << 30)
#define PFN_4G ((4UL << 30) >> PAGE_SHIFT)

TEST(remap_pfn_range_aligned_2g_uses_pud_leaves_only)
{
	struct pt_fixture f;
	struct vm_area_struct *vma;
	unsigned long tables;
	pfn_t pfn;

	ptf_init(&f);
	vma = ptf_add_pfnmap(&f, VA_4G, 2UL << 30, 0, MT_DEVICE);
	tables = nr_pgtable_pages();
	CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN_4G, 2UL << 30), 0);
	printf("# 2 GiB aligned remap: %lu table pages\n", nr_pgtable_pages() - tables);
	CHECK_EQ(nr_pgtable_pages() - tables, 1);
	CHECK_EQ(vma->vm_pgoff, PFN_4G);
	CHECK_EQ(ptf_follow(&f, VA_4G + (3UL << 29) + 8192, &pfn), PT_PUD);
	CHECK_EQ(pfn, PFN_4G + ((3UL << 29) >> PAGE_SHIFT) + 2);
	CHECK(!pt_locked(&f.mm));
	ptf_check(&f);
	ptf_finish(&f);
}

TEST(remap_pfn_range_partial_and_misaligned)
{
	struct pt_fixture f;
	struct vm_area_struct *vma;
	pfn_t pfn;

	ptf_init(&f);
	vma = ptf_add_pfnmap(&f, VA_4G, 1UL << 30, PFN_4G + 512, MT_DEVICE);
	/* A pfn only 2 MiB-aligned at a 1 GiB-aligned VA: PMD leaves, and the rest PTEs. */
	CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN_4G + 512, (4UL << 20) + 8192), 0);
	CHECK_EQ(vma->vm_pgoff, PFN_4G + 512); /* not the whole VMA: unchanged */
	CHECK_EQ(ptf_follow(&f, VA_4G + 4096, &pfn), PT_PMD);
	CHECK_EQ(pfn, PFN_4G + 513);
	CHECK_EQ(ptf_follow(&f, VA_4G + (4UL << 20) + 4096, &pfn), PT_PTE);
	CHECK_EQ(pfn, PFN_4G + 512 + 1024 + 1);
	ptf_check(&f);
	ptf_finish(&f);
}

TEST(remap_pfn_range_errors_change_nothing)
{
	struct pt_fixture f;
	struct vm_area_struct *vma, *anon;
	unsigned long free, tables;
	pfn_t pfn;

	ptf_init(&f);
	vma = ptf_add_pfnmap(&f, VA_4G, 8UL << 20, PFN_4G, MT_DEVICE);
	anon = ptf_add_anon(&f, VA_4G + (8UL << 20), 4096);
	CHECK_EQ(remap_pfn_range(anon, anon->vm_start, PFN_4G, 4096), -EINVAL);
	CHECK_EQ(remap_pfn_range(vma, VA_4G + 1, PFN_4G, 4096), -EINVAL);
	CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN_4G, 0), -EINVAL);
	CHECK_EQ(remap_pfn_range(vma, VA_4G - 4096, PFN_4G, 8192), -EINVAL);
	CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN_4G, (8UL << 20) + 4096), -EINVAL);
	CHECK_EQ(remap_pfn_range(vma, VA_4G, 1UL << 40, 4096), -EINVAL);
	CHECK_EQ(ptf_fault(&f, VA_4G + 4096, 0), VM_FAULT_NOPAGE);
	free = nr_free_pages();
	CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN_4G, 8UL << 20), -EEXIST);
	CHECK_EQ(nr_free_pages(), free);
	/*
	 * Out of memory half-way (PTEs only, the second PTE table fails): the range is unmapped
	 * again. The first PTE table's span starts below the range, so it stays.
	 */
	ptf_unmap(&f, VA_4G, VA_4G + (8UL << 20));
	vma->vm_pgoff = PFN_4G + 1; /* empty now: map it one page off, so only PTEs fit */
	tables = f.mm.nr_pgtables;
	page_alloc_fail_nth(2);
	CHECK_EQ(remap_pfn_range(vma, VA_4G + 4096, PFN_4G + 2, (4UL << 20) - 4096), -ENOMEM);
	page_alloc_fail_nth(0);
	CHECK_EQ(ptf_follow(&f, VA_4G + 4096, &pfn), -1);
	CHECK_EQ(ptf_follow(&f, VA_4G + (2UL << 20) - 4096, &pfn), -1);
	CHECK_EQ(f.mm.nr_pgtables, tables + 1);
	CHECK(!pt_locked(&f.mm));
	ptf_check(&f);
	ptf_finish(&f);
}

/*
 * Zap [addr, addr + 4 KiB) with the split's table allocation failing: the zap fails before it
 * changes anything, so the PMD leaf around it still maps the pfn it mapped.
 */
static void zap_with_failed_split(struct pt_fixture *f, unsigned long addr)
{
	unsigned long leaf = ALIGN_DOWN(addr, PMD_SIZE);
	pfn_t before, after;

	CHECK(!(ptf_fault(f, leaf, 0) & VM_FAULT_ERROR));
	CHECK_EQ(ptf_follow(f, leaf, &before), PT_PMD);
	page_alloc_fail_nth(1);
	CHECK_EQ(ptf_unmap(f, addr, addr + 4096), -ENOMEM);
	page_alloc_fail_nth(0);
	CHECK_EQ(ptf_follow(f, addr, &after), PT_PMD);
	CHECK_EQ(after, before + ((addr - leaf) >> PAGE_SHIFT));
}

/*
 * A pfnmap refaults to the pfn it mapped. A part of a VMA remapped to pfns the fault path would
 * not map (not linear in vm_pgoff) is refused; a linear one is taken, and survives a zap whose
 * split has no memory for its table. The page-table checker, which compares every pfnmap leaf with
 * vm_pgoff, agrees at each step, and notices a VMA whose vm_pgoff no longer matches its leaves.
 */
TEST(remap_pfn_range_part_of_a_vma_must_be_linear_in_vm_pgoff)
{
	struct pt_fixture f;
	struct vm_area_struct *vma;
	struct pgtable_check_report rep;
	pfn_t pfn;

	ptf_init(&f);
	vma = ptf_add_pfnmap(&f, VA_4G, 8UL << 20, PFN_4G, MT_DEVICE);
	CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN_4G + 512, 4UL << 20), -EINVAL);
	CHECK_EQ(vma->vm_pgoff, PFN_4G);
	ptf_check(&f);
	zap_with_failed_split(&f, VA_4G + (1UL << 20));
	ptf_check(&f);
	/* Linear: the pfns vm_pgoff gives [VA_4G + 4 MiB, VA_4G + 8 MiB). */
	CHECK_EQ(remap_pfn_range(vma, VA_4G + (4UL << 20), PFN_4G + 1024, 4UL << 20), 0);
	CHECK_EQ(ptf_follow(&f, VA_4G + (4UL << 20), &pfn), PT_PMD);
	CHECK_EQ(pfn, PFN_4G + 1024);
	ptf_check(&f);
	zap_with_failed_split(&f, VA_4G + (5UL << 20));
	ptf_check(&f);
	/* The checker sees leaves that no longer follow vm_pgoff. */
	vma->vm_pgoff = PFN_4G + 1;
	CHECK(pgtable_check(&f.mm, &rep) > 0);
	CHECK(rep.first_error && !strcmp(rep.first_error, "pfnmap leaf not linear in vm_pgoff"));
	CHECK_EQ(rep.first_addr, VA_4G);
	vma->vm_pgoff = PFN_4G;
	ptf_finish(&f);
}

TEST(follow_pfnmap_reports_leaf)
{
	struct pt_fixture f;
	struct vm_area_struct *vma, *anon;
	struct follow_pfnmap_args args;

	ptf_init(&f);
	vma = ptf_add_pfnmap(&f, VA_4G, 4UL << 20, PFN_4G, MT_WC);
	anon = ptf_add_anon(&f, VA_4G + (4UL << 20), 4096);
	CHECK_EQ(ptf_fault(&f, VA_4G + 5, FAULT_FLAG_WRITE), VM_FAULT_NOPAGE);
	args = (struct follow_pfnmap_args){ .vma = vma, .address = VA_4G + 3 * 4096 + 7 };
	CHECK_EQ(follow_pfnmap_start(&args), 0);
	CHECK(pt_locked(&f.mm)); /* held until follow_pfnmap_end() */
	CHECK_EQ(args.pfn, PFN_4G + 3);
	CHECK_EQ(args.level, PT_PMD);
	CHECK(args.writable);
	CHECK(args.special);
	CHECK_EQ(pgprot_mem_type(args.pgprot), MT_WC);
	CHECK_EQ(pgprot_val(args.pgprot),
		 pgprot_val(pte_pgprot(pte_mkspecial(pfn_pte(0, vma->vm_page_prot)))));
	follow_pfnmap_end(&args);
	CHECK(!pt_locked(&f.mm));
	/* Nothing mapped there yet; outside the VMA; not a pfnmap VMA. */
	args.address = VA_4G + (2UL << 20);
	CHECK_EQ(follow_pfnmap_start(&args), -EINVAL);
	args.address = VA_4G + (4UL << 20);
	CHECK_EQ(follow_pfnmap_start(&args), -EINVAL);
	CHECK_EQ(ptf_fault(&f, anon->vm_start, FAULT_FLAG_WRITE), 0);
	args = (struct follow_pfnmap_args){ .vma = anon, .address = anon->vm_start };
	CHECK_EQ(follow_pfnmap_start(&args), -EINVAL);
	CHECK(!pt_locked(&f.mm));
	/* A read-only pfnmap reports !writable. */
	vma->vm_page_prot = vm_get_page_prot(VM_READ | VM_USER, MT_DEVICE);
	CHECK_EQ(ptf_fault(&f, VA_4G + (2UL << 20), 0), VM_FAULT_NOPAGE);
	args = (struct follow_pfnmap_args){ .vma = vma, .address = VA_4G + (2UL << 20) };
	CHECK_EQ(follow_pfnmap_start(&args), 0);
	CHECK(!args.writable);
	CHECK_EQ(pgprot_mem_type(args.pgprot), MT_DEVICE);
	follow_pfnmap_end(&args);
	ptf_finish(&f);
}
