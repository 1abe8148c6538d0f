/* MMU notifier subscriptions and delivery (mm/mmu_notifier.h). */
#include <errno.h>

#include "mm/mmu_notifier.h"

int mmu_notifier_register(struct mmu_notifier *sub, struct mm_struct *mm)
{
	if (sub->mm)
		return -EBUSY;
	sub->mm = mm;
	sub->next = mm->notifiers;
	mm->notifiers = sub;
	return 0;
}

void mmu_notifier_unregister(struct mmu_notifier *sub)
{
	struct mmu_notifier **link;

	if (!sub->mm)
		return;
	for (link = &sub->mm->notifiers; *link; link = &(*link)->next)
		if (*link == sub) {
			*link = sub->next;
			break;
		}
	sub->mm = NULL;
	sub->next = NULL;
}

void mmu_notifier_invalidate_range_start(const struct mmu_notifier_range *range)
{
	for (struct mmu_notifier *sub = range->mm->notifiers; sub; sub = sub->next)
		if (sub->ops->invalidate_range_start)
			sub->ops->invalidate_range_start(sub, range);
}

void mmu_notifier_invalidate_range_end(const struct mmu_notifier_range *range)
{
	for (struct mmu_notifier *sub = range->mm->notifiers; sub; sub = sub->next)
		if (sub->ops->invalidate_range_end)
			sub->ops->invalidate_range_end(sub, range);
}

void mmu_notifier_release(struct mm_struct *mm)
{
	while (mm->notifiers) {
		struct mmu_notifier *sub = mm->notifiers;

		mmu_notifier_unregister(sub);
		if (sub->ops->release)
			sub->ops->release(sub, mm);
	}
}
