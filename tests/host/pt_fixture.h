/*
 * A bare address space for the page-table tests (test_fault, test_pfnmap, test_unmap,
 * test_ptdump): a root table and a fixed array of VMAs, built without the VMA layer so that these
 * tests exercise the page-table side alone. ptf_finish() unmaps everything and checks that every
 * page came back.
 */
#ifndef PAGODA_PT_FIXTURE_H
#define PAGODA_PT_FIXTURE_H

#include "mm/mm_types.h"

#define PTF_MAX_VMAS 4

struct pt_fixture {
	struct mm_struct mm;
	struct vm_area_struct vmas[PTF_MAX_VMAS];
	unsigned int nr_vmas;
	unsigned long free_pages_before;
};

/* Demand-zero normal pages at PTE level, one reference per mapping: a stand-in for anon memory. */
extern const struct vm_operations_struct ptf_anon_ops;

void ptf_init(struct pt_fixture *f);
/* Append a VMA (callers add them in address order); pfnmaps get pfnmap_vm_ops. */
struct vm_area_struct *ptf_add_pfnmap(struct pt_fixture *f, unsigned long start, unsigned long len,
				      pfn_t pfn, enum mem_type mt);
struct vm_area_struct *ptf_add_anon(struct pt_fixture *f, unsigned long start, unsigned long len);
/* Fault at addr in the VMA holding it; VM_FAULT_SIGSEGV when none does. */
vm_fault_t ptf_fault(struct pt_fixture *f, unsigned long addr, unsigned int flags);
/* Fault [start, end) in, one fault per leaf (follow_pfnmap tells how far each leaf reaches). */
void ptf_fault_range(struct pt_fixture *f, unsigned long start, unsigned long end);
/*
 * munmap [start, end) of the VMA holding start: the tables for the splits at its edges first
 * (-ENOMEM: nothing changed), then zap, free the emptied tables, one flush. Returns 0 or -ENOMEM.
 */
int ptf_unmap(struct pt_fixture *f, unsigned long start, unsigned long end);
/* The level and pfn that map addr (-1 level when nothing does), through follow_pfnmap. */
int ptf_follow(struct pt_fixture *f, unsigned long addr, pfn_t *pfn);
/* CHECK that the page-table checker finds nothing, naming the first error if it does. */
void ptf_check(struct pt_fixture *f);
/* Collect ptdump's lines into buf, one per line, '\n'-separated. */
void ptf_ptdump(struct pt_fixture *f, char *buf, size_t len);
/* Unmap every VMA, free every table and the root; CHECK that no page leaked. */
void ptf_finish(struct pt_fixture *f);

#endif
