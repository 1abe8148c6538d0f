/* The ordered VMA set of an address space (see vma.h). */
#include <errno.h>

#include <memlayout.h>

#include "mm/slab.h"
#include "mm/vma.h"

static struct vm_area_struct *rb_vma(const struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area_struct, vm_rb) : NULL;
}

/*
 * Descend from the root: a VMA ending above addr is a candidate and anything better lies to its
 * left; one ending at or below addr rules out its whole left subtree too.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *node = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	while (node) {
		struct vm_area_struct *vma = rb_vma(node);

		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
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

/*
 * Where a VMA starting at start goes in mm's tree: the link to fill, its parent, and the VMA
 * that will precede it in address order (NULL: it becomes the first).
 */
static struct rb_node **vma_rb_find_link(struct mm_struct *mm, unsigned long start,
					 struct rb_node **parent, struct vm_area_struct **prev)
{
	struct rb_node **link = &mm->mm_rb.rb_node;

	*parent = NULL;
	*prev = NULL;
	while (*link) {
		*parent = *link;
		if (start < rb_vma(*link)->vm_start) {
			link = &(*link)->rb_left;
		} else {
			*prev = rb_vma(*link);
			link = &(*link)->rb_right;
		}
	}
	return link;
}

/*
 * Link vma (not overlapping anything in mm) into the tree, and into the list right after the
 * predecessor the tree search found (at the head when it has none).
 */
static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev;
	struct rb_node *parent;
	struct rb_node **link = vma_rb_find_link(mm, vma->vm_start, &parent, &prev);

	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
	list_add(&vma->vm_list, prev ? &prev->vm_list : &mm->mmap_list);
	mm->map_count++;
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (find_vma_intersection(mm, vma->vm_start, vma->vm_end))
		return -EEXIST;
	vma_link(mm, vma);
	return 0;
}

void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	list_del(&vma->vm_list);
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
	vma_link(mm, new);
	if (new->vm_ops &&new->vm_ops->open)
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
	struct vm_area_struct *next = vma_next(mm, prev);

	prev->vm_end = next->vm_end;
	vma_unlink(mm, next);
	remove_vma(next);
}

struct vm_area_struct *vma_merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = vma_next(mm, vma), *prev = vma_prev(mm, vma);

	if (next && vma_can_merge(vma, next))
		vma_absorb_next(mm, vma);
	if (prev && vma_can_merge(prev, vma)) {
		vma = prev;
		vma_absorb_next(mm, vma);
	}
	return vma;
}

/*
 * The list's links agree both ways: each element's prev is the element before it, and the head's
 * prev is the last one, so a walk backwards from the tail meets the same VMAs as the walk forwards.
 */
static const char *vma_verify_links(const struct mm_struct *mm)
{
	const struct list_head *head = &mm->mmap_list, *pos, *prev = head;

	for (pos = head->next; pos != head; prev = pos, pos = pos->next)
		if (!pos || pos->prev != prev)
			return "vm_list.prev does not point at the previous VMA";
	return head->prev == prev ? NULL : "VMA list head's prev is not the last VMA";
}

/* The tree holds exactly the listed VMAs, in the same order, and is balanced. */
static const char *vma_verify_tree(const struct mm_struct *mm)
{
	const struct rb_node *node = rb_first(&mm->mm_rb);
	const struct vm_area_struct *vma;
	unsigned long count;

	if (rb_verify(&mm->mm_rb, &count))
		return "VMA tree unbalanced or its links broken";
	for_each_vma(mm, vma) {
		if (rb_vma(node) != vma)
			return "VMA tree order differs from the list";
		node = rb_next(node);
	}
	return node ? "VMA tree holds a VMA the list does not" : NULL;
}

const char *vma_verify(const struct mm_struct *mm)
{
	const struct vm_area_struct *vma, *prev = NULL;
	const char *why = vma_verify_links(mm);
	unsigned long n = 0;

	if (why)
		return why;
	for_each_vma(mm, vma) {
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
		prev = vma;
		n++;
	}
	if (n != mm->map_count)
		return "map_count does not match the list";
	return vma_verify_tree(mm);
}
