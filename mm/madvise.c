/* madvise (mm/madvise.h): one switch on the advice, then a walk over the VMAs of the range. */
#include <errno.h>

#include "mm/madvise.h"
#include "mm/memory.h"
#include "mm/vma.h"

/* The vm_flags advice gives a VMA (Linux hugepage_madvise). */
static unsigned long hugepage_flags(unsigned long vm_flags, int advice)
{
	if (advice == MADV_HUGEPAGE)
		return (vm_flags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
	return (vm_flags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
}

/*
 * Split *vma at addr, and first any huge leaf across addr: no leaf may cross a VMA's edge.
 * Returns 0 or -ENOMEM (a leaf split already done stays: same pfns, same protection).
 */
static int madvise_split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	int err = split_huge_leaves_at(mm, addr);

	return err ? err : split_vma(mm, vma, addr);
}

/*
 * Give [start, end) of *vma (the part of it inside the range) newflags: split off what lies
 * outside, then merge with alike neighbours (Linux madvise_update_vma). *vma becomes the VMA
 * that covers [start, end). Returns 0, or -ENOMEM when a split cannot be allocated (the VMAs
 * as they were, but for a first split already done).
 */
static int madvise_update_vma(struct mm_struct *mm, struct vm_area_struct **vma,
			      unsigned long start, unsigned long end, unsigned long newflags)
{
	int err;

	if (newflags == (*vma)->vm_flags)
		return 0;
	if (start > (*vma)->vm_start) {
		err = madvise_split_vma(mm, *vma, start);
		if (err)
			return err;
		*vma = vma_next(mm, *vma);
	}
	if (end < (*vma)->vm_end) {
		err = madvise_split_vma(mm, *vma, end);
		if (err)
			return err;
	}
	(*vma)->vm_flags = newflags;
	*vma = vma_merge_neighbours(mm, *vma);
	return 0;
}

/* One VMA's part [start, end) of the range: what advice does to it. */
static int madvise_vma_behavior(struct mm_struct *mm, struct vm_area_struct **vma,
				unsigned long start, unsigned long end, int advice)
{
	switch (advice) {
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
		return madvise_update_vma(mm, vma, start, end,
					  hugepage_flags((*vma)->vm_flags, advice));
	default:
		return -EINVAL;
	}
}

static bool madvise_behavior_valid(int advice)
{
	switch (advice) {
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
	struct vm_area_struct *vma;
	int unmapped = 0, err;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !madvise_behavior_valid(advice))
		return -EINVAL;
	if (len && end <= start)
		return -EINVAL;
	vma = find_vma(mm, start);
	while (addr < end) {
		if (!vma || vma->vm_start >= end)
			return -ENOMEM;
		if (vma->vm_start > addr) {
			unmapped = -ENOMEM;
			addr = vma->vm_start;
		}
		err = madvise_vma_behavior(mm, &vma, addr, MIN(end, vma->vm_end), advice);
		if (err)
			return err;
		addr = vma->vm_end;
		vma = vma_next(mm, vma);
	}
	return unmapped;
}
