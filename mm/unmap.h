/*
 * Unmapping (Linux zap_page_range / free_pgtables): clear the leaves of a range through an
 * mmu_gather, then free the tables that became empty. Nothing is freed before the TLB flush that
 * makes it unreachable: both functions only queue, tlb_finish_mmu() flushes and frees.
 */
#ifndef PAGODA_MM_UNMAP_H
#define PAGODA_MM_UNMAP_H

#include "mm/mm_types.h"

struct mmu_gather;
struct split_tables;

void unmap_vma_range(struct mmu_gather *tlb, struct vm_area_struct *vma, unsigned long start,
		     unsigned long end, struct split_tables *st);
void free_pgtables(struct mmu_gather *tlb, struct mm_struct *mm, unsigned long start,
		   unsigned long end);
void free_all_pgtables(struct mm_struct *mm);

#endif
