/* The page-table checker (mm/pgtable_check.h), on the read-only walker of mm/pgtable.c. */
#include "memlayout.h"
#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "mm/pgtable_check.h"
#include "mm/vma.h"

struct check_state {
	struct mm_struct *const *mms; /* the address spaces whose mappings a page's count covers */
	unsigned int nr_mms;
	struct mm_struct *mm;	    /* the one being walked */
	struct vm_area_struct *vma; /* cursor: the first VMA that may hold the next leaf */
	struct pgtable_check_report *rep;
};

static void check_fail(struct check_state *st, unsigned long addr, const char *what)
{
	if (!st->rep->nr_errors++) {
		st->rep->first_error = what;
		st->rep->first_addr = addr;
	}
}

/* A second walk's tally: the normal leaves, of any level, whose pfn lies in [lo, hi). */
struct map_tally {
	pfn_t lo, hi;
	unsigned long n;
};

static int tally_leaf(struct map_tally *t, pte_t entry, pfn_t pfn)
{
	if (!pte_special(entry) && pfn >= t->lo && pfn < t->hi)
		t->n++;
	return 0;
}

static int tally_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	return tally_leaf(priv, pud_pte(pudp_get(pud)), pud_pfn(pudp_get(pud)));
}

static int tally_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	return tally_leaf(priv, pmd_pte(pmdp_get(pmd)), pmd_pfn(pmdp_get(pmd)));
}

static int tally_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return tally_leaf(priv, ptep_get(pte), pte_pfn(ptep_get(pte)));
}

/* How many normal leaves of mm map a page of [lo, hi): a walk over its whole user half. */
static unsigned long maps_in(struct mm_struct *mm, pfn_t lo, pfn_t hi)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = tally_pud,
		.pmd_entry = tally_pmd,
		.pte_entry = tally_pte,
	};
	struct map_tally t = { lo, hi, 0 };

	pgtable_walk(mm->pgd, 0, USER_VA_END, &ops, &t);
	return t.n;
}

/*
 * A huge normal leaf at level maps a compound page of exactly the leaf's order from its head,
 * or, once a larger leaf was split (a 1 GiB page into PMD leaves), an aligned part of a larger
 * compound page; physically aligned like the leaf either way.
 */
static bool huge_leaf_page_ok(const struct page *page, pfn_t pfn, enum pt_level level)
{
	unsigned int order = level == PT_PUD ? PUD_ORDER : PMD_ORDER;
	const struct page *head = compound_head(page);

	return PageHead(head) && compound_order(head) >= order && IS_ALIGNED(pfn, 1UL << order);
}

/*
 * The page behind a normal leaf (a whole compound page for a huge leaf, a page or a part of
 * one for a PTE): it must exist; its map count must equal the leaves mapping any page of its
 * allocation in every mm checked, and its refcount that plus one for a shared VMA's store;
 * when the leaf is writable in a private VMA, no other mm may map it (copy-on-write), nor
 * anything else when the leaf maps all of it.
 */
static void check_normal_page(struct check_state *st, unsigned long addr, enum pt_level level,
			      pte_t entry, pfn_t pfn)
{
	bool shared = st->vma->vm_flags & VM_SHARED;
	const struct page *page, *head;
	unsigned long total = 0, own;
	pfn_t lo;

	if (!pfn_valid(pfn) || PageReserved(pfn_to_page(pfn))) {
		check_fail(st, addr, "normal leaf without an allocated page");
		return;
	}
	page = pfn_to_page(pfn);
	if (level != PT_PTE && !huge_leaf_page_ok(page, pfn, level)) {
		check_fail(st, addr, "huge leaf without a compound page of its order");
		return;
	}
	head = compound_head(page);
	lo = page_to_pfn(head);
	own = maps_in(st->mm, lo, lo + (1UL << compound_order(head)));
	for (unsigned int i = 0; i < st->nr_mms; i++)
		total += st->mms[i] == st->mm ?
				 own :
				 maps_in(st->mms[i], lo, lo + (1UL << compound_order(head)));
	if ((unsigned long)page_mapcount(head) != total)
		check_fail(st, addr, "page mapcount does not match its mappings");
	else if ((unsigned long)page_count(head) != total + (shared ? 1 : 0))
		check_fail(st, addr, "page refcount does not match its mappings");
	else if (!shared && pte_write(entry) &&
		 (own != total ||
		  (pt_level_size(level) >> PAGE_SHIFT == 1UL << compound_order(head) && total != 1)))
		check_fail(st, addr, "writable private page mapped more than once");
}

/* Move the VMA cursor to the VMA holding [addr, next); false when no VMA holds all of it. */
static bool check_in_vma(struct check_state *st, unsigned long addr, unsigned long next)
{
	while (st->vma && st->vma->vm_end <= addr)
		st->vma = vma_next(st->vma->vm_mm, st->vma);
	if (!st->vma || addr < st->vma->vm_start) {
		check_fail(st, addr, "leaf outside any VMA");
		return false;
	}
	if (next > st->vma->vm_end) {
		check_fail(st, addr, "leaf crosses the end of its VMA");
		return false;
	}
	return true;
}

/* Every rule for one present leaf; flags is the leaf's protection as a PTE (special first). */
static int check_leaf(struct check_state *st, unsigned long addr, unsigned long next,
		      enum pt_level level, pte_t flags, pfn_t pfn)
{
	bool pfnmap;

	if (!check_in_vma(st, addr, next))
		return 0;
	pfnmap = st->vma->vm_flags & VM_PFNMAP;
	if (pte_special(flags) && !pfnmap)
		check_fail(st, addr, "special leaf outside a pfnmap VMA");
	else if (!pte_special(flags) && pfnmap)
		check_fail(st, addr, "normal leaf in a pfnmap VMA");
	else if (!pte_special(flags))
		check_normal_page(st, addr, level, flags, pfn);
	else if (pfn != st->vma->vm_pgoff + ((addr - st->vma->vm_start) >> PAGE_SHIFT))
		check_fail(st, addr, "pfnmap leaf not linear in vm_pgoff");
	return 0;
}

static int check_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t entry = pudp_get(pud);

	return check_leaf(priv, addr, next, PT_PUD, pud_pte(entry), pud_pfn(entry));
}

static int check_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t entry = pmdp_get(pmd);

	return check_leaf(priv, addr, next, PT_PMD, pmd_pte(entry), pmd_pfn(entry));
}

static int check_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t entry = ptep_get(pte);

	return check_leaf(priv, addr, next, PT_PTE, entry, pte_pfn(entry));
}

/*
 * Check mm's user half against the rules of pgtable_check.h; rep receives the number of broken
 * rules and the first one (a static string) with its address. Changes nothing; takes the
 * page-table lock. The refcount rule costs one extra walk per normal page: a test tool.
 * Returns rep->nr_errors.
 */
unsigned long pgtable_check(struct mm_struct *mm, struct pgtable_check_report *rep)
{
	return pgtable_check_mms(&mm, 1, rep);
}

/* The same over mms[0..nr), their errors added up in rep; takes every page-table lock. */
unsigned long pgtable_check_mms(struct mm_struct *const *mms, unsigned int nr,
				struct pgtable_check_report *rep)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = check_pud,
		.pmd_entry = check_pmd,
		.pte_entry = check_pte,
	};
	struct check_state st = { .mms = mms, .nr_mms = nr, .rep = rep };

	*rep = (struct pgtable_check_report){ 0 };
	for (unsigned int i = 0; i < nr; i++)
		pt_lock(mms[i]);
	for (unsigned int i = 0; i < nr; i++) {
		st.mm = mms[i];
		st.vma = first_vma(mms[i]);
		pgtable_walk(mms[i]->pgd, 0, USER_VA_END, &ops, &st);
	}
	for (unsigned int i = 0; i < nr; i++)
		pt_unlock(mms[i]);
	return rep->nr_errors;
}
