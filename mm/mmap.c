/* do_mmap, do_munmap and their placement (see mmap.h). */
#include <errno.h>

#include <memlayout.h>

#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/pfnmap.h"
#include "mm/unmap.h"
#include "mm/vma.h"

/*
 * The largest leaf a mapping of len bytes can use, so its placement can allow it: a pfnmap's,
 * and private anonymous memory's for transparent huge pages (Linux thp_get_unmapped_area, which
 * aligns anonymous mappings to PMD_SIZE; Pagoda's anonymous PUD leaves want 1 GiB).
 */
static unsigned long leaf_align(unsigned long len)
{
	if (len >= SZ_1G)
		return SZ_1G;
	if (len >= SZ_2M)
		return SZ_2M;
	return PAGE_SIZE;
}

/* The lowest address >= start that is congruent to off modulo align (off < align). */
static unsigned long align_congruent(unsigned long start, unsigned long align, unsigned long off)
{
	unsigned long addr = ALIGN_DOWN(start, align) + off;

	return addr < start ? addr + align : addr;
}

/*
 * First fit, bottom up from MMAP_BASE: the lowest addr in a gap between VMAs with
 * addr % align == off and room for len bytes. Returns 0 with *addr set, or -ENOMEM.
 */
static int unmapped_area(struct mm_struct *mm, unsigned long len, unsigned long align,
			 unsigned long off, unsigned long *addr)
{
	unsigned long gap_start = MMAP_BASE, gap_end, a;
	struct vm_area_struct *vma = first_vma(mm);

	for (;;) {
		gap_end = vma ? vma->vm_start : USER_VA_END;
		if (gap_end > gap_start) {
			a = align_congruent(gap_start, align, off);
			if (a <= gap_end && gap_end - a >= len) {
				*addr = a;
				return 0;
			}
		}
		if (!vma)
			return -ENOMEM;
		gap_start = MAX(gap_start, vma->vm_end);
		vma = vma_next(mm, vma);
	}
}

/* MAP_FIXED_NOREPLACE: [addr, addr + len) must lie in the user half and be free. */
static int check_fixed_range(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	if (addr > USER_VA_END - len)
		return -ENOMEM;
	return find_vma_intersection(mm, addr, addr + len) ? -EEXIST : 0;
}

int get_unmapped_area(struct mm_struct *mm, unsigned long len, unsigned long vm_flags,
		      unsigned long pgoff, const struct vm_operations_struct *ops,
		      unsigned long *addr)
{
	bool huge = (vm_flags & VM_PFNMAP) || ops == &anon_vm_ops;
	unsigned long align = huge ? leaf_align(len) : PAGE_SIZE;

	return unmapped_area(mm, len, align, PFN_PHYS(pgoff) & (align - 1), addr);
}

static int choose_range(struct mm_struct *mm, unsigned long addr, unsigned long len,
			unsigned long vm_flags, unsigned long pgoff,
			const struct vm_operations_struct *ops, unsigned long *out)
{
	int err;

	if (addr) {
		err = check_fixed_range(mm, addr, len);
		*out = addr;
		return err;
	}
	return get_unmapped_area(mm, len, vm_flags, pgoff, ops, out);
}

static unsigned long mmap_vm_flags(unsigned long vm_flags)
{
	vm_flags |= VM_USER | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (vm_flags & VM_SHARED)
		vm_flags |= VM_MAYSHARE;
	return vm_flags;
}

int do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long vm_flags,
	    enum mem_type mt, unsigned long pgoff, const struct vm_operations_struct *ops,
	    void *priv, unsigned long *out_addr)
{
	struct vm_area_struct *vma;
	int err;

	if (!len || !IS_ALIGNED(addr, PAGE_SIZE) || !ops)
		return -EINVAL;
	if (len > USER_VA_END)
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);
	if ((vm_flags & VM_PFNMAP) && !pfn_range_mappable(pgoff, len >> PAGE_SHIFT, mt))
		return -EINVAL;
	err = choose_range(mm, addr, len, vm_flags, pgoff, ops, &addr);
	if (err)
		return err;
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = mmap_vm_flags(vm_flags);
	vma->mem_type = mt;
	vma->vm_pgoff = vm_flags & (VM_SHARED | VM_PFNMAP) ? pgoff : addr >> PAGE_SHIFT;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags, mt);
	vma->vm_ops = ops;
	vma->vm_private_data = priv;
	insert_vm_struct(mm, vma);
	vma_merge_neighbours(mm, vma);
	*out_addr = addr;
	return 0;
}

int mm_mmap_pfn(struct mm_struct *mm, unsigned long addr, pfn_t pfn, unsigned long len,
		unsigned long vm_flags, enum mem_type mt, unsigned long *out_addr)
{
	return do_mmap(mm, addr, len, vm_flags | VM_PFNMAP | VM_IO, mt, pfn, &pfnmap_vm_ops, NULL,
		       out_addr);
}

/*
 * Make [start, end) begin and end on VMA boundaries: *first (the first VMA overlapping it) and
 * *last (the last one) are split where they stick out, and updated to the parts inside. Both
 * new VMAs are allocated before either split, so -ENOMEM leaves everything as it was.
 */
static int munmap_split_edges(struct mm_struct *mm, struct vm_area_struct **first,
			      struct vm_area_struct **last, unsigned long start, unsigned long end)
{
	struct vm_area_struct *head = NULL, *tail = NULL;

	if ((*first)->vm_start < start && !(head = vm_area_alloc(mm)))
		return -ENOMEM;
	if ((*last)->vm_end > end && !(tail = vm_area_alloc(mm))) {
		vm_area_free(head);
		return -ENOMEM;
	}
	/* The tail first: when first == last, the head split must see the trimmed VMA. */
	if (tail)
		__split_vma(mm, *last, end, tail);
	if (head) {
		__split_vma(mm, *first, start, head);
		if (*last == *first)
			*last = head;
		*first = head;
	}
	return 0;
}

/*
 * MMU_NOTIFY_UNMAP brackets, one per VMA of [first, last]: all opened before any entry is
 * cleared, closed after the flush in reverse order, so that they nest.
 */
static void unmap_notify_start(struct vm_area_struct *first, struct vm_area_struct *last)
{
	struct mmu_notifier_range range;
	struct vm_area_struct *vma = first;

	for (;;) {
		mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, vma->vm_mm, vma->vm_start,
					vma->vm_end);
		mmu_notifier_invalidate_range_start(&range);
		if (vma == last)
			return;
		vma = vma_next(vma->vm_mm, vma);
	}
}

static void unmap_notify_end(struct vm_area_struct *first, struct vm_area_struct *last)
{
	struct mmu_notifier_range range;
	struct vm_area_struct *vma = last;

	for (;;) {
		mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, vma->vm_mm, vma->vm_start,
					vma->vm_end);
		mmu_notifier_invalidate_range_end(&range);
		if (vma == first)
			return;
		vma = vma_prev(vma->vm_mm, vma);
	}
}

/*
 * Unmap the VMAs [first, last] under one gather, inside their notifier brackets, splitting the
 * huge leaves at the edges with the tables in st; tables are freed only in the gap the VMAs leave
 * between their neighbours, since a table at its edges may still serve a neighbour.
 */
static void unmap_region(struct mm_struct *mm, struct vm_area_struct *first,
			 struct vm_area_struct *last, struct split_tables *st)
{
	struct vm_area_struct *prev = vma_prev(mm, first), *next = vma_next(mm, last), *vma;
	struct mmu_gather tlb;

	unmap_notify_start(first, last);
	tlb_gather_mmu(&tlb, mm);
	for (vma = first; vma != next; vma = vma_next(mm, vma))
		unmap_vma_range(&tlb, vma, vma->vm_start, vma->vm_end, st);
	free_pgtables(&tlb, mm, prev ? prev->vm_end : 0, next ? next->vm_start : USER_VA_END);
	tlb_finish_mmu(&tlb);
	unmap_notify_end(first, last);
}

/*
 * The VMAs and page tables the cuts at start and end need, all taken before anything changes,
 * then the VMA splits. Returns 0 with st holding the tables the leaf splits will take, or
 * -ENOMEM with nothing changed and nothing held.
 */
static int munmap_prepare(struct mm_struct *mm, struct vm_area_struct **first,
			  struct vm_area_struct **last, unsigned long start, unsigned long end,
			  struct split_tables *st)
{
	int err = split_tables_alloc(st, mm, split_tables_needed(mm, start, end, SPLIT_AT_BOTH));

	if (err)
		return err;
	err = munmap_split_edges(mm, first, last, start, end);
	if (err)
		split_tables_free(st, mm);
	return err;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *first, *last, *next;
	struct split_tables st;
	unsigned long end;
	int err;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || start > USER_VA_END ||
	    len > USER_VA_END - start)
		return -EINVAL;
	end = start + ALIGN_UP(len, PAGE_SIZE);
	first = find_vma_intersection(mm, start, end);
	if (!first)
		return 0;
	for (last = first; (next = vma_next(mm, last)) && next->vm_start < end; last = next)
		;
	err = munmap_prepare(mm, &first, &last, start, end, &st);
	if (err)
		return err;
	unmap_region(mm, first, last, &st);
	split_tables_free(&st, mm);
	/* Only after the flush: closing may free pages (shared stores) the entries pointed to. */
	next = vma_next(mm, last);
	while (first != next) {
		struct vm_area_struct *vma = first;

		first = vma_next(mm, vma);
		vma_unlink(mm, vma);
		remove_vma(vma);
	}
	return 0;
}
