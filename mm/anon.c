/*
 * Anonymous memory, private and shared (see mmap.h): zero-filled pages allocated on the first
 * touch. Each mapping of a page holds one reference on it and one map count; the zap that
 * removes the entry drops both.
 *
 * Private memory takes huge leaves where mm/huge_memory.h's policy allows (a compound page per
 * leaf). Shared memory stays at 4 KiB: its store indexes pages by offset, and a huge page there
 * would have to be found from any offset inside it, by every VMA mapping the store, whatever
 * that VMA's alignment; Linux's shmem THP needs a page cache of large folios for that.
 */
#include <errno.h>
#include <string.h>

#include <memlayout.h>

#include "mm/huge_memory.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vma.h"
#include "mm/xarray.h"

/*
 * The pages of one shared anonymous mapping, indexed by page offset; the store holds one
 * reference on every page it has, each VMA using it one reference on the store. A sparse array,
 * so the store costs what was touched, not what was mapped: a 64 GiB mapping of which a few
 * pages are used fits in a machine of a few GiB.
 */
struct anon_store {
	unsigned long refcount;
	unsigned long nr_pages;
	struct xarray pages;
};

static struct page *alloc_zeroed_page(void)
{
	struct page *page = alloc_page();

	if (page)
		memset(page_address(page), 0, PAGE_SIZE);
	return page;
}

static void map_anon_page(struct vm_fault *vmf, struct page *page)
{
	set_pte(vmf->pte, pfn_pte(page_to_pfn(page), vmf->vma->vm_page_prot));
}

/* ->fault of private anonymous memory: a new zeroed page, owned by the entry alone. */
static vm_fault_t anon_fault(struct vm_fault *vmf)
{
	struct page *page = alloc_zeroed_page();

	if (!page)
		return VM_FAULT_OOM;
	page_add_rmap(page);
	map_anon_page(vmf, page);
	return VM_FAULT_NOPAGE;
}

const struct vm_operations_struct anon_vm_ops = {
	.fault = anon_fault,
	.huge_fault = do_huge_anonymous_page,
	.name = "anon",
};

static struct anon_store *anon_store_create(unsigned long nr_pages)
{
	struct anon_store *store = kzalloc(sizeof(*store));

	if (store) {
		store->refcount = 1;
		store->nr_pages = nr_pages;
		store->pages = XARRAY_INIT;
	}
	return store;
}

static void anon_store_put(struct anon_store *store)
{
	unsigned long idx;
	struct page *page;

	if (--store->refcount)
		return;
	xa_for_each(&store->pages, idx, page) put_page(page);
	xa_destroy(&store->pages);
	kfree(store);
}

/* ->fault of shared anonymous memory: the store's page at this offset, created on first use. */
static vm_fault_t anon_shared_fault(struct vm_fault *vmf)
{
	struct anon_store *store = vmf->vma->vm_private_data;
	unsigned long idx = vmf->pgoff;
	struct page *page;

	if (idx >= store->nr_pages)
		return VM_FAULT_SIGBUS;
	page = xa_load(&store->pages, idx);
	if (!page) {
		page = alloc_zeroed_page();
		if (!page)
			return VM_FAULT_OOM;
		if (xa_store(&store->pages, idx, page)) {
			put_page(page);
			return VM_FAULT_OOM;
		}
	}
	page_dup_rmap(page, 1);
	map_anon_page(vmf, page);
	return VM_FAULT_NOPAGE;
}

static void anon_shared_open(struct vm_area_struct *vma)
{
	struct anon_store *store = vma->vm_private_data;

	store->refcount++;
}

static void anon_shared_close(struct vm_area_struct *vma)
{
	anon_store_put(vma->vm_private_data);
}

const struct vm_operations_struct anon_shared_vm_ops = {
	.fault = anon_shared_fault,
	.open = anon_shared_open,
	.close = anon_shared_close,
	.name = "anon-shared",
};

int mm_mmap_anon(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long vm_flags, unsigned long *out_addr)
{
	struct anon_store *store;
	int err;

	if (!(vm_flags & VM_SHARED))
		return do_mmap(mm, addr, len, vm_flags, MT_NORMAL, 0, &anon_vm_ops, NULL, out_addr);
	/* Checked before rounding len up can wrap; do_mmap would refuse it with -ENOMEM too. */
	if (len > USER_VA_END)
		return -ENOMEM;
	store = anon_store_create(ALIGN_UP(len, PAGE_SIZE) >> PAGE_SHIFT);
	if (!store)
		return -ENOMEM;
	err = do_mmap(mm, addr, len, vm_flags, MT_NORMAL, 0, &anon_shared_vm_ops, store, out_addr);
	if (err)
		anon_store_put(store);
	return err;
}
