/*
 * Host tests of shared anonymous memory at a size far beyond RAM (mm/anon.c): the page store
 * costs what is touched, so a 64 GiB mapping works in the 64 MiB of the host arena. Pages are
 * found through a page-table walk of each address space and read through the direct map.
 */
#include "host_env.h"
#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/vma.h"
#include "tap.h"

#define P PAGE_SIZE
#define SZ_64G (64UL << 30)
#define SHARED_RW                                                                                  \
	(VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE | VM_USER | VM_MAYREAD | VM_MAYWRITE |       \
	 VM_MAYEXEC)

/* Offsets touched: both ends, and pages far apart in between (different tables at every level). */
static const unsigned long touched[] = { 0, SZ_1G + 5 * P, 17 * SZ_1G + SZ_2M, SZ_64G - P };

/* The pfn a PTE maps addr to, or 0 when nothing does (anonymous memory is PTE-mapped only). */
static pfn_t pfn_at(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset_pgd(mm->pgd, addr);
	pud_t *pud;
	pmd_t *pmd;
	pte_t pte;

	if (!pgd_present(pgdp_get(pgd)))
		return 0;
	pud = pud_offset(pgd, addr);
	if (!pud_present(pudp_get(pud)))
		return 0;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(pmdp_get(pmd)))
		return 0;
	pte = ptep_get(pte_offset(pmd, addr));
	return pte_present(pte) ? pte_pfn(pte) : 0;
}

static u64 *word(pfn_t pfn)
{
	return (u64 *)__va(PFN_PHYS(pfn));
}

static vm_fault_t fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	return handle_mm_fault(find_vma(mm, addr), addr, flags) & VM_FAULT_ERROR;
}

/* Fault addr in for writing, as a user store would, and store val through what got mapped. */
static void store(struct mm_struct *mm, unsigned long addr, u64 val)
{
	pfn_t pfn;

	CHECK_EQ(fault(mm, addr, FAULT_FLAG_WRITE), 0);
	pfn = pfn_at(mm, addr);
	CHECK(pfn != 0);
	if (pfn)
		*word(pfn) = val;
}

TEST(anon_shared_64g_touched_sparsely_cloned_and_unmapped)
{
	unsigned long before, base, far;
	struct mm_struct *mm, *child = NULL;
	int err;

	host_env_init();
	before = nr_free_pages();
	mm = mm_create();
	err = mm_mmap_anon(mm, 0, SZ_64G, SHARED_RW, &base);
	CHECK_EQ(err, 0);
	if (err) {
		mm_destroy(mm);
		return;
	}
	far = base + 40 * SZ_1G;
	for (unsigned int i = 0; i < ARRAY_SIZE(touched); i++)
		store(mm, base + touched[i], 0x5a5a0000 + i);
	/* A few pages, their tables and the store's nodes: nothing in proportion to 64 GiB. */
	CHECK(before - nr_free_pages() < 64);

	CHECK_EQ(dup_mm(mm, &child, NULL), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(touched) && child; i++) {
		CHECK_EQ(pfn_at(child, base + touched[i]), pfn_at(mm, base + touched[i]));
		CHECK_EQ(*word(pfn_at(mm, base + touched[i])), 0x5a5a0000 + i);
	}
	/* A page first touched by the child is the parent's page too. */
	if (child) {
		store(child, far, 0xc1d);
		CHECK_EQ(fault(mm, far, 0), 0);
		CHECK_EQ(pfn_at(mm, far), pfn_at(child, far));
		CHECK_EQ(*word(pfn_at(mm, far)), 0xc1d);
	}

	CHECK_EQ(do_munmap(mm, base, SZ_64G), 0);
	CHECK(first_vma(mm) == NULL);
	CHECK_EQ(pfn_at(mm, base), 0);
	/* The child's VMA still holds the store: its pages survive the parent's munmap. */
	if (child) {
		CHECK_EQ(*word(pfn_at(child, base + touched[1])), 0x5a5a0001);
		mm_destroy(child);
	}
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), before);
	CHECK(page_alloc_verify() == NULL);
}
