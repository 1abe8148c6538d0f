/* Address spaces: create, destroy, switch (see mm.h). */
#include <memlayout.h>

#include "mm/asid.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/slab.h"
#include "mm/unmap.h"
#include "mm/vma.h"

static struct mm_struct *cur_mm;
static struct asid_allocator asids;

struct mm_struct *current_mm(void)
{
	return cur_mm;
}

unsigned long mm_asid(const struct mm_struct *mm)
{
	return asid_of(mm->context_id);
}

/* The allocator starts at the first switch, once arch_mm_init() has set the ASID width. */
static struct asid_allocator *mm_asids(void)
{
	if (!asids.generation)
		asid_allocator_init(&asids, arch_asid_bits());
	return &asids;
}

unsigned int mm_asid_set_bits(unsigned int bits)
{
	unsigned int old = mm_asids()->bits;

	asid_allocator_init(&asids, bits);
	return old;
}

unsigned long mm_asid_rollovers(void)
{
	return mm_asids()->rollovers;
}

/*
 * After a rollover the whole TLB is flushed once the new context is loaded, not before: until
 * the load, the CPU may still cache entries of the outgoing address space under its old ASID,
 * which the new generation may already have given to someone else (mm itself included). With
 * SMP the outgoing ASID is reserved across the rollover instead (asid.h) and the flush can come
 * first, as in Linux.
 */
void switch_mm(struct mm_struct *mm)
{
	enum asid_flush flush;

	cur_mm = mm;
	if (!mm) {
		arch_switch_pgd(0, 0);
		return;
	}
	flush = asid_check_context(mm_asids(), &mm->context_id);
	arch_switch_pgd(mm->pgd_pa, mm_asid(mm));
	if (flush == ASID_FLUSH_ALL)
		flush_tlb_all();
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
	INIT_LIST_HEAD(&mm->mmap_list);
	return mm;
}

/* Unmap every VMA under one gather, so the whole address space costs one flush. */
static void unmap_all_vmas(struct mm_struct *mm)
{
	struct mmu_gather tlb;
	struct vm_area_struct *vma;

	tlb_gather_mmu(&tlb, mm);
	for_each_vma(mm, vma)
		unmap_vma_range(&tlb, vma, vma->vm_start, vma->vm_end, NULL);
	tlb_finish_mmu(&tlb);
}

/* After the flush: what the VMAs hold (shared stores) may go now that nothing maps it. */
static void remove_all_vmas(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *tmp;

	for_each_vma_safe(mm, vma, tmp) {
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
