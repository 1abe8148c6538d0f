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
 * What advice needs before it changes anything: for MADV_DONTNEED every VMA of [start, end)
 * valid for it; for every advice the tables for the huge-leaf splits at the range's edges in st
 * (no leaf crosses a VMA's edge, so only those can cut one: DONTNEED zaps part of a leaf there,
 * HUGEPAGE/NOHUGEPAGE cut the VMA there). Returns 0, -EINVAL or -ENOMEM; st holds nothing after
 * an error.
 */
static int madvise_prepare(struct mm_struct *mm, unsigned long start, unsigned long end, int advice,
			   struct split_tables *st)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(mm, vma))
		if (advice == MADV_DONTNEED && !madvise_dontneed_valid_vma(vma))
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

/* The vm_flags advice gives a VMA (Linux hugepage_madvise). */
static unsigned long hugepage_flags(unsigned long vm_flags, int advice)
{
	if (advice == MADV_HUGEPAGE)
		return (vm_flags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
	return (vm_flags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
}

/*
 * Split vma at addr, then any huge leaf across addr with tables from st: no leaf may cross a
 * VMA's edge. Returns 0, or -ENOMEM with nothing changed (the VMA is allocated first, and the
 * leaf splits cannot fail).
 */
static int madvise_split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
			     struct split_tables *st)
{
	struct mmu_gather tlb;
	int err = split_vma(mm, vma, addr);

	if (err)
		return err;
	pt_lock(mm);
	tlb_gather_mmu(&tlb, mm);
	split_huge_leaves_at(&tlb, addr, st);
	tlb_finish_mmu(&tlb);
	pgtable_sync();
	pt_unlock(mm);
	return 0;
}

/*
 * Give [start, end) of *vma (the part of it inside the range) newflags: split off what lies
 * outside, then merge with alike neighbours (Linux madvise_update_vma). *vma becomes the VMA
 * that covers [start, end). Returns 0, or -ENOMEM when a VMA for a split cannot be allocated
 * (the VMAs as they were, but for a first split already done).
 */
static int madvise_update_vma(struct mm_struct *mm, struct vm_area_struct **vma,
			      unsigned long start, unsigned long end, unsigned long newflags,
			      struct split_tables *st)
{
	int err;

	if (newflags == (*vma)->vm_flags)
		return 0;
	if (start > (*vma)->vm_start) {
		err = madvise_split_vma(mm, *vma, start, st);
		if (err)
			return err;
		*vma = vma_next(mm, *vma);
	}
	if (end < (*vma)->vm_end) {
		err = madvise_split_vma(mm, *vma, end, st);
		if (err)
			return err;
	}
	(*vma)->vm_flags = newflags;
	*vma = vma_merge_neighbours(mm, *vma);
	return 0;
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
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
		return madvise_update_vma(mm, vma, start, end,
					  hugepage_flags((*vma)->vm_flags, advice), st);
	default:
		return -EINVAL;
	}
}

static bool madvise_behavior_valid(int advice)
{
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
		return true;
	default:
		return false;
	}
}

int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int advice)
{
	unsigned long end = start + ALIGN_UP(len, PAGE_SIZE), addr = start;
	struct split_tables st;
	struct vm_area_struct *vma;
	int unmapped = 0, err;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !madvise_behavior_valid(advice))
		return -EINVAL;
	if (len && end <= start)
		return -EINVAL;
	if (end == start)
		return 0;
	err = madvise_prepare(mm, start, end, advice, &st);
	if (err)
		return err;
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
