/* The ordered VMA set of an address space (see vma.h). */
#include <errno.h>

#include <memlayout.h>

#include "mm/slab.h"
#include "mm/vma.h"

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma));

	if (vma)
		vma->vm_mm = mm;
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	kfree(vma);
}

void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	vm_area_free(vma);
}

/* Put vma right after prev (at the head when prev is NULL). */
static void vma_link_after(struct mm_struct *mm, struct vm_area_struct *vma,
			   struct vm_area_struct *prev)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	mm->map_count++;
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = NULL, *next;

	for (next = mm->mmap; next && next->vm_end <= vma->vm_start; next = next->vm_next)
		prev = next;
	if (next && next->vm_start < vma->vm_end)
		return -EEXIST;
	vma_link_after(mm, vma, prev);
	return 0;
}

void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_prev)
		vma->vm_prev->vm_next = vma->vm_next;
	else
		mm->mmap = vma->vm_next;
	if (vma->vm_next)
		vma->vm_next->vm_prev = vma->vm_prev;
	vma->vm_next = vma->vm_prev = NULL;
	mm->map_count--;
}

void __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		 struct vm_area_struct *new)
{
	new->vm_start = addr;
	new->vm_end = vma->vm_end;
	new->vm_flags = vma->vm_flags;
	new->mem_type = vma->mem_type;
	new->vm_pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	new->vm_page_prot = vma->vm_page_prot;
	new->vm_ops = vma->vm_ops;
	new->vm_private_data = vma->vm_private_data;
	new->vm_mm = mm;
	vma->vm_end = addr;
	vma_link_after(mm, new, vma);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
}

int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *new;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || addr <= vma->vm_start || addr >= vma->vm_end)
		return -EINVAL;
	new = vm_area_alloc(mm);
	if (!new)
		return -ENOMEM;
	__split_vma(mm, vma, addr, new);
	return 0;
}

/*
 * The pgoff check keeps what each page maps: a pfnmap's pfn at an address, or a shared store's
 * index, must not change when two VMAs become one. Private anon VMAs get pgoff = start page
 * (mmap.c), so adjacent ones always pass.
 */
bool vma_can_merge(const struct vm_area_struct *prev, const struct vm_area_struct *next)
{
	return prev->vm_end == next->vm_start && prev->vm_flags == next->vm_flags &&
	       prev->vm_ops == next->vm_ops && prev->mem_type == next->mem_type &&
	       prev->vm_private_data == next->vm_private_data &&
	       next->vm_pgoff == prev->vm_pgoff + vma_pages(prev);
}

/* Extend prev over next and drop next (its reference goes with it). */
static void vma_absorb_next(struct mm_struct *mm, struct vm_area_struct *prev)
{
	struct vm_area_struct *next = prev->vm_next;

	prev->vm_end = next->vm_end;
	vma_unlink(mm, next);
	remove_vma(next);
}

struct vm_area_struct *vma_merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_next && vma_can_merge(vma, vma->vm_next))
		vma_absorb_next(mm, vma);
	if (vma->vm_prev && vma_can_merge(vma->vm_prev, vma)) {
		vma = vma->vm_prev;
		vma_absorb_next(mm, vma);
	}
	return vma;
}

const char *vma_verify(const struct mm_struct *mm)
{
	const struct vm_area_struct *vma, *prev = NULL;
	unsigned long n = 0;

	for (vma = mm->mmap; vma; prev = vma, vma = vma->vm_next, n++) {
		if (vma->vm_prev != prev)
			return "vm_prev does not point at the previous VMA";
		if (vma->vm_mm != mm)
			return "vm_mm is not the owning mm";
		if (!IS_ALIGNED(vma->vm_start | vma->vm_end, PAGE_SIZE))
			return "VMA not page aligned";
		if (vma->vm_start >= vma->vm_end)
			return "empty or inverted VMA";
		if (vma->vm_end > USER_VA_END)
			return "VMA beyond USER_VA_END";
		if (prev && prev->vm_end > vma->vm_start)
			return "VMAs unsorted or overlapping";
	}
	return n == mm->map_count ? NULL : "map_count does not match the list";
}
