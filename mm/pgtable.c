/*
 * Eager mapping of a physical range and the read-only page-table walker. Both are ladders of
 * same-shaped per-level loops bounded by pXd_addr_end(), as in Linux.
 */
#include <errno.h>

#include <tlbflush.h>

#include "memlayout.h"
#include "mm/mm_types.h"
#include "pgalloc.h"
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

/*
 * A zeroed table page charged to mm (its nr_pgtables), or, for a NULL mm, a kernel table no
 * address space owns (the loader's, ioremap's). 0 when out of memory.
 */
phys_addr_t mm_alloc_table(struct mm_struct *mm)
{
	phys_addr_t table = pt_alloc_table();

	if (table && mm)
		mm->nr_pgtables++;
	return table;
}

/* A table reached from the lower half is a user table (x86 needs U/S at every level). */
static enum pt_owner table_owner(unsigned long addr)
{
	return addr < USER_VA_END ? PT_USER : PT_KERNEL;
}

/*
 * pXd_alloc (Linux pud_alloc/pmd_alloc/pte_alloc), the one table-install family: the entry for
 * addr in the next-level table under *parent, giving an empty *parent a new zeroed table first
 * (mm_alloc_table(mm), published with pXd_populate()). Precondition: *parent is empty or a
 * table, never a leaf. Returns NULL when out of memory, with *parent left empty.
 */
pud_t *pud_alloc(struct mm_struct *mm, pgd_t *pgd, unsigned long addr)
{
	if (pgd_none(pgdp_get(pgd))) {
		phys_addr_t table = mm_alloc_table(mm);

		if (!table)
			return NULL;
		pgd_populate(pgd, table, table_owner(addr));
	}
	return pud_offset(pgd, addr);
}

pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr)
{
	if (pud_none(pudp_get(pud))) {
		phys_addr_t table = mm_alloc_table(mm);

		if (!table)
			return NULL;
		pud_populate(pud, table, table_owner(addr));
	}
	return pmd_offset(pud, addr);
}

pte_t *pte_alloc(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	if (pmd_none(pmdp_get(pmd))) {
		phys_addr_t table = mm_alloc_table(mm);

		if (!table)
			return NULL;
		pmd_populate(pmd, table, table_owner(addr));
	}
	return pte_offset(pmd, addr);
}

/* What every level of one pgtable_map_range() call needs. */
struct map_req {
	pgprot_t prot;
	enum pt_level max_leaf;
	struct mm_struct *mm; /* charged for the tables allocated, or NULL */
};

static void map_pte_range(pte_t *pte, unsigned long addr, unsigned long end, phys_addr_t pa,
			  pgprot_t prot)
{
	pfn_t pfn = PHYS_PFN(pa);

	do {
		set_pte(pte, pfn_pte(pfn, prot));
	} while (pte++, pfn++, addr += PAGE_SIZE, addr != end);
}

static int map_pmd_range(pmd_t *pmd, unsigned long addr, unsigned long end, phys_addr_t pa,
			 const struct map_req *req)
{
	unsigned long next;
	pte_t *pte;

	do {
		next = pmd_addr_end(addr, end);
		if (pmd_none(pmdp_get(pmd)) &&
		    pt_leaf_allowed(PT_PMD, req->max_leaf, addr, end, pa)) {
			set_pmd(pmd, pfn_pmd(PHYS_PFN(pa), req->prot));
		} else {
			pte = pte_alloc(req->mm, pmd, addr);
			if (!pte)
				return -ENOMEM;
			map_pte_range(pte, addr, next, pa, req->prot);
		}
		pa += next - addr;
	} while (pmd++, addr = next, addr != end);
	return 0;
}

static int map_pud_range(pud_t *pud, unsigned long addr, unsigned long end, phys_addr_t pa,
			 const struct map_req *req)
{
	unsigned long next;
	pmd_t *pmd;
	int err;

	do {
		next = pud_addr_end(addr, end);
		if (pud_none(pudp_get(pud)) &&
		    pt_leaf_allowed(PT_PUD, req->max_leaf, addr, end, pa)) {
			set_pud(pud, pfn_pud(PHYS_PFN(pa), req->prot));
		} else {
			pmd = pmd_alloc(req->mm, pud, addr);
			if (!pmd)
				return -ENOMEM;
			err = map_pmd_range(pmd, addr, next, pa, req);
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
	pud_t *pud;
	int err;

	do {
		next = pgd_addr_end(addr, end);
		pud = pud_alloc(req->mm, entry, addr);
		if (!pud)
			return -ENOMEM;
		err = map_pud_range(pud, addr, next, pa, req);
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
 * pud_alloc()/pmd_alloc()/pte_alloc() as kernel tables no address space owns; those for the lower
 * half (va < USER_VA_END) are user tables. Ends with pgtable_sync(); no TLB flush is needed since
 * only empty entries are filled.
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
static int map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
		     const struct map_req *req)
{
	int err = map_range_check(pgd, va, pa, size, req->max_leaf);

	if (err)
		return err;
	err = map_pgd_range(pgd, va, va + size, pa, req);
	pgtable_sync();
	return err;
}

int pgtable_map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa, unsigned long size,
		      pgprot_t prot, enum pt_level max_leaf)
{
	const struct map_req req = { .prot = prot, .max_leaf = max_leaf };

	return map_range(pgd, va, pa, size, &req);
}

int pgtable_map_range_mm(struct mm_struct *mm, unsigned long va, phys_addr_t pa, unsigned long size,
			 pgprot_t prot, enum pt_level max_leaf)
{
	const struct map_req req = { .prot = prot, .max_leaf = max_leaf, .mm = mm };

	return map_range(mm->pgd, va, pa, size, &req);
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
