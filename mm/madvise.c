/* madvise (mm/madvise.h): one switch on the advice, then a walk over the VMAs of the range. */
#include <errno.h>

#include "mm/madvise.h"
#include "mm/memory.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/unmap.h"
#include "mm/vma.h"

/* Linux madvise_dontneed_free_valid_vma: a pfnmap's entries are not the kernel's to drop. */
static bool madvise_dontneed_valid_vma(const struct vm_area_struct *vma)
{
	return !(vma->vm_flags & VM_PFNMAP);
}

/*
 * What MADV_DONTNEED needs before it changes anything: every VMA of [start, end) valid for it,
 * and the tables for the splits at the range's edges in st (no leaf crosses a VMA's edge, so
 * only those can cut one). Returns 0, -EINVAL or -ENOMEM; st holds nothing after an error.
 */
static int madvise_dontneed_prepare(struct mm_struct *mm, unsigned long start, unsigned long end,
				    struct split_tables *st)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(mm, vma))
		if (!madvise_dontneed_valid_vma(vma))
			return -EINVAL;
	return split_tables_alloc(st, mm, split_tables_needed(mm, start, end, SPLIT_AT_BOTH));
}

/* Zap [start, end) of vma under its own notifier bracket and gather (Linux zap_page_range_single). */
static void madvise_dontneed(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
			     unsigned long end, struct split_tables *st)
{
	struct mmu_notifier_range range;
	struct mmu_gather tlb;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	tlb_gather_mmu(&tlb, mm);
	unmap_vma_range(&tlb, vma, start, end, st);
	tlb_finish_mmu(&tlb);
	mmu_notifier_invalidate_range_end(&range);
}

/* One VMA's part [start, end) of the range: what advice does to it. */
static int madvise_vma_behavior(struct mm_struct *mm, struct vm_area_struct **vma,
				unsigned long start, unsigned long end, int advice,
				struct split_tables *st)
{
	switch (advice) {
	case MADV_DONTNEED:
		madvise_dontneed(mm, *vma, start, end, st);
		return 0;
	default:
		return -EINVAL;
	}
}

static bool madvise_behavior_valid(int advice)
{
	switch (advice) {
	case MADV_DONTNEED:
		return true;
	default:
		return false;
	}
}

int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int advice)
{
	unsigned long end = start + ALIGN_UP(len, PAGE_SIZE), addr = start;
	struct split_tables st = { 0 };
	struct vm_area_struct *vma;
	int unmapped = 0, err;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !madvise_behavior_valid(advice))
		return -EINVAL;
	if (len && end <= start)
		return -EINVAL;
	INIT_LIST_HEAD(&st.tables);
	if (advice == MADV_DONTNEED && end > start) {
		err = madvise_dontneed_prepare(mm, start, end, &st);
		if (err)
			return err;
	}
	vma = find_vma(mm, start);
	while (addr < end) {
		if (!vma || vma->vm_start >= end) {
			unmapped = -ENOMEM;
			break;
		}
		if (vma->vm_start > addr) {
			unmapped = -ENOMEM;
			addr = vma->vm_start;
		}
		err = madvise_vma_behavior(mm, &vma, addr, MIN(end, vma->vm_end), advice, &st);
		if (err) {
			unmapped = err;
			break;
		}
		addr = vma->vm_end;
		vma = vma_next(mm, vma);
	}
	split_tables_free(&st, mm);
	return unmapped;
}
