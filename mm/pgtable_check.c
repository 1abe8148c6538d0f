/* The page-table checker (mm/pgtable_check.h), on the read-only walker of mm/pgtable.c. */
#include "memlayout.h"
#include "mm/memory.h"
#include "mm/page_alloc.h"
#include "mm/pgtable_check.h"
#include "mm/vma.h"

struct check_state {
	struct mm_struct *const *mms; /* the address spaces whose mappings a page's count covers */
	unsigned int nr_mms;
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

/* How many normal PTEs map pfn: a second walk over the whole user half of each mm. */
static int count_pfn(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t entry = ptep_get(pte);
	unsigned long *want_and_count = priv;

	if (!pte_special(entry) && pte_pfn(entry) == want_and_count[0])
		want_and_count[1]++;
	return 0;
}

static unsigned long mapcount(const struct check_state *st, pfn_t pfn)
{
	static const struct pt_walk_ops ops = { .pte_entry = count_pfn };
	unsigned long want_and_count[2] = { pfn, 0 };

	for (unsigned int i = 0; i < st->nr_mms; i++)
		pgtable_walk(st->mms[i]->pgd, 0, USER_VA_END, &ops, want_and_count);
	return want_and_count[1];
}

/*
 * The page behind a normal PTE: it must exist, be referenced once per mapping, and, when the
 * entry is writable in a private VMA, by nothing else (copy-on-write).
 */
static void check_normal_page(struct check_state *st, unsigned long addr, pte_t entry)
{
	pfn_t pfn = pte_pfn(entry);
	unsigned long want, count;
	bool shared = st->vma->vm_flags & VM_SHARED;

	if (!pfn_valid(pfn) || PageReserved(pfn_to_page(pfn))) {
		check_fail(st, addr, "normal leaf without an allocated page");
		return;
	}
	count = page_count(pfn_to_page(pfn));
	want = mapcount(st, pfn) + (shared ? 1 : 0);
	if (count != want)
		check_fail(st, addr, "page refcount does not match its mappings");
	else if (!shared && pte_write(entry) && count != 1)
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
	else if (!pte_special(flags) && level != PT_PTE)
		check_fail(st, addr, "huge leaf without the special bit");
	else if (!pte_special(flags))
		check_normal_page(st, addr, flags);
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
		st.vma = first_vma(mms[i]);
		pgtable_walk(mms[i]->pgd, 0, USER_VA_END, &ops, &st);
	}
	for (unsigned int i = 0; i < nr; i++)
		pt_unlock(mms[i]);
	return rep->nr_errors;
}
