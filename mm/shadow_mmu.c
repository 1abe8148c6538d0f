/* The secondary-MMU subscriber (mm/shadow_mmu.h). */
#include <errno.h>
#include <string.h>

#include "lib.h"
#include "mm/follow.h"
#include "mm/memory.h"
#include "mm/shadow_mmu.h"
#include "mm/vma.h"

static const char *const event_names[SHADOW_NR_EVENTS] = {
	[MMU_NOTIFY_UNMAP] = "unmap",
	[MMU_NOTIFY_CLEAR] = "clear",
	[MMU_NOTIFY_PROTECTION] = "protection",
	[MMU_NOTIFY_CLONE_WRPROT] = "clone-wrprotect",
	[MMU_NOTIFY_COW] = "cow",
	[MMU_NOTIFY_RELEASE] = "release",
};

static struct shadow_mmu *to_shadow(struct mmu_notifier *mn)
{
	return container_of(mn, struct shadow_mmu, mn);
}

/* The one slot a leaf of this level at va (aligned) may occupy: a multiplicative hash. */
static struct shadow_entry *shadow_slot(struct shadow_mmu *s, unsigned long va, enum pt_level level)
{
	unsigned long key = (va >> PAGE_SHIFT) ^ level;

	return &s->slots[(key * 0x9e3779b97f4a7c15UL) >> (64 - SHADOW_MMU_BITS)];
}

static bool entry_overlaps(const struct shadow_entry *e, unsigned long start, unsigned long end)
{
	return e->valid && e->va < end && start < e->va + shadow_entry_size(e);
}

static void shadow_drop_range(struct shadow_mmu *s, unsigned long start, unsigned long end)
{
	for (unsigned int i = 0; i < SHADOW_MMU_SLOTS; i++)
		if (entry_overlaps(&s->slots[i], start, end)) {
			s->slots[i].valid = false;
			s->stats.dropped++;
		}
}

/* The cached leaf that maps va, trying each leaf size. NULL on a miss. */
static struct shadow_entry *shadow_lookup(struct shadow_mmu *s, unsigned long va)
{
	static const enum pt_level levels[] = { PT_PUD, PT_PMD, PT_PTE };

	for (unsigned int i = 0; i < ARRAY_SIZE(levels); i++) {
		unsigned long base = ALIGN_DOWN(va, pt_level_size(levels[i]));
		struct shadow_entry *e = shadow_slot(s, base, levels[i]);

		if (e->valid && e->va == base && e->level == levels[i])
			return e;
	}
	return NULL;
}

/*
 * Fill e from the anonymous leaf at level (PTE view) that maps addr: a transparent huge page is
 * cached at its own size, as KVM maps a THP with a huge stage-2 entry.
 */
static int shadow_fill_anon(struct shadow_entry *e, unsigned long addr, pte_t entry, pfn_t pfn,
			    enum pt_level level)
{
	if (pte_protnone(entry))
		return -EFAULT;
	e->level = level;
	e->va = ALIGN_DOWN(addr, shadow_entry_size(e));
	e->pfn = pfn;
	e->writable = pte_write(entry);
	return 1;
}

static int shadow_walk_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t entry = pudp_get(pud);

	return shadow_fill_anon(priv, addr, pud_pte(entry), pud_pfn(entry), PT_PUD);
}

static int shadow_walk_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t entry = pmdp_get(pmd);

	return shadow_fill_anon(priv, addr, pmd_pte(entry), pmd_pfn(entry), PT_PMD);
}

static int shadow_walk_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t entry = ptep_get(pte);

	return shadow_fill_anon(priv, addr, entry, pte_pfn(entry), PT_PTE);
}

static int shadow_walk_anon(struct mm_struct *mm, unsigned long va, struct shadow_entry *e)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = shadow_walk_pud,
		.pmd_entry = shadow_walk_pmd,
		.pte_entry = shadow_walk_pte,
	};
	int ret;

	pt_lock(mm);
	ret = pgtable_walk(mm->pgd, va & PAGE_MASK, (va & PAGE_MASK) + PAGE_SIZE, &ops, e);
	pt_unlock(mm);
	return ret == 1 ? 0 : -EFAULT;
}

static int shadow_walk_pfnmap(struct vm_area_struct *vma, unsigned long va, struct shadow_entry *e)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = va };
	int err = -EFAULT;

	if (follow_pfnmap_start(&args))
		return -EFAULT;
	if (!pte_protnone(pfn_pte(0, args.pgprot))) {
		e->level = args.level;
		e->va = ALIGN_DOWN(va, shadow_entry_size(e));
		e->pfn = args.pfn - ((va - e->va) >> PAGE_SHIFT);
		e->writable = args.writable;
		err = 0;
	}
	follow_pfnmap_end(&args);
	return err;
}

/* What the primary maps at va, as a leaf-sized entry: 0, or -EFAULT when nothing usable. */
static int shadow_walk(struct mm_struct *mm, unsigned long va, struct shadow_entry *e)
{
	struct vm_area_struct *vma = find_vma(mm, va);

	if (!vma || va < vma->vm_start)
		return -EFAULT;
	if (vma->vm_flags & (VM_IO | VM_PFNMAP))
		return shadow_walk_pfnmap(vma, va, e);
	return shadow_walk_anon(mm, va, e);
}

static bool invalidating(const struct shadow_mmu *s, unsigned long start, unsigned long end)
{
	return s->inv_active && s->inv_start < end && start < s->inv_end;
}

int shadow_mmu_translate(struct shadow_mmu *s, unsigned long va, enum fault_access access,
			 pfn_t *pfn)
{
	bool write = access == FAULT_WRITE;
	struct shadow_entry *e = shadow_lookup(s, va), fresh;
	int err;

	if (!s->mn.mm)
		return -ENXIO;
	if (e && (e->writable || !write)) {
		s->stats.hits++;
		*pfn = e->pfn + ((va - e->va) >> PAGE_SHIFT);
		return 0;
	}
	err = shadow_walk(s->mn.mm, va, &fresh);
	if (err)
		return err;
	/* The whole leaf, not just va's page, is what would be cached. */
	if (invalidating(s, fresh.va, fresh.va + shadow_entry_size(&fresh))) {
		s->stats.refused++;
		return -EAGAIN;
	}
	if (write && !fresh.writable)
		return -EFAULT;
	fresh.valid = true;
	*shadow_slot(s, fresh.va, fresh.level) = fresh;
	s->stats.fills++;
	*pfn = fresh.pfn + ((va - fresh.va) >> PAGE_SHIFT);
	return 0;
}

static void shadow_invalidate_start(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct shadow_mmu *s = to_shadow(mn);

	s->stats.starts++;
	s->stats.events[range->event]++;
	if (s->inv_active++) {
		s->inv_start = MIN(s->inv_start, range->start);
		s->inv_end = MAX(s->inv_end, range->end);
	} else {
		s->inv_start = range->start;
		s->inv_end = range->end;
	}
	shadow_drop_range(s, range->start, range->end);
}

static void shadow_invalidate_end(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct shadow_mmu *s = to_shadow(mn);

	s->stats.ends++;
	if (s->inv_active)
		s->inv_active--;
}

static void shadow_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct shadow_mmu *s = to_shadow(mn);

	s->stats.releases++;
	s->stats.events[MMU_NOTIFY_RELEASE]++;
	s->inv_active = 0;
	shadow_drop_range(s, 0, ~0UL);
}

static const struct mmu_notifier_ops shadow_mmu_ops = {
	.invalidate_range_start = shadow_invalidate_start,
	.invalidate_range_end = shadow_invalidate_end,
	.release = shadow_release,
};

void shadow_mmu_init(struct shadow_mmu *s)
{
	memset(s, 0, sizeof(*s));
	s->mn.ops = &shadow_mmu_ops;
}

int shadow_mmu_attach(struct shadow_mmu *s, struct mm_struct *mm)
{
	return mmu_notifier_register(&s->mn, mm);
}

void shadow_mmu_detach(struct shadow_mmu *s)
{
	mmu_notifier_unregister(&s->mn);
	s->inv_active = 0;
	for (unsigned int i = 0; i < SHADOW_MMU_SLOTS; i++)
		s->slots[i].valid = false;
}

unsigned int shadow_mmu_nr_cached(const struct shadow_mmu *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < SHADOW_MMU_SLOTS; i++)
		n += s->slots[i].valid;
	return n;
}

void shadow_mmu_report(const struct shadow_mmu *s, void (*emit)(const char *line, void *priv),
		       void *priv)
{
	const struct shadow_mmu_stats *st = &s->stats;
	char line[SHADOW_MMU_LINE_MAX];

	ksnprintf(line, sizeof(line), "starts %lu ends %lu releases %lu open %u", st->starts,
		  st->ends, st->releases, s->inv_active);
	emit(line, priv);
	for (unsigned int ev = 0; ev < SHADOW_NR_EVENTS; ev++) {
		ksnprintf(line, sizeof(line), "  %-15s %lu", event_names[ev], st->events[ev]);
		emit(line, priv);
	}
	ksnprintf(line, sizeof(line), "cached %u hits %lu fills %lu refused %lu dropped %lu",
		  shadow_mmu_nr_cached(s), st->hits, st->fills, st->refused, st->dropped);
	emit(line, priv);
}
