/*
 * The CPU's physical address width on the real CPU: every RAM page lies below it, and a pfn
 * range that reaches it is refused by each path that maps physical memory (an entry cannot hold
 * such an address: on arm64 the upper bits fall into attribute bits, so another pfn is mapped;
 * on x86 they are reserved bits, and the fault retries forever).
 */
#include <errno.h>

#include "arch.h"
#include "ktest.h"
#include "mm/ioremap.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/vma.h"
#include "printk.h"

#define RW (VM_READ | VM_WRITE)

/* Map [pfn, pfn + nr) into mm as device memory; on success check the VMA, then unmap it. */
static int map_pfns(struct mm_struct *mm, pfn_t pfn, unsigned long nr)
{
	unsigned long va = 0;
	int err = mm_mmap_pfn(mm, 0, pfn, nr << PAGE_SHIFT, RW | VM_SHARED, MT_DEVICE, &va);

	if (!err) {
		KCHECK(find_vma(mm, va) != NULL);
		KCHECK_EQ(do_munmap(mm, va, nr << PAGE_SHIFT), 0);
	}
	return err;
}

KTEST(mm, pfnmap_beyond_physical_address_width_refused)
{
	const unsigned int bits = arch_phys_addr_bits();
	const pfn_t limit = 1UL << (bits - PAGE_SHIFT);
	unsigned long free_before = nr_free_pages();
	struct mm_struct *mm;
	void *io;

	printk("# physical address width: %u bits\n", bits);
	KCHECK(bits >= 32 && bits <= 52);
	KCHECK(max_pfn <= limit); /* the boot memory map's RAM is addressable */

	mm = mm_create();
	KCHECK(mm);
	if (!mm)
		return;
	KCHECK_EQ(map_pfns(mm, limit - 1, 1), 0);
	KCHECK_EQ(map_pfns(mm, limit - 1, 2), -EINVAL);
	KCHECK_EQ(map_pfns(mm, limit, 1), -EINVAL);
	KCHECK_EQ(map_pfns(mm, limit | 5, 1), -EINVAL); /* arm64 used to map pfn 5 here */
	KCHECK_EQ(mm->map_count, 0);
	mm_destroy(mm);

	io = ioremap(PFN_PHYS(limit), PAGE_SIZE);
	KCHECK(io == NULL);
	io = ioremap(PFN_PHYS(limit - 1), 2 * PAGE_SIZE);
	KCHECK(io == NULL);
	KCHECK_EQ(nr_free_pages(), free_before);
}
