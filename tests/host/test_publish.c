/*
 * Every path that installs a page table publishes it through pXd_populate(): the publication
 * barrier (recorded by host_arch.c) comes after the table was zeroed or filled and before the
 * store that makes it reachable. At each barrier a hook walks the tables from their roots with a
 * walker of its own and counts the allocated tables the walk cannot reach: exactly one, the
 * table about to be published. A barrier after the store would find none, a missing barrier
 * leaves the count of barriers short of the tables installed.
 */
#include <string.h>

#include "host_arch.h"
#include "host_context.h"
#include "host_env.h"
#include "memlayout.h"
#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_gather.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable.h"
#include "mm/vma.h"
#include "pt_fixture.h"
#include "tap.h"

#define VA_4G (4UL << 30)
#define PFN_4G (VA_4G >> PAGE_SHIFT)
#define KVA 0xffff900000000000UL

/* The roots the hook walks, and what it found. */
static struct {
	pgd_t *roots[2];
	unsigned long unreachable_before; /* allocated tables no root reached when armed */
	unsigned long barriers, bad;	  /* barriers seen, and those not before a publication */
	phys_addr_t split_table; /* when set: a table that must be filled at every barrier */
	pmd_t split_first;	 /* its first entry once filled */
} pub;

/* Tables reachable from root, root included, by a walk over the raw entries. */
static unsigned long count_tables(pgd_t *root)
{
	unsigned long n = 1;

	for (unsigned int g = 0; g < PTRS_PER_TABLE; g++) {
		pud_t *pud;

		if (!pgd_present(pgdp_get(root + g)))
			continue;
		pud = __va(pgd_table_pa(pgdp_get(root + g)));
		n++;
		for (unsigned int u = 0; u < PTRS_PER_TABLE; u++) {
			pmd_t *pmd;

			if (!pud_present(pudp_get(pud + u)) || pud_leaf(pudp_get(pud + u)))
				continue;
			pmd = __va(pud_table_pa(pudp_get(pud + u)));
			n++;
			for (unsigned int m = 0; m < PTRS_PER_TABLE; m++)
				n += pmd_present(pmdp_get(pmd + m)) && !pmd_leaf(pmdp_get(pmd + m));
		}
	}
	return n;
}

/* The roots armed, plus the newest mm's when a clone created one (host_context.c). */
static unsigned long unreachable_tables(void)
{
	unsigned long reached = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(pub.roots); i++)
		reached += pub.roots[i] ? count_tables(pub.roots[i]) : 0;
	if (host_last_pgd_init && host_last_pgd_init != pub.roots[0] &&
	    host_last_pgd_init != pub.roots[1])
		reached += count_tables(host_last_pgd_init);
	return nr_pgtable_pages() - reached;
}

static void publish_hook(void)
{
	pub.barriers++;
	if (unreachable_tables() != pub.unreachable_before + 1)
		pub.bad++;
	if (pub.split_table) {
		pmd_t *entries = __va(pub.split_table);

		for (unsigned int i = 0; i < PTRS_PER_TABLE; i++)
			pub.bad += pmd_val(pmdp_get(entries + i)) !=
				   pmd_val(pub.split_first) + i * PMD_SIZE;
	}
}

static void arm(pgd_t *root0, pgd_t *root1)
{
	memset(&pub, 0, sizeof(pub));
	host_last_pgd_init = NULL;
	pub.roots[0] = root0;
	pub.roots[1] = root1;
	pub.unreachable_before = unreachable_tables();
	host_publish_hook = publish_hook;
}

/* Disarm; CHECK that `tables` tables were published, each after a barrier of its own. */
static void check_published(const char *path, unsigned long tables)
{
	host_publish_hook = NULL;
	printf("# %s: %lu table(s), %lu barrier(s), %lu out of order\n", path, tables, pub.barriers,
	       pub.bad);
	CHECK_EQ(pub.barriers, tables);
	CHECK_EQ(pub.bad, 0);
	CHECK_EQ(unreachable_tables(), pub.unreachable_before);
	host_last_pgd_init = NULL;
}

TEST(publish_new_tables_in_fault)
{
	struct pt_fixture f;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, PAGE_SIZE, PFN_4G, MT_DEVICE);
	arm(f.mm.pgd, NULL);
	CHECK_EQ(ptf_fault(&f, VA_4G, 0), VM_FAULT_NOPAGE);
	check_published("fault", 3);
	ptf_finish(&f);
}

/* Free the kernel tables one pgtable_map_range() of a page at va built under root, and root. */
static void free_one_page_tables(phys_addr_t root, unsigned long va)
{
	pgd_t *pgd = (pgd_t *)__va(root) + pgd_index(va);
	pud_t *pud = pud_offset(pgd, va);
	pmd_t *pmd = pmd_offset(pud, va);

	pt_free_table(pmd_table_pa(pmdp_get(pmd)));
	pt_free_table(pud_table_pa(pudp_get(pud)));
	pt_free_table(pgd_table_pa(pgdp_get(pgd)));
	pt_free_table(root);
}

TEST(publish_new_tables_in_remap_and_map_range)
{
	struct pt_fixture f;
	struct vm_area_struct *vma;
	phys_addr_t root;

	ptf_init(&f);
	vma = ptf_add_pfnmap(&f, VA_4G, PAGE_SIZE, PFN_4G, MT_DEVICE);
	arm(f.mm.pgd, NULL);
	CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN_4G, PAGE_SIZE), 0);
	check_published("remap_pfn_range", 3);
	ptf_finish(&f);

	root = pt_alloc_table();
	arm(__va(root), NULL);
	CHECK_EQ(pgtable_map_range(__va(root), KVA, VA_4G, PAGE_SIZE,
				   vm_get_page_prot(VM_READ, MT_DEVICE), PT_PUD),
		 0);
	check_published("pgtable_map_range", 3);
	free_one_page_tables(root, KVA);
}

/*
 * Split a 1 GiB leaf into 512 PMD leaves, then one of those into PTEs. The table the first split
 * takes is the one set aside for it, so the hook can also check that all 512 entries are in
 * place at the barrier.
 */
TEST(publish_filled_table_in_split)
{
	struct pt_fixture f;
	struct split_tables st;
	struct mmu_gather tlb;
	pud_t *pud;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, PUD_SIZE, PFN_4G, MT_DEVICE);
	CHECK_EQ(ptf_fault(&f, VA_4G, 0), VM_FAULT_NOPAGE);
	pud = pud_offset(pgd_offset_pgd(f.mm.pgd, VA_4G), VA_4G);
	CHECK(pud_leaf(pudp_get(pud)));
	arm(f.mm.pgd, NULL);
	CHECK_EQ(split_tables_alloc(&st, &f.mm, 1), 0);
	pub.split_table = page_to_phys(list_entry(st.tables.next, struct page, lru));
	pub.split_first = pfn_pmd(PFN_4G, pud_pgprot(pudp_get(pud)));
	tlb_gather_mmu(&tlb, &f.mm);
	pt_lock(&f.mm);
	split_huge_pud(&tlb, pud, VA_4G, &st);
	pt_unlock(&f.mm);
	tlb_finish_mmu(&tlb);
	check_published("split_huge_pud", 1);
	CHECK_EQ(pud_table_pa(pudp_get(pud)), pub.split_table);

	arm(f.mm.pgd, NULL);
	CHECK_EQ(split_tables_alloc(&st, &f.mm, 1), 0);
	tlb_gather_mmu(&tlb, &f.mm);
	pt_lock(&f.mm);
	split_huge_pmd(&tlb, pmd_offset(pud, VA_4G), VA_4G, &st);
	pt_unlock(&f.mm);
	tlb_finish_mmu(&tlb);
	check_published("split_huge_pmd", 1);
	CHECK_EQ(st.nr, 0);
	ptf_finish(&f);
}

TEST(publish_new_tables_in_clone)
{
	struct mm_struct *mm, *child = NULL;
	unsigned long va = 0;

	host_env_init();
	mm = mm_create();
	CHECK(mm != NULL);
	CHECK_EQ(mm_mmap_pfn(mm, 0, PFN_4G, PAGE_SIZE, VM_READ | VM_SHARED, MT_DEVICE, &va), 0);
	CHECK_EQ(handle_mm_fault(find_vma(mm, va), va, 0), VM_FAULT_NOPAGE);
	arm(mm->pgd, NULL);
	CHECK_EQ(mm_clone(mm, &child), 0);
	check_published("clone", 3);
	CHECK_EQ(child->nr_pgtables, 4);
	mm_destroy(child);
	mm_destroy(mm);
}
