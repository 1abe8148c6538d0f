/*
 * Compare an address space's whole VMA list with an expected table (Unikraft's style of VMA
 * test): after each operation a test states every VMA there must be, in order.
 *
 *	CHECK(vmas_match(mm, VMAS({ A, A + 4 * PAGE_SIZE, flags, pgoff, &ops }, ...)));
 *
 * A mismatch prints both lists as TAP comments.
 */
#ifndef PAGODA_VMA_EXPECT_H
#define PAGODA_VMA_EXPECT_H

#include <stdio.h>

#include "mm/vma.h"

struct vma_expect {
	unsigned long start, end, flags, pgoff;
	const struct vm_operations_struct *ops;
};

#define VMAS(...)                                                                                  \
	(const struct vma_expect[]){ __VA_ARGS__ },                                                \
		sizeof((const struct vma_expect[]){ __VA_ARGS__ }) / sizeof(struct vma_expect)
#define NO_VMAS NULL, 0

static inline bool vma_matches(const struct vm_area_struct *v, const struct vma_expect *e)
{
	return v->vm_start == e->start && v->vm_end == e->end && v->vm_flags == e->flags &&
	       v->vm_pgoff == e->pgoff && v->vm_ops == e->ops;
}

static inline void vmas_print(const struct mm_struct *mm, const struct vma_expect *e, size_t n)
{
	const struct vm_area_struct *v;

	printf("#   got (%lu):\n", mm->map_count);
	for_each_vma(mm, v)
		printf("#     [%#lx, %#lx) flags %#lx pgoff %#lx ops %s\n", v->vm_start, v->vm_end,
		       v->vm_flags, v->vm_pgoff, v->vm_ops ? v->vm_ops->name : "-");
	printf("#   want (%zu):\n", n);
	for (size_t i = 0; i < n; i++)
		printf("#     [%#lx, %#lx) flags %#lx pgoff %#lx ops %s\n", e[i].start, e[i].end,
		       e[i].flags, e[i].pgoff, e[i].ops ? e[i].ops->name : "-");
}

/* True when mm's list is consistent (vma_verify) and equals e[0..n) entry by entry. */
static inline bool vmas_match(const struct mm_struct *mm, const struct vma_expect *e, size_t n)
{
	const struct vm_area_struct *v = first_vma(mm);
	const char *why = vma_verify(mm);
	size_t i;

	for (i = 0; !why && i < n; i++, v = vma_next(mm, v))
		if (!v || !vma_matches(v, &e[i]))
			why = "VMA differs";
	if (!why && v)
		why = "more VMAs than expected";
	if (!why)
		return true;
	printf("# VMA list: %s\n", why);
	vmas_print(mm, e, n);
	return false;
}

#endif
