/*
 * MMU notifiers (Linux include/linux/mmu_notifier.h): secondary MMUs (a device, a hypervisor's
 * second-stage tables, a translation cache) subscribe to an address space and are told before and
 * after every change that removes or weakens a translation, so they can drop what they cached.
 *
 *	mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION, mm, start, end);
 *	mmu_notifier_invalidate_range_start(&range);
 *	... change entries, gather the TLB flush ...
 *	mmu_notifier_invalidate_range_end(&range);
 *
 * Rule (docs/rules.md, R7): every such change is bracketed by a start/end pair over the range it
 * covers — mprotect per PUD range, munmap/zap per VMA range, clone's write-protection of the
 * source, a copy-on-write break per page. There is no lone "invalidate range" callback. Between
 * start and end a subscriber must not establish new translations for the range from the primary
 * tables (it may still fill from them after end).
 */
#ifndef PAGODA_MM_MMU_NOTIFIER_H
#define PAGODA_MM_MMU_NOTIFIER_H

#include "mm/mm_types.h"

enum mmu_notifier_event {
	MMU_NOTIFY_UNMAP,	 /* munmap, mm teardown: the range loses its VMA */
	MMU_NOTIFY_CLEAR,	 /* entries cleared but the VMA stays (zap, split refault) */
	MMU_NOTIFY_PROTECTION,	 /* mprotect weakens permissions */
	MMU_NOTIFY_CLONE_WRPROT, /* clone write-protects the source's private memory */
	MMU_NOTIFY_COW,		 /* a copy-on-write break replaces one page */
	MMU_NOTIFY_RELEASE,	 /* the whole mm is being destroyed */
};

struct mmu_notifier_range {
	struct mm_struct *mm;
	unsigned long start, end;
	enum mmu_notifier_event event;
};

struct mmu_notifier;

struct mmu_notifier_ops {
	/* Before entries of [range->start, range->end) change: drop cached translations. */
	void (*invalidate_range_start)(struct mmu_notifier *sub,
				       const struct mmu_notifier_range *range);
	/* After the change and its TLB flush. */
	void (*invalidate_range_end)(struct mmu_notifier *sub,
				     const struct mmu_notifier_range *range);
	/* The mm is being destroyed: no further callbacks will come. */
	void (*release)(struct mmu_notifier *sub, struct mm_struct *mm);
};

struct mmu_notifier {
	const struct mmu_notifier_ops *ops;
	struct mm_struct *mm;
	struct mmu_notifier *next;
};

/* Subscribe sub (ops set by the caller) to mm. Returns 0, or -EBUSY when sub is already on one. */
int mmu_notifier_register(struct mmu_notifier *sub, struct mm_struct *mm);
void mmu_notifier_unregister(struct mmu_notifier *sub);

static inline void mmu_notifier_range_init(struct mmu_notifier_range *range,
					   enum mmu_notifier_event event, struct mm_struct *mm,
					   unsigned long start, unsigned long end)
{
	range->mm = mm;
	range->start = start;
	range->end = end;
	range->event = event;
}

void mmu_notifier_invalidate_range_start(const struct mmu_notifier_range *range);
void mmu_notifier_invalidate_range_end(const struct mmu_notifier_range *range);
/* mm_destroy: tell every subscriber, then drop them all. */
void mmu_notifier_release(struct mm_struct *mm);

#endif
