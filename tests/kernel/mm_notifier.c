/*
 * The secondary-MMU subscriber (mm/shadow_mmu.c) on the real MMU: the CPU faults anonymous and
 * pfnmap memory in, the shadow fills from the same tables and must name the very pages the CPU
 * wrote (checked through the direct map); mprotect and munmap, which the CPU then obeys
 * (probe_write/probe_read fault), drop the shadow's entries and show in its counts.
 */
#include <errno.h>

#include "arch.h"
#include "ktest.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mprotect.h"
#include "mm/page_alloc.h"
#include "mm/shadow_mmu.h"
#include "printk.h"

#define RW (VM_READ | VM_WRITE | VM_USER)
#define NR_ANON 8

static struct shadow_mmu shadow;

static void print_line(const char *line, void *priv)
{
	printk("#   %s\n", line);
}

/* The CPU wrote value at va; the shadow's pfn for va must hold it (seen through the direct map). */
static void check_shadow_page(unsigned long va, u64 value, enum fault_access access)
{
	pfn_t pfn = 0;

	KCHECK_EQ(shadow_mmu_translate(&shadow, va, access, &pfn), 0);
	KCHECK(pfn_valid(pfn));
	if (pfn_valid(pfn)) {
		const char *page = page_address(pfn_to_page(pfn));

		KCHECK_EQ(*(const u64 *)(page + (va & ~PAGE_MASK)), value);
	}
}

KTEST(mm, notifier_shadow_mmu_follows_the_primary)
{
	unsigned long free_before = nr_free_pages(), anon, pfnmap, starts;
	struct page *block = alloc_pages(PMD_ORDER);
	struct mm_struct *mm = mm_create();
	pfn_t pfn;

	KCHECK(mm && block);
	if (!mm || !block)
		return;
	KCHECK_EQ(mm_mmap_anon(mm, 0, NR_ANON * PAGE_SIZE, RW, &anon), 0);
	KCHECK_EQ(mm_mmap_pfn(mm, 0, page_to_pfn(block), PMD_SIZE, RW | VM_SHARED, MT_NORMAL,
			      &pfnmap),
		  0);
	shadow_mmu_init(&shadow);
	KCHECK_EQ(shadow_mmu_attach(&shadow, mm), 0);
	switch_mm(mm);

	/* The CPU faults everything in; the shadow then resolves to the same pages. */
	for (unsigned long i = 0; i < NR_ANON; i++)
		*(volatile u64 *)(anon + i * PAGE_SIZE + 8) = 0xa0 + i;
	*(volatile u64 *)(pfnmap + 5 * PAGE_SIZE) = 0x5050;
	for (unsigned long i = 0; i < NR_ANON; i++)
		check_shadow_page(anon + i * PAGE_SIZE + 8, 0xa0 + i, FAULT_WRITE);
	check_shadow_page(pfnmap + 5 * PAGE_SIZE, 0x5050, FAULT_WRITE);
	/* One PMD leaf serves the whole pfnmap: a hit, not a fill. */
	KCHECK_EQ(shadow_mmu_nr_cached(&shadow), NR_ANON + 1);
	KCHECK_EQ(shadow_mmu_translate(&shadow, pfnmap + 300 * PAGE_SIZE, FAULT_WRITE, &pfn), 0);
	KCHECK_EQ(pfn, page_to_pfn(block) + 300);
	KCHECK_EQ(shadow.stats.hits, 1);

	/*
	 * Read-only: the CPU may not write, nor may the shadow; reads go on. The anonymous range
	 * lies in one PUD range, so mprotect opens exactly one bracket, over that range alone: the
	 * anonymous entries go, the pfnmap's leaf outside it stays cached.
	 */
	KCHECK_EQ(anon >> PUD_SHIFT, (anon + NR_ANON * PAGE_SIZE - 1) >> PUD_SHIFT);
	starts = shadow.stats.starts;
	KCHECK_EQ(mm_mprotect(mm, anon, NR_ANON * PAGE_SIZE, PROT_READ), 0);
	KCHECK_EQ(shadow.stats.starts, starts + 1);
	KCHECK_EQ(shadow.stats.ends, starts + 1);
	KCHECK_EQ(shadow.stats.events[MMU_NOTIFY_PROTECTION], 1);
	KCHECK_EQ(shadow.stats.dropped, NR_ANON);
	KCHECK_EQ(shadow_mmu_nr_cached(&shadow), 1);
	KCHECK_EQ(shadow_mmu_translate(&shadow, pfnmap, FAULT_WRITE, &pfn), 0);
	KCHECK_EQ(shadow.stats.hits, 2);
	KCHECK_EQ(probe_write((void *)(anon + 8)), -EFAULT);
	KCHECK_EQ(shadow_mmu_translate(&shadow, anon + 8, FAULT_WRITE, &pfn), -EFAULT);
	check_shadow_page(anon + 8, 0xa0, FAULT_READ);
	KCHECK_EQ(shadow_mmu_nr_cached(&shadow), 2);
	/* Write back: one more bracket, which drops the read-only entry just filled. */
	KCHECK_EQ(mm_mprotect(mm, anon, NR_ANON * PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	KCHECK_EQ(shadow.stats.starts, starts + 2);
	KCHECK_EQ(shadow.stats.events[MMU_NOTIFY_PROTECTION], 2);
	KCHECK_EQ(shadow_mmu_nr_cached(&shadow), 1);
	KCHECK_EQ(probe_write((void *)(anon + 8)), 0);

	/* munmap: the CPU faults, the shadow dropped its leaf and cannot refill it. */
	KCHECK_EQ(do_munmap(mm, pfnmap, PMD_SIZE), 0);
	KCHECK_EQ(shadow.stats.events[MMU_NOTIFY_UNMAP], 1);
	KCHECK_EQ(shadow_mmu_nr_cached(&shadow), 0);
	KCHECK_EQ(probe_read((const void *)(pfnmap + 5 * PAGE_SIZE)), -EFAULT);
	KCHECK_EQ(shadow_mmu_translate(&shadow, pfnmap + 5 * PAGE_SIZE, FAULT_READ, &pfn), -EFAULT);
	KCHECK_EQ(shadow.stats.starts, shadow.stats.ends);
	shadow_mmu_report(&shadow, print_line, NULL);

	switch_mm(NULL);
	mm_destroy(mm);
	KCHECK_EQ(shadow.stats.releases, 1);
	KCHECK_EQ(shadow_mmu_nr_cached(&shadow), 0);
	KCHECK_EQ(shadow_mmu_translate(&shadow, anon, FAULT_READ, &pfn), -ENXIO);
	__free_pages(block, PMD_ORDER);
	KCHECK_EQ(nr_free_pages(), free_before);
}
