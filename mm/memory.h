/*
 * The fault core (Linux mm/memory.c): the page-table lock, table allocation level by level, and
 * handle_mm_fault(), which walks down to the faulting address and asks the VMA's vm_ops to fill
 * the entry, the largest order first.
 */
#ifndef PAGODA_MM_MEMORY_H
#define PAGODA_MM_MEMORY_H

#include "mm/mm_types.h"
#include "mm/pgtable.h"

/*
 * The page-table lock (struct pt_lock). Taking it twice, or dropping it when not held, is a bug
 * in the kernel, not a condition a caller can cause: it traps at once.
 */
static inline void pt_lock(struct mm_struct *mm)
{
	if (mm->pt_lock.held)
		__builtin_trap();
	mm->pt_lock.held = true;
}

static inline void pt_unlock(struct mm_struct *mm)
{
	if (!mm->pt_lock.held)
		__builtin_trap();
	mm->pt_lock.held = false;
}

static inline bool pt_locked(const struct mm_struct *mm)
{
	return mm->pt_lock.held;
}

/* Results of a fault that mean the access cannot go on. */
#define VM_FAULT_ERROR (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* The inverse of mm_alloc_table() (mm/pgtable.h), for a table the MMU can no longer reach. */
void mm_free_table(struct mm_struct *mm, phys_addr_t table);

struct mmu_gather;
int split_huge_pud(struct mmu_gather *tlb, pud_t *pud, unsigned long addr);
int split_huge_pmd(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr);
/* split_huge_pud() or split_huge_pmd() by level (PT_PUD or PT_PMD); entry points at the leaf. */
int split_huge_leaf(struct mmu_gather *tlb, void *entry, unsigned long addr, enum pt_level level);

/*
 * Make addr (page aligned) a leaf boundary in mm, before a VMA is split there (Linux
 * vma_adjust_trans_huge / split_huge_pmd_address): the PUD leaf and then the PMD leaf holding
 * addr are split when addr is not aligned to them, each under an MMU_NOTIFY_CLEAR bracket over
 * the leaf and flushed at once. Takes the page-table lock. Returns 0, or -ENOMEM when a split
 * cannot allocate its table (a PUD leaf split before that stays split: same pfns, same
 * protection).
 */
int split_huge_leaves_at(struct mm_struct *mm, unsigned long addr);

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, unsigned int flags);

#endif
