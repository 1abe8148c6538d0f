/* Address spaces: create, destroy, switch (see mm.h). */
#include <memlayout.h>

#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/slab.h"
#include "mm/unmap.h"
#include "mm/vma.h"

static struct mm_struct *cur_mm;

struct mm_struct *current_mm(void)
{
	return cur_mm;
}

void switch_mm(struct mm_struct *mm)
{
	cur_mm = mm;
	arch_switch_pgd(mm ? mm->pgd_pa : 0);
}

struct mm_struct *mm_create(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pgd_pa = mm_alloc_table(mm);
	if (!mm->pgd_pa) {
		kfree(mm);
		return NULL;
	}
	mm->pgd = __va(mm->pgd_pa);
	arch_pgd_init(mm->pgd);
	return mm;
}

/* Unmap every VMA under one gather, so the whole address space costs one flush. */
static void unmap_all_vmas(struct mm_struct *mm)
{
	struct mmu_gather tlb;
	struct vm_area_struct *vma;

	tlb_gather_mmu(&tlb, mm);
	for (vma = mm->mmap; vma; vma = vma->vm_next)
		unmap_vma_range(&tlb, vma, vma->vm_start, vma->vm_end);
	tlb_finish_mmu(&tlb);
}

/* After the flush: what the VMAs hold (shared stores) may go now that nothing maps it. */
static void remove_all_vmas(struct mm_struct *mm)
{
	while (mm->mmap) {
		struct vm_area_struct *vma = mm->mmap;

		vma_unlink(mm, vma);
		remove_vma(vma);
	}
}

/*
 * Subscribers hear of the teardown first and are dropped (Linux exit_mmap), so the unmapping
 * below needs no brackets: no one is left to cache a translation.
 */
void mm_destroy(struct mm_struct *mm)
{
	mmu_notifier_release(mm);
	if (cur_mm == mm)
		switch_mm(NULL);
	unmap_all_vmas(mm);
	remove_all_vmas(mm);
	free_all_pgtables(mm);
	mm_free_table(mm, mm->pgd_pa);
	kfree(mm);
}
