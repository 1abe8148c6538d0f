/*
 * Page-table entry helpers (in the style of Linux's mm/debug_vm_pgtable.c) and the mm/pgtable.c
 * map ladder and walker, built once per arch encoding. Arch-specific bit layouts are checked in
 * tests/host/<arch>/test_pgtable_<arch>.c.
 */
#include <errno.h>
#include <stdlib.h>

#include "host_arch.h"
#include "host_env.h"
#include "memlayout.h"
#include "mm/pgtable.h"
#include "tap.h"

/* ---------------------------------------------------------------- entry helpers */

static const enum mem_type mem_types[] = { MT_NORMAL, MT_DEVICE, MT_WC };

/* Every combination of read, write, exec, shared and user, the first 16 in Linux's order. */
#define NR_FLAG_COMBOS 32
static unsigned long combo_flags(unsigned int i)
{
	return (i & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)) | (i & 16 ? VM_USER : 0);
}

static bool no_access(unsigned long flags)
{
	return !(flags & (VM_READ | VM_WRITE | VM_EXEC));
}

/* The largest pfn the arch's entries hold, rounded down to a leaf of `pages` pages. */
static pfn_t widest_pfn(unsigned long pages)
{
	return ALIGN_DOWN((1UL << (PHYS_MASK_SHIFT - PAGE_SHIFT)) - 1, pages);
}

/*
 * Every property of a fresh leaf e = pfn_<lvl>(pfn, vm_get_page_prot(flags, mt)) and of each
 * modifier, for one level. A macro so that the same checks run at PTE, PMD and PUD level and a
 * failure names the level's helper.
 */
#define DEFINE_LEAF_CHECK(lvl)                                                                     \
	static void check_##lvl##_leaf(pfn_t pfn, unsigned long flags, enum mem_type mt)           \
	{                                                                                          \
		pgprot_t prot = vm_get_page_prot(flags, mt);                                       \
		lvl##_t e = pfn_##lvl(pfn, prot);                                                  \
		lvl##_t m;                                                                         \
                                                                                                   \
		CHECK(!lvl##_none(e));                                                             \
		CHECK(lvl##_present(e));                                                           \
		CHECK(lvl##_leaf(e));                                                              \
		CHECK_EQ(lvl##_protnone(e), no_access(flags));                                     \
		CHECK_EQ(lvl##_pfn(e), pfn);                                                       \
		CHECK_EQ(pgprot_val(lvl##_pgprot(e)), pgprot_val(prot));                           \
		CHECK_EQ(pgprot_mem_type(lvl##_pgprot(e)), mt);                                    \
		CHECK_EQ(lvl##_write(e), !!(flags & VM_WRITE));                                    \
		CHECK(!lvl##_special(e));                                                          \
		CHECK(lvl##_young(e));                                                             \
		CHECK(!lvl##_dirty(e));                                                            \
		CHECK(!lvl##_dirty(lvl##_wrprotect(e)));                                           \
                                                                                                   \
		CHECK(lvl##_write(lvl##_mkwrite(lvl##_wrprotect(e))));                             \
		CHECK(!lvl##_write(lvl##_wrprotect(lvl##_mkwrite(e))));                            \
		CHECK(lvl##_dirty(lvl##_wrprotect(lvl##_mkdirty(e))));                             \
		CHECK(!lvl##_dirty(lvl##_wrprotect(lvl##_mkclean(e))));                            \
		CHECK(lvl##_dirty(lvl##_mkdirty(lvl##_mkclean(e))));                               \
		CHECK(!lvl##_dirty(lvl##_mkclean(lvl##_mkdirty(e))));                              \
		CHECK(lvl##_young(lvl##_mkyoung(lvl##_mkold(e))));                                 \
		CHECK(!lvl##_young(lvl##_mkold(lvl##_mkyoung(e))));                                \
		CHECK(lvl##_special(lvl##_mkspecial(e)));                                          \
		CHECK(!lvl##_write(lvl##_mkspecial(lvl##_wrprotect(e))));                          \
                                                                                                   \
		/* Modifiers change their flag only: pfn, leaf, type and protnone stay. */         \
		m = lvl##_mkspecial(lvl##_mkold(lvl##_mkdirty(lvl##_mkwrite(e))));                 \
		CHECK(lvl##_leaf(m));                                                              \
		CHECK_EQ(lvl##_pfn(m), pfn);                                                       \
		CHECK_EQ(lvl##_protnone(m), no_access(flags));                                     \
		CHECK_EQ(pgprot_mem_type(lvl##_pgprot(m)), mt);                                    \
		m = lvl##_mkclean(lvl##_mkyoung(lvl##_wrprotect(m)));                              \
		CHECK(lvl##_leaf(m));                                                              \
		CHECK(lvl##_special(m));                                                           \
		CHECK_EQ(lvl##_pfn(m), pfn);                                                       \
		CHECK_EQ(pgprot_mem_type(lvl##_pgprot(m)), mt);                                    \
	}

DEFINE_LEAF_CHECK(pte)
DEFINE_LEAF_CHECK(pmd)
DEFINE_LEAF_CHECK(pud)

TEST(pgtable_leaf_helpers_every_prot_and_level)
{
	for (unsigned int t = 0; t < ARRAY_SIZE(mem_types); t++) {
		for (unsigned int i = 0; i < NR_FLAG_COMBOS; i++) {
			check_pte_leaf(0x12345, combo_flags(i), mem_types[t]);
			check_pmd_leaf(0x12345UL << 9, combo_flags(i), mem_types[t]);
			check_pud_leaf(0x123UL << 18, combo_flags(i), mem_types[t]);
		}
	}
}

TEST(pgtable_pfn_round_trip)
{
	const pgprot_t prot = vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL);
	const pfn_t pte_pfns[] = { 0, 1, 0x12345, 0xfffffff, widest_pfn(1) };
	const pfn_t pmd_pfns[] = { 0, 1UL << 9, 0xfffffe00, widest_pfn(1UL << 9) };
	const pfn_t pud_pfns[] = { 0, 1UL << 18, 0xffc0000, widest_pfn(1UL << 18) };

	for (unsigned int i = 0; i < ARRAY_SIZE(pte_pfns); i++) {
		CHECK_EQ(pte_pfn(pfn_pte(pte_pfns[i], prot)), pte_pfns[i]);
		CHECK_EQ(pgprot_val(pte_pgprot(pfn_pte(pte_pfns[i], prot))), pgprot_val(prot));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(pmd_pfns); i++) {
		CHECK_EQ(pmd_pfn(pfn_pmd(pmd_pfns[i], prot)), pmd_pfns[i]);
		CHECK_EQ(pgprot_val(pmd_pgprot(pfn_pmd(pmd_pfns[i], prot))), pgprot_val(prot));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(pud_pfns); i++) {
		CHECK_EQ(pud_pfn(pfn_pud(pud_pfns[i], prot)), pud_pfns[i]);
		CHECK_EQ(pgprot_val(pud_pgprot(pfn_pud(pud_pfns[i], prot))), pgprot_val(prot));
	}
	/* A huge leaf keeps only aligned pfn bits: the rest must not leak into attributes. */
	CHECK_EQ(pmd_pfn(pfn_pmd(0x3ff, prot)), 0x200);
	CHECK_EQ(pgprot_val(pmd_pgprot(pfn_pmd(0x3ff, prot))), pgprot_val(prot));
	CHECK_EQ(pud_pfn(pfn_pud(0x7ffff, prot)), 0x40000);
	CHECK_EQ(pgprot_val(pud_pgprot(pfn_pud(0x7ffff, prot))), pgprot_val(prot));
}

TEST(pgtable_protnone_is_present_leaf)
{
	const unsigned long none_flags[] = { VM_NONE, VM_SHARED, VM_USER, VM_USER | VM_SHARED };

	for (unsigned int i = 0; i < ARRAY_SIZE(none_flags); i++) {
		pgprot_t prot = vm_get_page_prot(none_flags[i], MT_NORMAL);

		CHECK(pte_present(pfn_pte(0x1000, prot)) && pte_protnone(pfn_pte(0x1000, prot)));
		CHECK(pmd_present(pfn_pmd(0x1000, prot)) && pmd_protnone(pfn_pmd(0x1000, prot)));
		CHECK(pud_present(pfn_pud(0x40000, prot)) && pud_protnone(pfn_pud(0x40000, prot)));
		CHECK(pmd_leaf(pfn_pmd(0x1000, prot)));
		CHECK(pud_leaf(pfn_pud(0x40000, prot)));
		CHECK(!pte_write(pfn_pte(0x1000, prot)));
	}
	CHECK(!pte_protnone(pfn_pte(0x1000, vm_get_page_prot(VM_READ, MT_NORMAL))));
	CHECK(!pte_protnone(pfn_pte(0x1000, vm_get_page_prot(VM_EXEC, MT_NORMAL))));
}

TEST(pgtable_table_entries)
{
	const phys_addr_t pas[] = { 0x1000, 0x12345000, (1UL << PHYS_MASK_SHIFT) - PAGE_SIZE };
	const enum pt_owner owners[] = { PT_KERNEL, PT_USER };

	for (unsigned int o = 0; o < ARRAY_SIZE(owners); o++) {
		for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
			pgd_t g = pgd_mktable(pas[i], owners[o]);
			pud_t u = pud_mktable(pas[i], owners[o]);
			pmd_t m = pmd_mktable(pas[i], owners[o]);

			CHECK(!pgd_none(g) && pgd_present(g));
			CHECK_EQ(pgd_table_pa(g), pas[i]);
			CHECK(!pud_none(u) && pud_present(u) && !pud_leaf(u) && !pud_protnone(u));
			CHECK_EQ(pud_table_pa(u), pas[i]);
			CHECK(!pmd_none(m) && pmd_present(m) && !pmd_leaf(m) && !pmd_protnone(m));
			CHECK_EQ(pmd_table_pa(m), pas[i]);
		}
	}
}

TEST(pgtable_none_set_clear)
{
	phys_addr_t table = (host_env_init(), pt_alloc_table());
	pgprot_t prot = vm_get_page_prot(VM_READ, MT_DEVICE);
	pud_t *pud = __va(table);
	pmd_t *pmd = __va(table);
	pte_t *pte = __va(table);
	pgd_t *pgd = __va(table);

	CHECK(table != 0);
	CHECK(pte_none(ptep_get(pte)) && !pte_present(ptep_get(pte)));
	CHECK(!pmd_present(pmdp_get(pmd)) && !pmd_leaf(pmdp_get(pmd)));
	CHECK(!pud_present(pudp_get(pud)) && !pud_leaf(pudp_get(pud)));
	CHECK(!pgd_present(pgdp_get(pgd)));

	set_pte(pte + 3, pfn_pte(7, prot));
	CHECK_EQ(pte_val(ptep_get(pte + 3)), pte_val(pfn_pte(7, prot)));
	pte_clear(pte + 3);
	CHECK(pte_none(ptep_get(pte + 3)));

	set_pmd(pmd + 5, pfn_pmd(0x200, prot));
	CHECK_EQ(pmd_val(pmdp_get(pmd + 5)), pmd_val(pfn_pmd(0x200, prot)));
	pmd_clear(pmd + 5);
	CHECK(pmd_none(pmdp_get(pmd + 5)));

	set_pud(pud + 7, pfn_pud(0x40000, prot));
	CHECK_EQ(pud_val(pudp_get(pud + 7)), pud_val(pfn_pud(0x40000, prot)));
	pud_clear(pud + 7);
	CHECK(pud_none(pudp_get(pud + 7)));

	set_pgd(pgd + 9, pgd_mktable(0x5000, PT_KERNEL));
	CHECK_EQ(pgd_table_pa(pgdp_get(pgd + 9)), 0x5000);
	pgd_clear(pgd + 9);
	CHECK(pgd_none(pgdp_get(pgd + 9)));
	pt_free_table(table);
}

TEST(pgtable_geometry)
{
	const unsigned long va = 0xffff812345678000UL;

	CHECK_EQ(pgd_index(va), 0x102);
	CHECK_EQ(pud_index(va), 0x08d);
	CHECK_EQ(pmd_index(va), 0x02b);
	CHECK_EQ(pte_index(va), 0x078);
	CHECK_EQ(PUD_SIZE, SZ_1G);
	CHECK_EQ(PMD_SIZE, SZ_2M);
	CHECK_EQ(pmd_addr_end(0x201000, 0x800000), 0x400000);
	CHECK_EQ(pmd_addr_end(0x201000, 0x300000), 0x300000);
	CHECK_EQ(pud_addr_end(SZ_1G, 3 * SZ_1G), 2 * SZ_1G);
	/* At the top of the address space the boundary and end wrap to 0. */
	CHECK_EQ(pmd_addr_end(~0UL - SZ_2M + 1, 0), 0);
	CHECK_EQ(pgd_addr_end(~0UL - SZ_1G + 1, 0), 0);
	CHECK_EQ(pud_addr_end(~0UL - 2 * SZ_1G + 1, 0), ~0UL - SZ_1G + 1);
}

TEST(pgtable_leaf_rule)
{
	CHECK(pt_leaf_allowed(PT_PUD, PT_PUD, SZ_1G, 2 * SZ_1G, 3 * SZ_1G));
	CHECK(!pt_leaf_allowed(PT_PUD, PT_PMD, SZ_1G, 2 * SZ_1G, 3 * SZ_1G));	      /* level */
	CHECK(!pt_leaf_allowed(PT_PUD, PT_PUD, SZ_1G, 2 * SZ_1G, 3 * SZ_1G + SZ_2M)); /* pa */
	CHECK(!pt_leaf_allowed(PT_PUD, PT_PUD, SZ_1G + SZ_2M, 3 * SZ_1G, SZ_1G));     /* va */
	CHECK(!pt_leaf_allowed(PT_PUD, PT_PUD, SZ_1G, 2 * SZ_1G - SZ_4K, SZ_1G));     /* short */
	CHECK(pt_leaf_allowed(PT_PMD, PT_PUD, SZ_2M, 2 * SZ_2M, 5 * SZ_2M));
	CHECK(!pt_leaf_allowed(PT_PMD, PT_PTE, SZ_2M, 2 * SZ_2M, 5 * SZ_2M));
	CHECK(!pt_leaf_allowed(PT_PMD, PT_PMD, SZ_2M, 2 * SZ_2M, 5 * SZ_2M + SZ_4K));
	CHECK(pt_leaf_allowed(PT_PTE, PT_PTE, SZ_4K, 2 * SZ_4K, 0));
	CHECK(!pt_leaf_allowed(PT_PGD, PT_PUD, 0, 0, 0)); /* no pgd leaves */
	/* The last 1 GiB of the address space: end == 0 means 2^64. */
	CHECK(pt_leaf_allowed(PT_PUD, PT_PUD, ~0UL - SZ_1G + 1, 0, SZ_1G));
}

/* ---------------------------------------------------------------- map ladder and walker */

#define KVA (IOREMAP_BASE + SZ_1G) /* kernel addresses: tables must be PT_KERNEL */
#define UVA SZ_1G		   /* user addresses: tables must be PT_USER */
#define PA (4 * SZ_1G)

/*
 * What a scan of every slot of every table finds, independently of pgtable_walk(). With release
 * set, each table is freed once scanned (the test tables go back to the arena).
 */
struct census {
	unsigned long tables[3];  /* PUD, PMD and PTE tables, indexed by the level they hold */
	unsigned long leaves[3];  /* indexed by enum pt_level */
	unsigned long bad_tables; /* table entries not equal to pXd_mktable(pa, owner) */
	enum pt_owner owner;
	bool release;
};

static void census_ptes(phys_addr_t table, struct census *c)
{
	const pte_t *pte = __va(table);

	c->tables[PT_PTE]++;
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		c->leaves[PT_PTE] += pte_present(ptep_get(pte + i));
	if (c->release)
		pt_free_table(table);
}

static void census_pmds(phys_addr_t table, struct census *c)
{
	const pmd_t *pmd = __va(table);

	c->tables[PT_PMD]++;
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		pmd_t e = pmdp_get(pmd + i);

		if (pmd_leaf(e)) {
			c->leaves[PT_PMD]++;
		} else if (pmd_present(e)) {
			pmd_t want = pmd_mktable(pmd_table_pa(e), c->owner);

			c->bad_tables += pmd_val(e) != pmd_val(want);
			census_ptes(pmd_table_pa(e), c);
		}
	}
	if (c->release)
		pt_free_table(table);
}

static void census_puds(phys_addr_t table, struct census *c)
{
	const pud_t *pud = __va(table);

	c->tables[PT_PUD]++;
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		pud_t e = pudp_get(pud + i);

		if (pud_leaf(e)) {
			c->leaves[PT_PUD]++;
		} else if (pud_present(e)) {
			pud_t want = pud_mktable(pud_table_pa(e), c->owner);

			c->bad_tables += pud_val(e) != pud_val(want);
			census_pmds(pud_table_pa(e), c);
		}
	}
	if (c->release)
		pt_free_table(table);
}

static struct census take_census(pgd_t *pgd, enum pt_owner owner)
{
	struct census c = { .owner = owner };

	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		pgd_t e = pgdp_get(pgd + i);

		if (pgd_present(e)) {
			c.bad_tables += pgd_val(e) != pgd_val(pgd_mktable(pgd_table_pa(e), owner));
			census_puds(pgd_table_pa(e), &c);
		}
	}
	return c;
}

static void check_census(pgd_t *pgd, enum pt_owner owner, unsigned long pud_tables,
			 unsigned long pmd_tables, unsigned long pte_tables,
			 unsigned long pud_leaves, unsigned long pmd_leaves, unsigned long ptes)
{
	struct census c = take_census(pgd, owner);

	CHECK_EQ(c.tables[PT_PUD], pud_tables);
	CHECK_EQ(c.tables[PT_PMD], pmd_tables);
	CHECK_EQ(c.tables[PT_PTE], pte_tables);
	CHECK_EQ(c.leaves[PT_PUD], pud_leaves);
	CHECK_EQ(c.leaves[PT_PMD], pmd_leaves);
	CHECK_EQ(c.leaves[PT_PTE], ptes);
	CHECK_EQ(c.bad_tables, 0);
}

static pgd_t *new_root(void)
{
	phys_addr_t root;

	host_env_init();
	root = pt_alloc_table();

	if (!root)
		abort();
	return __va(root);
}

static void free_root(pgd_t *pgd)
{
	struct census c = { .release = true };

	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (pgd_present(pgdp_get(pgd + i)))
			census_puds(pgd_table_pa(pgdp_get(pgd + i)), &c);
	pt_free_table(__pa(pgd));
}

/*
 * pgtable_walk() callbacks checking a mapping of [va, va + size) to pa: leaves come in address
 * order without gaps, each maps the expected pfn with the expected protection, and huge leaves
 * lie wholly inside the range.
 */
struct expect {
	unsigned long va;
	phys_addr_t pa;
	pgprot_t prot;
	unsigned long next;	  /* where the next leaf must start */
	unsigned long leaves[3];  /* by enum pt_level */
	unsigned long mismatches; /* leaves that broke one of the rules */
};

static void expect_leaf(struct expect *x, enum pt_level level, unsigned long addr,
			unsigned long next, pfn_t pfn, pgprot_t prot, unsigned long size)
{
	x->leaves[level]++;
	if (addr != x->next || pfn != PHYS_PFN(x->pa + (addr - x->va)) ||
	    pgprot_val(prot) != pgprot_val(x->prot) || !IS_ALIGNED(addr, size) ||
	    next - addr != size)
		x->mismatches++;
	x->next = next;
}

static int expect_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	expect_leaf(priv, PT_PUD, addr, next, pud_pfn(pudp_get(pud)), pud_pgprot(pudp_get(pud)),
		    PUD_SIZE);
	return 0;
}

static int expect_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	expect_leaf(priv, PT_PMD, addr, next, pmd_pfn(pmdp_get(pmd)), pmd_pgprot(pmdp_get(pmd)),
		    PMD_SIZE);
	return 0;
}

static int expect_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	expect_leaf(priv, PT_PTE, addr, next, pte_pfn(ptep_get(pte)), pte_pgprot(ptep_get(pte)),
		    PAGE_SIZE);
	return 0;
}

static const struct pt_walk_ops expect_ops = {
	.pud_entry = expect_pud,
	.pmd_entry = expect_pmd,
	.pte_entry = expect_pte,
};

/* Map [va, va + size) to pa, then check the leaf counts and every leaf through the walker. */
static void map_and_expect(pgd_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
			   pgprot_t prot, enum pt_level max_leaf, unsigned long pud_leaves,
			   unsigned long pmd_leaves, unsigned long ptes)
{
	struct expect x = { .va = va, .pa = pa, .prot = prot, .next = va };
	unsigned long syncs = host_arch_calls.pgtable_sync;

	CHECK_EQ(pgtable_map_range(pgd, va, pa, size, prot, max_leaf), 0);
	CHECK_EQ(host_arch_calls.pgtable_sync, syncs + 1);
	CHECK_EQ(pgtable_walk(pgd, va, va + size, &expect_ops, &x), 0);
	CHECK_EQ(x.next, va + size);
	CHECK_EQ(x.mismatches, 0);
	CHECK_EQ(x.leaves[PT_PUD], pud_leaves);
	CHECK_EQ(x.leaves[PT_PMD], pmd_leaves);
	CHECK_EQ(x.leaves[PT_PTE], ptes);
}

static pgprot_t kernel_rw(void)
{
	return vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL);
}

TEST(pgtable_map_aligned_uses_pud_leaves)
{
	pgd_t *pgd = new_root();

	map_and_expect(pgd, KVA, PA, 2 * SZ_1G, kernel_rw(), PT_PUD, 2, 0, 0);
	check_census(pgd, PT_KERNEL, 1, 0, 0, 2, 0, 0);
	free_root(pgd);
}

TEST(pgtable_map_max_leaf_pmd_forbids_pud_leaves)
{
	pgd_t *pgd = new_root();

	map_and_expect(pgd, KVA, PA, 2 * SZ_1G, kernel_rw(), PT_PMD, 0, 1024, 0);
	check_census(pgd, PT_KERNEL, 1, 2, 0, 0, 1024, 0);
	free_root(pgd);
}

TEST(pgtable_map_max_leaf_pte)
{
	pgd_t *pgd = new_root();

	map_and_expect(pgd, KVA, PA, 2 * SZ_2M, kernel_rw(), PT_PTE, 0, 0, 1024);
	check_census(pgd, PT_KERNEL, 1, 1, 2, 0, 0, 1024);
	free_root(pgd);
}

/*
 * va and pa both 2 MiB past a 1 GiB boundary: [1G+2M, 2G) is 511 PMD leaves, [2G, 3G) is
 * 1 GiB-aligned on both sides again (one PUD leaf), [3G, 3G+2M) one PMD leaf.
 */
TEST(pgtable_map_shifted_2m)
{
	pgd_t *pgd = new_root();

	map_and_expect(pgd, KVA + SZ_2M, PA + SZ_2M, 2 * SZ_1G, kernel_rw(), PT_PUD, 1, 512, 0);
	check_census(pgd, PT_KERNEL, 1, 2, 0, 1, 512, 0);
	free_root(pgd);
}

/* Only pa 2 MiB past a 1 GiB boundary: no PUD leaf anywhere, 1024 PMD leaves. */
TEST(pgtable_map_pa_shifted_2m)
{
	pgd_t *pgd = new_root();

	map_and_expect(pgd, KVA, PA + SZ_2M, 2 * SZ_1G, kernel_rw(), PT_PUD, 0, 1024, 0);
	check_census(pgd, PT_KERNEL, 1, 2, 0, 0, 1024, 0);
	free_root(pgd);
}

/*
 * va and pa both 4 KiB past a 1 GiB boundary: 511 PTEs, 511 PMD leaves, one PUD leaf, then one
 * PTE in the next PMD table.
 */
TEST(pgtable_map_shifted_4k)
{
	pgd_t *pgd = new_root();

	map_and_expect(pgd, KVA + SZ_4K, PA + SZ_4K, 2 * SZ_1G, kernel_rw(), PT_PUD, 1, 511, 512);
	check_census(pgd, PT_KERNEL, 1, 2, 2, 1, 511, 512);
	free_root(pgd);
}

/* Only pa 4 KiB off: 2 GiB of PTEs, in user tables; every pfn checked by the walker. */
TEST(pgtable_map_pa_shifted_4k_user)
{
	pgprot_t prot = vm_get_page_prot(VM_READ | VM_WRITE | VM_USER, MT_NORMAL);
	pgd_t *pgd = new_root();

	map_and_expect(pgd, UVA, PA + SZ_4K, 2 * SZ_1G, prot, PT_PUD, 0, 0, 2 * SZ_1G / SZ_4K);
	check_census(pgd, PT_USER, 1, 2, 1024, 0, 0, 2 * SZ_1G / SZ_4K);
	free_root(pgd);
}

/* The last 2 GiB of the address space, where pXd_addr_end() wraps to 0. */
TEST(pgtable_map_top_of_address_space)
{
	pgd_t *pgd = new_root();
	const unsigned long va = ~0UL - 2 * SZ_1G + 1;

	map_and_expect(pgd, va, PA + SZ_2M, 2 * SZ_1G, kernel_rw(), PT_PUD, 0, 1024, 0);
	CHECK_EQ(pgd_index(va), PTRS_PER_TABLE - 1);
	check_census(pgd, PT_KERNEL, 1, 2, 0, 0, 1024, 0);
	free_root(pgd);
}

TEST(pgtable_map_einval)
{
	pgd_t *pgd = new_root();
	const pgprot_t prot = kernel_rw();
	const phys_addr_t pa_end = 1UL << PHYS_MASK_SHIFT;
	unsigned long syncs = host_arch_calls.pgtable_sync;

	CHECK_EQ(pgtable_map_range(pgd, KVA + 0x800, PA, SZ_4K, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, KVA, PA + 0x800, SZ_4K, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, KVA, PA, SZ_4K + 1, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, KVA, PA, 0, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, KVA, PA, SZ_4K, prot, PT_PGD), -EINVAL);
	/* Into, across or past the non-canonical hole, and wrapping past 2^64. */
	CHECK_EQ(pgtable_map_range(pgd, USER_VA_END - SZ_4K, PA, 2 * SZ_4K, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, USER_VA_END, PA, SZ_4K, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, UPPER_HALF_START - SZ_4K, PA, SZ_4K, prot, PT_PUD),
		 -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, 0UL - SZ_4K, PA, 2 * SZ_4K, prot, PT_PUD), -EINVAL);
	/* Physical addresses beyond what an entry holds. */
	CHECK_EQ(pgtable_map_range(pgd, KVA, pa_end - SZ_4K, 2 * SZ_4K, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, KVA, pa_end, SZ_4K, prot, PT_PUD), -EINVAL);
	CHECK_EQ(pgtable_map_range(pgd, KVA, 0UL - SZ_4K, SZ_4K, prot, PT_PUD), -EINVAL);

	CHECK_EQ(host_arch_calls.pgtable_sync, syncs);
	check_census(pgd, PT_KERNEL, 0, 0, 0, 0, 0, 0);
	/* The edges themselves are fine. */
	CHECK_EQ(pgtable_map_range(pgd, KVA, pa_end - SZ_4K, SZ_4K, prot, PT_PUD), 0);
	CHECK_EQ(pgtable_map_range(pgd, USER_VA_END - SZ_4K, PA, SZ_4K, prot, PT_PUD), 0);
	CHECK_EQ(pgtable_map_range(pgd, 0, PA, SZ_4K, prot, PT_PUD), 0);
	free_root(pgd);
}

TEST(pgtable_map_eexist_changes_nothing)
{
	const pgprot_t prot = kernel_rw();
	pgd_t *pgd = new_root();

	/* PTEs at KVA, a PMD leaf at KVA + 2M, a PUD leaf at KVA + 1G, protnone PTE at + 8M. */
	CHECK_EQ(pgtable_map_range(pgd, KVA, PA, 2 * SZ_4K, prot, PT_PUD), 0);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_2M, PA, SZ_2M, prot, PT_PUD), 0);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_1G, PA, SZ_1G, prot, PT_PUD), 0);
	CHECK_EQ(pgtable_map_range(pgd, KVA + 4 * SZ_2M, PA, SZ_4K,
				   vm_get_page_prot(VM_NONE, MT_NORMAL), PT_PUD),
		 0);
	check_census(pgd, PT_KERNEL, 1, 1, 2, 1, 1, 3);

	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_4K, PA, 2 * SZ_4K, prot, PT_PUD), -EEXIST);
	CHECK_EQ(pgtable_map_range(pgd, KVA - SZ_4K, PA, 2 * SZ_4K, prot, PT_PUD), -EEXIST);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_2M + SZ_4K, PA, SZ_4K, prot, PT_PUD), -EEXIST);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_2M - SZ_4K, PA, 2 * SZ_4K, prot, PT_PUD), -EEXIST);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_1G + 5 * SZ_2M, PA, SZ_2M, prot, PT_PUD), -EEXIST);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_1G - SZ_2M, PA, 2 * SZ_2M, prot, PT_PUD), -EEXIST);
	CHECK_EQ(pgtable_map_range(pgd, KVA + 4 * SZ_2M, PA, SZ_4K, prot, PT_PUD), -EEXIST);
	/* A range that is free until its last page: nothing of it may be mapped. */
	CHECK_EQ(pgtable_map_range(pgd, KVA + 3 * SZ_2M, PA, SZ_2M + SZ_4K, prot, PT_PUD), -EEXIST);
	check_census(pgd, PT_KERNEL, 1, 1, 2, 1, 1, 3);

	/* Right next to existing leaves is fine. */
	CHECK_EQ(pgtable_map_range(pgd, KVA + 2 * SZ_4K, PA, SZ_4K, prot, PT_PUD), 0);
	check_census(pgd, PT_KERNEL, 1, 1, 2, 1, 1, 4);
	free_root(pgd);
}

/* A slot that already holds a (here empty) table is filled with PTEs, never replaced. */
TEST(pgtable_map_descends_into_existing_table)
{
	pgd_t *pgd = new_root();
	pte_t *pte;

	CHECK_EQ(pgtable_map_range(pgd, KVA, PA, SZ_4K, kernel_rw(), PT_PUD), 0);
	pte = pte_offset(pmd_offset(pud_offset(pgd_offset_pgd(pgd, KVA), KVA), KVA), KVA);
	CHECK_EQ(pte_pfn(ptep_get(pte)), PHYS_PFN(PA));
	pte_clear(pte);
	map_and_expect(pgd, KVA, PA, SZ_2M, kernel_rw(), PT_PUD, 0, 0, 512);
	check_census(pgd, PT_KERNEL, 1, 1, 1, 0, 0, 512);
	free_root(pgd);
}

/*
 * Run the allocator dry, then give back `spare` pages, so that the next pt_alloc_table() calls
 * fail after that many. Returns the list of held pages (linked through their first word).
 */
static phys_addr_t hold_all_but(unsigned int spare)
{
	phys_addr_t held = 0, pa;

	while ((pa = pt_alloc_table())) {
		*(phys_addr_t *)__va(pa) = held;
		held = pa;
	}
	for (; spare && held; spare--) {
		pa = held;
		held = *(phys_addr_t *)__va(pa);
		pt_free_table(pa);
	}
	return held;
}

static void release_held(phys_addr_t held)
{
	while (held) {
		phys_addr_t pa = held;

		held = *(phys_addr_t *)__va(pa);
		pt_free_table(pa);
	}
}

/*
 * [KVA + 2M - 4K, KVA + 2M + 4K) needs a PUD, a PMD and two PTE tables. With three pages left
 * the first PTE is mapped and stays mapped when the second PTE table cannot be had.
 */
TEST(pgtable_map_enomem_keeps_what_was_mapped)
{
	pgd_t *pgd = new_root();
	phys_addr_t held = hold_all_but(3);
	unsigned long syncs = host_arch_calls.pgtable_sync;
	struct expect x = { .va = KVA + SZ_2M - SZ_4K, .pa = PA, .prot = kernel_rw() };

	x.next = x.va;
	CHECK_EQ(pgtable_map_range(pgd, x.va, PA, 2 * SZ_4K, kernel_rw(), PT_PUD), -ENOMEM);
	CHECK_EQ(host_arch_calls.pgtable_sync, syncs + 1);
	check_census(pgd, PT_KERNEL, 1, 1, 1, 0, 0, 1);
	CHECK_EQ(pgtable_walk(pgd, x.va, x.va + 2 * SZ_4K, &expect_ops, &x), 0);
	CHECK_EQ(x.leaves[PT_PTE], 1);
	CHECK_EQ(x.mismatches, 0);
	release_held(held);

	held = hold_all_but(0);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_1G, PA, SZ_4K, kernel_rw(), PT_PUD), -ENOMEM);
	check_census(pgd, PT_KERNEL, 1, 1, 1, 0, 0, 1);
	release_held(held);
	free_root(pgd);
}

struct walk_log {
	unsigned long calls;
	int stop_at; /* return `ret` from this call on (1-based) */
	int ret;
	unsigned long first_addr, first_next;
	unsigned long hole_bytes, leaf_bytes;
	unsigned long holes[4]; /* by enum pt_level */
};

static int log_leaf(struct walk_log *log, unsigned long addr, unsigned long next)
{
	if (!log->calls++) {
		log->first_addr = addr;
		log->first_next = next;
	}
	log->leaf_bytes += next - addr;
	return (int)log->calls >= log->stop_at ? log->ret : 0;
}

static int log_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	return log_leaf(priv, addr, next);
}

static int log_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	return log_leaf(priv, addr, next);
}

static int log_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return log_leaf(priv, addr, next);
}

static int log_hole(unsigned long addr, unsigned long next, enum pt_level level, void *priv)
{
	struct walk_log *log = priv;

	log->holes[level]++;
	log->hole_bytes += next - addr;
	return 0;
}

static const struct pt_walk_ops log_ops = {
	.pud_entry = log_pud,
	.pmd_entry = log_pmd,
	.pte_entry = log_pte,
	.pte_hole = log_hole,
};

TEST(pgtable_walk_stops_and_propagates_errors)
{
	pgd_t *pgd = new_root();
	struct walk_log log = { .stop_at = 3, .ret = 42 };

	CHECK_EQ(pgtable_map_range(pgd, KVA, PA, 8 * SZ_4K, kernel_rw(), PT_PUD), 0);
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_2M, PA, SZ_2M, kernel_rw(), PT_PUD), 0);
	CHECK_EQ(pgtable_walk(pgd, KVA, KVA + SZ_1G, &log_ops, &log), 42);
	CHECK_EQ(log.calls, 3);

	log = (struct walk_log){ .stop_at = 9, .ret = -EIO };
	CHECK_EQ(pgtable_walk(pgd, KVA, KVA + SZ_1G, &log_ops, &log), -EIO);
	CHECK_EQ(log.calls, 9); /* 8 PTEs, then the PMD leaf */
	CHECK_EQ(log.first_addr, KVA);

	log = (struct walk_log){ .stop_at = 100 };
	CHECK_EQ(pgtable_walk(pgd, KVA, KVA + SZ_1G, &log_ops, &log), 0);
	CHECK_EQ(log.calls, 9);

	CHECK_EQ(pgtable_walk(pgd, KVA, KVA, &log_ops, &log), -EINVAL);
	CHECK_EQ(pgtable_walk(pgd, USER_VA_END - SZ_4K, USER_VA_END + SZ_4K, &log_ops, &log),
		 -EINVAL);
	free_root(pgd);
}

/* A range starting inside leaves is clipped to it; holes and leaves cover the range exactly. */
TEST(pgtable_walk_clips_and_reports_holes)
{
	pgd_t *pgd = new_root();
	struct walk_log log = { .stop_at = 1000 };

	CHECK_EQ(pgtable_map_range(pgd, KVA, PA, SZ_1G, kernel_rw(), PT_PUD), 0);
	CHECK_EQ(pgtable_walk(pgd, KVA + SZ_4K, KVA + SZ_2M, &log_ops, &log), 0);
	CHECK_EQ(log.calls, 1);
	CHECK_EQ(log.first_addr, KVA + SZ_4K);
	CHECK_EQ(log.first_next, KVA + SZ_2M);

	/* One PTE in [KVA + 1G, +4M): 511 PTE holes, one PMD hole, then PUD holes. */
	CHECK_EQ(pgtable_map_range(pgd, KVA + SZ_1G, PA, SZ_4K, kernel_rw(), PT_PUD), 0);
	log = (struct walk_log){ .stop_at = 1000 };
	CHECK_EQ(pgtable_walk(pgd, KVA + SZ_1G, KVA + SZ_1G + 2 * SZ_2M, &log_ops, &log), 0);
	CHECK_EQ(log.calls, 1);
	CHECK_EQ(log.holes[PT_PTE], 511);
	CHECK_EQ(log.holes[PT_PMD], 1);
	CHECK_EQ(log.leaf_bytes + log.hole_bytes, 2 * SZ_2M);

	/* Across the whole upper half: one PGD-level hole per empty root slot. */
	log = (struct walk_log){ .stop_at = 1000 };
	CHECK_EQ(pgtable_walk(pgd, UPPER_HALF_START, 0, &log_ops, &log), 0);
	CHECK_EQ(log.holes[PT_PGD], PTRS_PER_TABLE / 2 - 1);
	CHECK_EQ(log.calls, 2);
	CHECK_EQ(log.leaf_bytes, SZ_1G + SZ_4K);
	CHECK_EQ(log.leaf_bytes + log.hole_bytes, 0 - UPPER_HALF_START);
	free_root(pgd);
}
