/*
 * A secondary-MMU subscriber (the hook a device IOMMU or a hypervisor's second-stage tables would
 * use, Linux's mmu_interval_notifier users in miniature): it keeps its own translation cache of
 * one address space, filled on demand from the primary page tables (follow_pfnmap for pfnmaps, a
 * read-only walk for anonymous memory) and emptied through MMU notifiers.
 *
 *	struct shadow_mmu *s = kzalloc(sizeof(*s));
 *
 *	shadow_mmu_init(s);
 *	shadow_mmu_attach(s, mm);
 *	shadow_mmu_translate(s, va, FAULT_WRITE, &pfn);   fill or hit
 *	... munmap / mprotect / clone drop what they weaken ...
 *	shadow_mmu_detach(s);                              (or mm_destroy: ->release)
 *
 * Guarantee (docs/rules.md, R7, seen from the subscriber's side): the cache never holds a
 * translation the primary no longer allows — invalidate_range_start drops every cached entry
 * overlapping the range, and until the matching end no fill for that range is accepted.
 *
 * Locking: one CPU; translate takes the mm's page-table lock for its walk, so it must not be
 * called with it held.
 */
#ifndef PAGODA_MM_SHADOW_MMU_H
#define PAGODA_MM_SHADOW_MMU_H

#include "arch.h"
#include "mm/mmu_notifier.h"
#include "mm/pgtable.h"

#define SHADOW_MMU_BITS 8
#define SHADOW_MMU_SLOTS (1U << SHADOW_MMU_BITS)

/* One cached translation: the primary's leaf at va (aligned to the leaf size). */
struct shadow_entry {
	unsigned long va;
	pfn_t pfn;	     /* of the leaf's first page */
	enum pt_level level; /* PT_PTE, PT_PMD or PT_PUD */
	bool writable;
	bool valid;
};

#define SHADOW_NR_EVENTS (MMU_NOTIFY_RELEASE + 1)

struct shadow_mmu_stats {
	unsigned long starts, ends, releases;
	unsigned long events[SHADOW_NR_EVENTS]; /* starts by enum mmu_notifier_event */
	unsigned long hits, fills;
	unsigned long refused; /* fills refused inside an open bracket */
	unsigned long dropped; /* cached entries dropped by invalidate_range_start */
};

struct shadow_mmu {
	struct mmu_notifier mn;
	/* Open brackets: how many, and the union of their ranges (Linux KVM's scheme). */
	unsigned int inv_active;
	unsigned long inv_start, inv_end;
	struct shadow_mmu_stats stats;
	struct shadow_entry slots[SHADOW_MMU_SLOTS]; /* direct-mapped by (leaf va, level) */
};

/* Empty cache, zero counts, not attached. */
void shadow_mmu_init(struct shadow_mmu *s);

/* Subscribe s to mm. Returns 0, or -EBUSY when s is attached already. */
int shadow_mmu_attach(struct shadow_mmu *s, struct mm_struct *mm);

/* Unsubscribe s and empty its cache; the counts stay. Nothing happens when s is not attached. */
void shadow_mmu_detach(struct shadow_mmu *s);

/*
 * Translate va for an access by the secondary MMU (FAULT_WRITE needs a writable translation;
 * FAULT_READ and FAULT_EXEC take any, the secondary has no execute permission): from the cache,
 * else from the primary tables (filling the cache). Nothing is faulted in: the caller handles a
 * miss in the primary with handle_mm_fault() and retries, as a device driver would.
 *
 * Returns 0 with *pfn set, or:
 *   -ENXIO   s is not attached (never was, detached, or its mm was destroyed);
 *   -EAGAIN  an invalidation over va is in progress (between start and end): retry after it;
 *   -EFAULT  the primary has no translation for va allowing the access (none, PROT_NONE, or
 *            read-only for a write).
 */
int shadow_mmu_translate(struct shadow_mmu *s, unsigned long va, enum fault_access access,
			 pfn_t *pfn);

/* Cached entries that are valid now. */
unsigned int shadow_mmu_nr_cached(const struct shadow_mmu *s);

static inline unsigned long shadow_entry_size(const struct shadow_entry *e)
{
	return pt_level_size(e->level);
}

#define SHADOW_MMU_LINE_MAX 96

/* The counts as a few text lines (no '\n'), one call of emit each: for tests and the shell. */
void shadow_mmu_report(const struct shadow_mmu *s, void (*emit)(const char *line, void *priv),
		       void *priv);

#endif
