/*
 * Eager mapping of a physical range and the read-only page-table walker. Both are ladders of
 * same-shaped per-level loops bounded by pXd_addr_end(), as in Linux.
 */
#include <errno.h>

#include <tlbflush.h>

#include "memlayout.h"
#include "pgtable.h"

/*
 * [start, end) is a non-empty range inside one canonical half (end == 0 means up to 2^64).
 * Ranges crossing the non-canonical hole are refused: their pgd indexes would alias the other
 * half's.
 */
static bool va_range_ok(unsigned long start, unsigned long end)
{
	unsigned long last = end - 1;

	return last >= start && (last < LOWER_HALF_END || start >= UPPER_HALF_START);
}

/*
 * The huge-leaf rule, the one place it is stated: may one leaf at level map [addr, addr + the
 * level's size) to pa, when [addr, end) is what remains to map? Only if the level is at most
 * max_leaf (what the caller, CPU and mapping allow), addr and pa are both aligned to the level's
 * size, and the remaining range covers the whole leaf. Otherwise the caller descends a level.
 * Precondition: addr < end, or end == 0 for the top of the address space.
 */
bool pt_leaf_allowed(enum pt_level level, enum pt_level max_leaf, unsigned long addr,
		     unsigned long end, phys_addr_t pa)
{
	static const unsigned long leaf_size[] = {
		[PT_PTE] = PAGE_SIZE,
		[PT_PMD] = PMD_SIZE,
		[PT_PUD] = PUD_SIZE,
	};
	unsigned long size;

	if (level > max_leaf || level > PT_PUD)
		return false;
	size = leaf_size[level];
	return IS_ALIGNED(addr, size) && IS_ALIGNED(pa, size) && end - addr >= size;
}

/* What every level of one pgtable_map_range() call needs. */
struct map_req {
	pgprot_t prot;
	enum pt_level max_leaf;
	enum pt_owner owner;
	unsigned long *nr_tables; /* counts the tables allocated, or NULL */
};

/* A zeroed table for the ladder, counted for the owner; 0 when out of memory. */
static phys_addr_t map_alloc_table(const struct map_req *req)
{
	phys_addr_t table = pt_alloc_table();

	if (table && req->nr_tables)
		(*req->nr_tables)++;
	return table;
}

/*
 * pXd_ensure_table: give an empty entry a new zeroed next-level table. An entry that is not
 * empty already holds a table (pgtable_map_range() checked there are no leaves). Returns 0, or
 * -ENOMEM with the entry left empty.
 */
static int pgd_ensure_table(pgd_t *pgd, const struct map_req *req)
{
	phys_addr_t table;

	if (!pgd_none(pgdp_get(pgd)))
		return 0;
	table = map_alloc_table(req);
	if (!table)
		return -ENOMEM;
	set_pgd(pgd, pgd_mktable(table, req->owner));
	return 0;
}

static int pud_ensure_table(pud_t *pud, const struct map_req *req)
{
	phys_addr_t table;

	if (!pud_none(pudp_get(pud)))
		return 0;
	table = map_alloc_table(req);
	if (!table)
		return -ENOMEM;
	set_pud(pud, pud_mktable(table, req->owner));
	return 0;
}

static int pmd_ensure_table(pmd_t *pmd, const struct map_req *req)
{
	phys_addr_t table;

	if (!pmd_none(pmdp_get(pmd)))
		return 0;
	table = map_alloc_table(req);
	if (!table)
		return -ENOMEM;
	set_pmd(pmd, pmd_mktable(table, req->owner));
	return 0;
}

static void map_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end, phys_addr_t pa,
			  pgprot_t prot)
{
	pte_t *pte = pte_offset(pmd, addr);
	pfn_t pfn = PHYS_PFN(pa);

	do {
		set_pte(pte, pfn_pte(pfn, prot));
	} while (pte++, pfn++, addr += PAGE_SIZE, addr != end);
}

static int map_pmd_range(pud_t *pud, unsigned long addr, unsigned long end, phys_addr_t pa,
			 const struct map_req *req)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	do {
		next = pmd_addr_end(addr, end);
		if (pmd_none(pmdp_get(pmd)) &&
		    pt_leaf_allowed(PT_PMD, req->max_leaf, addr, end, pa)) {
			set_pmd(pmd, pfn_pmd(PHYS_PFN(pa), req->prot));
		} else {
			if (pmd_ensure_table(pmd, req))
				return -ENOMEM;
			map_pte_range(pmd, addr, next, pa, req->prot);
		}
		pa += next - addr;
	} while (pmd++, addr = next, addr != end);
	return 0;
}

static int map_pud_range(pgd_t *pgd, unsigned long addr, unsigned long end, phys_addr_t pa,
			 const struct map_req *req)
{
	pud_t *pud = pud_offset(pgd, addr);
	unsigned long next;
	int err;

	do {
		next = pud_addr_end(addr, end);
		if (pud_none(pudp_get(pud)) &&
		    pt_leaf_allowed(PT_PUD, req->max_leaf, addr, end, pa)) {
			set_pud(pud, pfn_pud(PHYS_PFN(pa), req->prot));
		} else {
			if (pud_ensure_table(pud, req))
				return -ENOMEM;
			err = map_pmd_range(pud, addr, next, pa, req);
			if (err)
				return err;
		}
		pa += next - addr;
	} while (pud++, addr = next, addr != end);
	return 0;
}

static int map_pgd_range(pgd_t *pgd, unsigned long addr, unsigned long end, phys_addr_t pa,
			 const struct map_req *req)
{
	pgd_t *entry = pgd_offset_pgd(pgd, addr);
	unsigned long next;
	int err;

	do {
		next = pgd_addr_end(addr, end);
		if (pgd_ensure_table(entry, req))
			return -ENOMEM;
		err = map_pud_range(entry, addr, next, pa, req);
		if (err)
			return err;
		pa += next - addr;
	} while (entry++, addr = next, addr != end);
	return 0;
}

static int pud_exists(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	return -EEXIST;
}

static int pmd_exists(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	return -EEXIST;
}

static int pte_exists(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return -EEXIST;
}

/*
 * Everything pgtable_map_range() refuses, checked before anything changes. The walk itself
 * refuses (-EINVAL) an empty range or one not inside a canonical half.
 */
static int map_range_check(pgd_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
			   enum pt_level max_leaf)
{
	static const struct pt_walk_ops any_leaf = {
		.pud_entry = pud_exists,
		.pmd_entry = pmd_exists,
		.pte_entry = pte_exists,
	};
	const phys_addr_t pa_limit = 1UL << PHYS_MASK_SHIFT;

	if (max_leaf > PT_PUD || !IS_ALIGNED(va | pa | size, PAGE_SIZE) || pa > pa_limit ||
	    size > pa_limit - pa)
		return -EINVAL;
	return pgtable_walk(pgd, va, va + size, &any_leaf, NULL);
}

/*
 * Map [va, va + size) to [pa, pa + size) with prot in the tables rooted at pgd (virtual address
 * of the root), using leaves up to max_leaf wherever pt_leaf_allowed() says so; a slot that
 * already holds a table is descended into rather than replaced. Missing tables come from
 * pt_alloc_table(); those for the lower half (va < USER_VA_END) are user tables. Ends with
 * pgtable_sync(); no TLB flush is needed since only empty entries are filled.
 *
 * Returns 0, or:
 *   -EINVAL  va, pa or size not page-aligned, size 0, the range not inside one canonical half,
 *            pa + size beyond the physical address width, or max_leaf not a leaf level.
 *            Nothing changed.
 *   -EEXIST  a present leaf (protnone included) lies in the range. Nothing changed.
 *   -ENOMEM  a table could not be allocated. What was mapped up to that point stays mapped and
 *            the tables allocated so far stay in place. A retry over the same range fails
 *            with -EEXIST once any leaf was mapped: unmap first.
 */
int pgtable_map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
		      pgprot_t prot, enum pt_level max_leaf)
{
	return pgtable_map_range_counted(pgd, va, pa, size, prot, max_leaf, NULL);
}

int pgtable_map_range_counted(pgd_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
			      pgprot_t prot, enum pt_level max_leaf, unsigned long *nr_tables)
{
	struct map_req req = {
		.prot = prot,
		.max_leaf = max_leaf,
		.owner = va < USER_VA_END ? PT_USER : PT_KERNEL,
		.nr_tables = nr_tables,
	};
	int err = map_range_check(pgd, va, pa, size, max_leaf);

	if (err)
		return err;
	err = map_pgd_range(pgd, va, va + size, pa, &req);
	pgtable_sync();
	return err;
}

static int walk_hole(unsigned long addr, unsigned long next, enum pt_level level,
		     const struct pt_walk_ops *ops, void *priv)
{
	return ops->pte_hole ? ops->pte_hole(addr, next, level, priv) : 0;
}

static int walk_pte_range(const pmd_t *pmd, unsigned long addr, unsigned long end,
			  const struct pt_walk_ops *ops, void *priv)
{
	const pte_t *pte = pte_offset(pmd, addr);
	int err;

	do {
		unsigned long next = addr + PAGE_SIZE;

		if (!pte_present(ptep_get(pte)))
			err = walk_hole(addr, next, PT_PTE, ops, priv);
		else
			err = ops->pte_entry ? ops->pte_entry(pte, addr, next, priv) : 0;
		if (err)
			return err;
	} while (pte++, addr += PAGE_SIZE, addr != end);
	return 0;
}

static int walk_pmd_range(const pud_t *pud, unsigned long addr, unsigned long end,
			  const struct pt_walk_ops *ops, void *priv)
{
	const pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;
	int err;

	do {
		pmd_t entry = pmdp_get(pmd);

		next = pmd_addr_end(addr, end);
		if (!pmd_present(entry))
			err = walk_hole(addr, next, PT_PMD, ops, priv);
		else if (pmd_leaf(entry))
			err = ops->pmd_entry ? ops->pmd_entry(pmd, addr, next, priv) : 0;
		else
			err = walk_pte_range(pmd, addr, next, ops, priv);
		if (err)
			return err;
	} while (pmd++, addr = next, addr != end);
	return 0;
}

static int walk_pud_range(const pgd_t *pgd, unsigned long addr, unsigned long end,
			  const struct pt_walk_ops *ops, void *priv)
{
	const pud_t *pud = pud_offset(pgd, addr);
	unsigned long next;
	int err;

	do {
		pud_t entry = pudp_get(pud);

		next = pud_addr_end(addr, end);
		if (!pud_present(entry))
			err = walk_hole(addr, next, PT_PUD, ops, priv);
		else if (pud_leaf(entry))
			err = ops->pud_entry ? ops->pud_entry(pud, addr, next, priv) : 0;
		else
			err = walk_pmd_range(pud, addr, next, ops, priv);
		if (err)
			return err;
	} while (pud++, addr = next, addr != end);
	return 0;
}

/*
 * Call ops for every present leaf and every hole in [start, end) of the tables rooted at pgd, in
 * address order (struct pt_walk_ops gives the callback and return rules). Changes nothing.
 * Returns 0 when the walk ran to the end, the first non-zero callback result, or -EINVAL when
 * [start, end) is empty or not inside one canonical half (end == 0 means up to 2^64).
 */
int pgtable_walk(pgd_t *pgd, unsigned long start, unsigned long end, const struct pt_walk_ops *ops,
		 void *priv)
{
	const pgd_t *entry = pgd_offset_pgd(pgd, start);
	unsigned long addr = start, next;
	int err;

	if (!va_range_ok(start, end))
		return -EINVAL;
	do {
		next = pgd_addr_end(addr, end);
		if (!pgd_present(pgdp_get(entry)))
			err = walk_hole(addr, next, PT_PGD, ops, priv);
		else
			err = walk_pud_range(entry, addr, next, ops, priv);
		if (err)
			return err;
	} while (entry++, addr = next, addr != end);
	return 0;
}
