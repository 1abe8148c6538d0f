/*
 * Transparent huge pages on the real MMU: anonymous memory faulted in by the CPU's own accesses
 * (handle_page_fault()) gets a PMD leaf, or a PUD leaf for a 1 GiB MADV_HUGEPAGE range; the
 * leaf's level is read by an independent walk; after a clone a write copies the huge page and
 * each address space reads its own data back through the MMU; every page comes back at the end.
 */
#include "arch.h"
#include "ktest.h"
#include "mm/fork.h"
#include "mm/huge_memory.h"
#include "mm/madvise.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

#define RW (VM_READ | VM_WRITE | VM_USER)
#define NO_LEAF (-1)

static int level_fill(int *out, enum pt_level level)
{
	*out = level;
	return 1;
}

static int pud_level(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	return level_fill(priv, PT_PUD);
}

static int pmd_level(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	return level_fill(priv, PT_PMD);
}

static int pte_level(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return level_fill(priv, PT_PTE);
}

/* The level of the leaf mapping addr in mm, or NO_LEAF. */
static int leaf_level(struct mm_struct *mm, unsigned long addr)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = pud_level,
		.pmd_entry = pmd_level,
		.pte_entry = pte_level,
	};
	int level = NO_LEAF;

	pgtable_walk(mm->pgd, addr, addr + PAGE_SIZE, &ops, &level);
	return level;
}

static volatile u64 *word(unsigned long addr)
{
	return (volatile u64 *)addr;
}

/*
 * Map size bytes of anonymous memory (huge pages asked for when advise), write a word near each
 * end through the MMU, check the leaf level, then clone and write in the child: each mm reads
 * its own data back, and the child's write left a leaf of the same level when memory allowed.
 */
static void fault_clone_write(unsigned long size, int advise, int want_level)
{
	unsigned long free_before = nr_free_pages(), base = 0;
	struct mm_struct *src = mm_create(), *child = NULL;

	KCHECK(src);
	if (!src)
		return;
	KCHECK_EQ(mm_mmap_anon(src, 0, size, RW, &base), 0);
	KCHECK(IS_ALIGNED(base, size));
	if (advise)
		KCHECK_EQ(do_madvise(src, base, size, advise), 0);
	switch_mm(src);
	*word(base + 8) = 0xa1;
	*word(base + size - 8) = 0xa2;
	KCHECK_EQ(leaf_level(src, base), want_level);
	KCHECK_EQ(leaf_level(src, base + size - PAGE_SIZE), want_level);
	KCHECK_EQ(mm_clone(src, &child), 0);
	if (child) {
		switch_mm(child);
		KCHECK_EQ(*word(base + 8), 0xa1);
		*word(base + 8) = 0xc1;
		KCHECK_EQ(*word(base + size - 8), 0xa2);
		KCHECK(leaf_level(child, base) != NO_LEAF);
		switch_mm(src);
		KCHECK_EQ(*word(base + 8), 0xa1);
		*word(base + size - 8) = 0xb2;
		switch_mm(child);
		KCHECK_EQ(*word(base + size - 8), 0xa2);
		KCHECK_EQ(*word(base + 8), 0xc1);
	}
	switch_mm(NULL);
	if (child)
		mm_destroy(child);
	mm_destroy(src);
	KCHECK_EQ(nr_free_pages(), free_before);
}

KTEST(mm, thp_pmd_fault_and_clone_write)
{
	enum thp_mode mode = thp_get_mode();

	thp_set_mode(THP_ALWAYS);
	fault_clone_write(4 * SZ_2M, 0, PT_PMD);
	thp_set_mode(mode);
}

KTEST(mm, thp_gib_madvise_range_is_one_pud_leaf)
{
	enum thp_mode mode = thp_get_mode();

	if (!arch_has_pud_leaves())
		KSKIP("no 1 GiB leaves on this CPU");
	/* A free GiB of RAM now, for the fault to take (back on the free lists at once). */
	__free_pages(ktest_alloc_pages(MAX_PAGE_ORDER), MAX_PAGE_ORDER);
	thp_set_mode(THP_MADVISE);
	fault_clone_write(SZ_1G, MADV_HUGEPAGE, PT_PUD);
	thp_set_mode(mode);
}
