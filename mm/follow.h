/*
 * Look up what maps one address of a pfnmap (Linux follow_pfnmap_start/end): for drivers that
 * need the pfn behind a user address of a VM_IO | VM_PFNMAP VMA.
 *
 *	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
 *
 *	if (follow_pfnmap_start(&args) == 0) {
 *		use args.pfn, args.pgprot, ... ; nothing in vma->vm_mm changes meanwhile
 *		follow_pfnmap_end(&args);
 *	}
 */
#ifndef PAGODA_MM_FOLLOW_H
#define PAGODA_MM_FOLLOW_H

#include "mm/mm_types.h"
#include "mm/pgtable.h"

struct follow_pfnmap_args {
	/* Inputs. */
	struct vm_area_struct *vma;
	unsigned long address;
	/* Outputs, valid from a successful follow_pfnmap_start() until follow_pfnmap_end(). */
	pfn_t pfn;	 /* the pfn of address's page (inside a huge leaf: offset added) */
	pgprot_t pgprot; /* the leaf's protection, PTE format */
	bool writable;
	bool special;
	enum pt_level level; /* PT_PTE, PT_PMD or PT_PUD: the leaf that maps address */
};

int follow_pfnmap_start(struct follow_pfnmap_args *args);
void follow_pfnmap_end(struct follow_pfnmap_args *args);

#endif
