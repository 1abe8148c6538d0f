/*
 * A pfn range beyond the CPU's physical address width (arch_phys_addr_bits(), set through
 * host_arch_pa_bits) is refused with -EINVAL before anything changes, on every path that takes
 * raw pfns: mmap of a pfnmap, remap_pfn_range and ioremap. Without the check the leaf would drop
 * the high bits (pfn 0x1000000005 mapping pfn 0x5 on arm64) or set reserved bits (x86).
 */
#include <errno.h>

#include "host_arch.h"
#include "host_env.h"
#include "mm/ioremap.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/pfnmap.h"
#include "mm/pgtable.h"
#include "mm/vma.h"
#include "phys.h"
#include "pt_fixture.h"
#include "tap.h"

#define VA_4G (4UL << 30)
#define P PAGE_SIZE

static const unsigned int widths[] = { 39, 44, 46, 48 };

/* mm_mmap_pfn() of pages pages from pfn: its result, unmapped again on success. */
static int mmap_pfn(struct mm_struct *mm, pfn_t pfn, unsigned long pages)
{
	unsigned long va = 0;
	int err = mm_mmap_pfn(mm, 0, pfn, pages * P, VM_READ | VM_SHARED, MT_DEVICE, &va);

	if (!err)
		CHECK_EQ(do_munmap(mm, va, pages * P), 0);
	return err;
}

TEST(pa_width_mmap_pfn)
{
	struct mm_struct *mm;

	host_env_init();
	mm = mm_create();
	for (unsigned int i = 0; i < ARRAY_SIZE(widths); i++) {
		pfn_t limit = 1UL << (widths[i] - PAGE_SHIFT);

		host_arch_pa_bits = widths[i];
		CHECK_EQ(mmap_pfn(mm, limit - 1, 1), 0); /* the last page */
		CHECK_EQ(mmap_pfn(mm, limit - 2, 2), 0);
		CHECK_EQ(mmap_pfn(mm, limit, 1), -EINVAL);	    /* at the limit */
		CHECK_EQ(mmap_pfn(mm, limit + 1, 1), -EINVAL);	    /* above */
		CHECK_EQ(mmap_pfn(mm, limit - 1, 2), -EINVAL);	    /* crossing it */
		CHECK_EQ(mmap_pfn(mm, 0x1000000005UL, 1), -EINVAL); /* would map pfn 0x5 */
		CHECK_EQ(mm->map_count, 0);
	}
	host_arch_pa_bits = 48;
	mm_destroy(mm);
}

TEST(pa_width_remap_pfn_range)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(widths); i++) {
		pfn_t limit = 1UL << (widths[i] - PAGE_SHIFT);
		struct vm_area_struct *vma;
		struct pt_fixture f;
		pfn_t pfn;

		ptf_init(&f);
		host_arch_pa_bits = widths[i];
		vma = ptf_add_pfnmap(&f, VA_4G, 4 * P, limit - 4, MT_DEVICE);
		CHECK_EQ(remap_pfn_range(vma, VA_4G, limit, P), -EINVAL);
		CHECK_EQ(remap_pfn_range(vma, VA_4G, limit - 1, 2 * P), -EINVAL);
		CHECK_EQ(remap_pfn_range(vma, VA_4G, 0x1000000005UL, P), -EINVAL);
		CHECK_EQ(ptf_follow(&f, VA_4G, &pfn), -1); /* nothing was mapped */
		CHECK_EQ(remap_pfn_range(vma, VA_4G, limit - 4, 4 * P), 0);
		CHECK_EQ(ptf_follow(&f, VA_4G + 3 * P, &pfn), PT_PTE);
		CHECK_EQ(pfn, limit - 1);
		ptf_finish(&f);
	}
	host_arch_pa_bits = 48;
}

/* Kernel mappings go into a private root table: the host has no kernel half. */
TEST(pa_width_ioremap)
{
	pgd_t *saved = swapper_pg_dir;

	host_env_init();
	swapper_pg_dir = __va(pt_alloc_table());
	for (unsigned int i = 0; i < ARRAY_SIZE(widths); i++) {
		phys_addr_t limit = 1UL << widths[i];

		host_arch_pa_bits = widths[i];
		CHECK(ioremap(limit - P, P) != NULL);
		CHECK(ioremap(limit, P) == NULL);
		CHECK(ioremap(limit - P, 2 * P) == NULL);
		CHECK(ioremap(limit - 8, 16) == NULL); /* a few bytes across it */
	}
	host_arch_pa_bits = 48;
	/* The tables stay allocated (no iounmap); nobody else uses this root. */
	swapper_pg_dir = saved;
}
