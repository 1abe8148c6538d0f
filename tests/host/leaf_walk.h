/*
 * The leaf that maps one address, read by a walk of the tables of its own (pgtable_walk with
 * callbacks here), for host tests that check an mm/ operation through a different path than the
 * code under test.
 */
#ifndef PAGODA_LEAF_WALK_H
#define PAGODA_LEAF_WALK_H

#include "mm/mm_types.h"
#include "mm/pgtable.h"

struct leaf {
	bool mapped;  /* a leaf maps the address (the fields below are valid) */
	bool present; /* mapped and accessible (not protnone) */
	enum pt_level level;
	pfn_t pfn; /* of the page holding the address */
	bool writable;
	pte_t entry; /* the leaf entry itself, as a pte for the pte_* flag tests */
};

struct leaf leaf_at(struct mm_struct *mm, unsigned long addr);

/* The word at addr in the page l maps, through the direct map. */
static inline u64 *word_at(struct leaf l, unsigned long addr)
{
	return (u64 *)__va(PFN_PHYS(l.pfn) + (addr & ~PAGE_MASK));
}

#endif
