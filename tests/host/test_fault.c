/*
 * The fault ladder (mm/memory.c) with pfnmap_vm_ops: which leaf order each fault gets
 * (docs/rules.md, R2 and R13), what tables it costs, and its errors. Faults are driven by calling
 * handle_mm_fault() directly: the host has no MMU.
 */
#include <errno.h>
#include <string.h>

#include "host_arch.h"
#include "linux_mman.h"
#include "mm/fault.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mprotect.h"
#include "mm/page_alloc.h"
#include "pt_fixture.h"
#include "tap.h"

#define VA_4G (4UL << 30)
#define PFN_4G ((4UL << 30) >> PAGE_SHIFT)
#define PAGES(bytes) ((bytes) >> PAGE_SHIFT)

static void check_dump(struct pt_fixture *f, const char *want)
{
	char got[2048];

	ptf_ptdump(f, got, sizeof(got));
	CHECK(!strcmp(got, want));
	if (strcmp(got, want))
		printf("# ptdump got:\n%s# want:\n%s", got, want);
}

/* Map [va, va + len) at pfn, fault all of it in, and compare the dump with want. */
static void fault_case(unsigned long va, pfn_t pfn, unsigned long len, const char *want)
{
	struct pt_fixture f;

	ptf_init(&f);
	ptf_add_pfnmap(&f, va, len, pfn, MT_DEVICE);
	ptf_fault_range(&f, va, va + len);
	check_dump(&f, want);
	ptf_check(&f);
	ptf_finish(&f);
}

TEST(fault_pud_aligned_2g_gets_two_pud_leaves)
{
	struct pt_fixture f;
	unsigned long tables;
	pfn_t pfn;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, 2UL << 30, PFN_4G, MT_DEVICE);
	tables = nr_pgtable_pages();
	CHECK_EQ(ptf_fault(&f, VA_4G + 12345, 0), VM_FAULT_NOPAGE);
	CHECK_EQ(ptf_fault(&f, VA_4G + (3UL << 29), FAULT_FLAG_WRITE), VM_FAULT_NOPAGE);
	/* One PUD table below the root; no PMD or PTE table. */
	CHECK_EQ(nr_pgtable_pages() - tables, 1);
	CHECK_EQ(f.mm.nr_pgtables, 2);
	CHECK_EQ(ptf_follow(&f, VA_4G + 12345, &pfn), PT_PUD);
	CHECK_EQ(pfn, PFN_4G + 3);
	CHECK_EQ(ptf_follow(&f, VA_4G + (3UL << 29), &pfn), PT_PUD);
	CHECK_EQ(pfn, PFN_4G + PAGES(3UL << 29));
	check_dump(&f, "0x0000000100000000-0x0000000180000000     2G PUD RW-U special device\n");
	/* A second fault on a mapped leaf is spurious: nothing changes. */
	CHECK_EQ(ptf_fault(&f, VA_4G, FAULT_FLAG_WRITE), 0);
	ptf_check(&f);
	ptf_finish(&f);
}

/* VA and pfn both shifted by 2 MiB: the 1 GiB block inside still gets its PUD leaf. */
TEST(fault_shift_2m_gets_pmd_leaves_around_a_pud)
{
	fault_case(VA_4G + PMD_SIZE, PFN_4G + PAGES(PMD_SIZE), 2UL << 30,
		   "0x0000000100200000-0x0000000140000000  1022M PMD RW-U special device\n"
		   "0x0000000140000000-0x0000000180000000     1G PUD RW-U special device\n"
		   "0x0000000180000000-0x0000000180200000     2M PMD RW-U special device\n");
}

/* Shifted by 4 KiB: PTEs up to the first 2 MiB boundary, PMDs, the PUD, one last PTE. */
TEST(fault_shift_4k_gets_ptes_then_pmds_then_pud)
{
	fault_case(VA_4G + PAGE_SIZE, PFN_4G + 1, 2UL << 30,
		   "0x0000000100001000-0x0000000100200000  2044K PTE RW-U special device\n"
		   "0x0000000100200000-0x0000000140000000  1022M PMD RW-U special device\n"
		   "0x0000000140000000-0x0000000180000000     1G PUD RW-U special device\n"
		   "0x0000000180000000-0x0000000180001000     4K PTE RW-U special device\n");
}

/* The VMA ends 4 KiB short of a 1 GiB block: PMD leaves, then PTEs for the last 2 MiB. */
TEST(fault_vma_end_cuts_pud_block)
{
	fault_case(VA_4G, PFN_4G, (1UL << 30) - PAGE_SIZE,
		   "0x0000000100000000-0x000000013fe00000  1022M PMD RW-U special device\n"
		   "0x000000013fe00000-0x000000013ffff000  2044K PTE RW-U special device\n");
}

/* R13 (docs/rules.md): an aligned VA whose pfn is aligned only to 2 MiB or 4 KiB gets that size. */
TEST(fault_misaligned_pfn_falls_back)
{
	fault_case(VA_4G, PFN_4G + PAGES(PMD_SIZE), 1UL << 30,
		   "0x0000000100000000-0x0000000140000000     1G PMD RW-U special device\n");
	fault_case(VA_4G, PFN_4G + 1, 4UL << 20,
		   "0x0000000100000000-0x0000000100400000     4M PTE RW-U special device\n");
}

/* A CPU without 1 GiB leaves is never asked for PUD order. */
TEST(fault_without_pud_leaves_uses_pmds)
{
	host_arch_pud_leaves = false;
	fault_case(VA_4G, PFN_4G, 1UL << 30,
		   "0x0000000100000000-0x0000000140000000     1G PMD RW-U special device\n");
	host_arch_pud_leaves = true;
}

TEST(fault_write_combining_and_normal_memory_types)
{
	struct pt_fixture f;

	ptf_init(&f);
	ptf_add_pfnmap(&f, VA_4G, PMD_SIZE, PFN_4G, MT_WC);
	ptf_add_anon(&f, VA_4G + PMD_SIZE, 2 * PAGE_SIZE);
	ptf_fault_range(&f, VA_4G, VA_4G + PMD_SIZE);
	CHECK_EQ(ptf_fault(&f, VA_4G + PMD_SIZE, FAULT_FLAG_WRITE), 0);
	check_dump(&f, "0x0000000100000000-0x0000000100200000     2M PMD RW-U special wc\n"
		       "0x0000000100200000-0x0000000100201000     4K PTE RW-U -       normal\n");
	ptf_check(&f);
	ptf_finish(&f);
}

TEST(fault_errors)
{
	struct pt_fixture f;
	struct vm_area_struct *vma;
	unsigned long free;

	ptf_init(&f);
	vma = ptf_add_pfnmap(&f, VA_4G, PMD_SIZE, PFN_4G, MT_DEVICE);
	/* Outside the VMA. */
	CHECK_EQ(handle_mm_fault(vma, VA_4G + PMD_SIZE, 0), VM_FAULT_SIGSEGV);
	CHECK_EQ(handle_mm_fault(vma, VA_4G - 1, 0), VM_FAULT_SIGSEGV);
	/* No memory for the PUD table: nothing mapped, nothing leaked, the lock dropped. */
	free = nr_free_pages();
	page_alloc_fail_nth(1);
	CHECK_EQ(handle_mm_fault(vma, VA_4G, 0), VM_FAULT_OOM);
	CHECK_EQ(nr_free_pages(), free);
	CHECK(!pt_locked(&f.mm));
	/* No memory for the PMD table, the PUD table stays (empty) until munmap. */
	page_alloc_fail_nth(2);
	CHECK_EQ(handle_mm_fault(vma, VA_4G, 0), VM_FAULT_OOM);
	CHECK_EQ(f.mm.nr_pgtables, 2);
	CHECK_EQ(handle_mm_fault(vma, VA_4G, 0), VM_FAULT_NOPAGE);
	/* A write fault on a read-only leaf is refused (copy-on-write does not exist yet). */
	vma->vm_page_prot = vm_get_page_prot(VM_READ | VM_USER, MT_DEVICE);
	ptf_unmap(&f, VA_4G, VA_4G + PMD_SIZE);
	CHECK_EQ(handle_mm_fault(vma, VA_4G, 0), VM_FAULT_NOPAGE);
	CHECK_EQ(handle_mm_fault(vma, VA_4G, FAULT_FLAG_WRITE), VM_FAULT_SIGSEGV);
	ptf_finish(&f);
}

/*
 * Linux lets any access permission serve a read fault (access_error: a read needs VM_READ,
 * VM_WRITE or VM_EXEC), since the entries it installs are readable anyway: a write-only or
 * exec-only mapping reads, a PROT_NONE one does not. Shown on this machine's Linux first, then
 * through handle_page_fault() on pfnmaps of each kind, each read checked by the leaf it installed.
 */
TEST(fault_read_allowed_by_any_access_permission_as_linux)
{
	static const struct {
		unsigned long linux_prot, vm_flags;
		int want;
	} cases[] = {
		{ PROT_WRITE, VM_WRITE, 0 },
		{ PROT_EXEC, VM_EXEC, 0 },
		{ PROT_NONE, 0, -EFAULT },
	};
	unsigned long region = linux_reserve(PAGE_SIZE);
	struct pt_fixture f;
	pfn_t pfn;

	CHECK(region != 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long va = VA_4G + i * PMD_SIZE;
		struct vm_area_struct *vma;

		CHECK_EQ(linux_map_anon(region, PAGE_SIZE, cases[i].linux_prot), 0);
		CHECK_EQ(linux_probe_read(region), cases[i].want);

		ptf_init(&f);
		vma = ptf_add_pfnmap(&f, va, PAGE_SIZE, PFN_4G + i, MT_DEVICE);
		vma->vm_flags = cases[i].vm_flags | VM_SHARED | VM_USER | VM_PFNMAP | VM_IO;
		vma->vm_page_prot = vm_get_page_prot(vma->vm_flags, MT_DEVICE);
		switch_mm(&f.mm);
		CHECK_EQ(handle_page_fault(va, FAULT_READ, FAULT_USER), cases[i].want);
		switch_mm(NULL);
		CHECK_EQ(ptf_follow(&f, va, &pfn), cases[i].want ? -1 : PT_PTE);
		if (!cases[i].want)
			CHECK_EQ(pfn, PFN_4G + i);
		ptf_finish(&f);
	}
	CHECK_EQ(linux_munmap(region, PAGE_SIZE), 0);
}
