/*
 * The VMA set of an address space, kept twice as Linux kept it before the maple tree: mm->mm_rb
 * is a red-black tree of the non-overlapping vm_area_structs keyed by vm_start, so find_vma()
 * costs O(log n) however many VMAs there are (thread stacks and malloc arenas make thousands);
 * mm->mmap_list (a list.h list through each VMA's vm_list) holds the same VMAs in address order,
 * so walks over a range step from one VMA to the next in O(1). Every change below updates both.
 * Code outside mm/vma.c reads the list only through the accessors below.
 *
 * References: a VMA whose vm_ops has open/close holds one reference on what vm_private_data
 * points to. Every VMA that comes into being by duplication (split) gets ->open, every VMA that
 * goes away (unmap, merge into a neighbour, destroy) gets ->close.
 *
 * Locking: the caller owns the mm (one CPU; a per-mm lock goes here with SMP).
 *
 *   split at addr:       [start ............ end)   ->  [start .. addr)[addr .. end)
 *                         pgoff                          pgoff          pgoff + (addr-start)/PAGE
 *   merge prev + next:   [a .. b)[b .. c)           ->  [a ........... c)
 *                         only when flags, ops, mem_type and vm_private_data match and next's
 *                         pgoff continues prev's (a pfnmap's pfns or a shared store's indices)
 */
#ifndef PAGODA_MM_VMA_H
#define PAGODA_MM_VMA_H

#include "mm/mm_types.h"

/* Linux is_cow_mapping(): private, and writable now or after an mprotect. */
static inline bool is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* The VMA that link (a link of mm's list) belongs to, or NULL when link is the head itself. */
static inline struct vm_area_struct *vma_of_link(const struct mm_struct *mm, struct list_head *link)
{
	if (list_is_head(link, &mm->mmap_list))
		return NULL;
	return list_entry(link, struct vm_area_struct, vm_list);
}

/* The lowest VMA of mm, or NULL when mm has none. */
static inline struct vm_area_struct *first_vma(const struct mm_struct *mm)
{
	return vma_of_link(mm, mm->mmap_list.next);
}

/* The VMA after vma (linked in mm) in address order, or NULL when vma is the last. */
static inline struct vm_area_struct *vma_next(const struct mm_struct *mm,
					      const struct vm_area_struct *vma)
{
	return vma_of_link(mm, vma->vm_list.next);
}

/* The VMA before vma (linked in mm) in address order, or NULL when vma is the first. */
static inline struct vm_area_struct *vma_prev(const struct mm_struct *mm,
					      const struct vm_area_struct *vma)
{
	return vma_of_link(mm, vma->vm_list.prev);
}

/* Every VMA of mm in address order (Linux 6.1+ takes a maple-tree iterator, Pagoda the mm). */
#define for_each_vma(mm, vma) list_for_each_entry(vma, &(mm)->mmap_list, vm_list)
/* The same, with tmp holding the next VMA so that the body may unlink vma. */
#define for_each_vma_safe(mm, vma, tmp)                                                            \
	list_for_each_entry_safe(vma, tmp, &(mm)->mmap_list, vm_list)

/* The first VMA with vm_end > addr (it may start above addr), or NULL: Linux's find_vma(). */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* The first VMA that overlaps [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);

/* A zeroed VMA belonging to mm, not linked; NULL when out of memory. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
/* Free a VMA that is not linked, without calling ->close. */
void vm_area_free(struct vm_area_struct *vma);
/* ->close (if any), then free: the end of a VMA that held a reference (Linux remove_vma). */
void remove_vma(struct vm_area_struct *vma);

/*
 * Link vma into mm's tree and list (its own links may hold anything, a copied VMA's for one).
 * Returns 0, or -EEXIST when it overlaps a VMA already there (nothing changes then). vma must be
 * page aligned and non-empty. O(log n).
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
/* Take vma out of mm's tree and list; it stays allocated and keeps its reference. */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Split vma at addr (page aligned, vm_start < addr < vm_end) into vma = [vm_start, addr) and
 * new = [addr, vm_end), new linked right after vma and ->open'ed. new comes from
 * vm_area_alloc() so that callers can allocate every VMA they need before changing anything:
 * this cannot fail.
 */
void __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		 struct vm_area_struct *new);
/*
 * The same with its own allocation. Returns 0; -EINVAL when addr is unaligned or not strictly
 * inside vma; -ENOMEM (nothing changed).
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr);

/* May next be folded into prev (adjacent, compatible; see the diagram above)? */
bool vma_can_merge(const struct vm_area_struct *prev, const struct vm_area_struct *next);
/*
 * Fold vma into its predecessor and/or successor where vma_can_merge() allows; the VMAs
 * folded away are unlinked and removed (->close). Returns the VMA that now covers vma's range.
 */
struct vm_area_struct *vma_merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Check mm's list: sorted, non-overlapping, page aligned, non-empty, inside the user half, back
 * links right (each VMA's prev and the head's, so the list reads the same backwards), map_count
 * right, vm_mm set; and the tree: balanced, holding the same VMAs in the same order. Returns NULL
 * when it holds, else what is broken.
 */
const char *vma_verify(const struct mm_struct *mm);

#endif
