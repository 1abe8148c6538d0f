/*
 * Address spaces and huge pfnmaps on the real MMU: a pfnmap of physical memory at an aligned
 * virtual address is faulted in with PUD/PMD leaves (checked through follow_pfnmap and ptdump),
 * data written through it is seen through a second path (the direct map, or a kernel alias of the
 * framebuffer), misaligned mappings fall back to the right order, an access one page past the
 * VMA faults, and destroying the address space returns every page.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "boot_info.h"
#include "ktest.h"
#include "mm/follow.h"
#include "mm/ioremap.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable_check.h"
#include "mm/ptdump.h"
#include "mm/vma.h"
#include "printk.h"

#define RW (VM_READ | VM_WRITE)

static void print_line(const char *line, void *priv)
{
	printk("#   %s\n", line);
}

static void check_tables(struct mm_struct *mm)
{
	struct pgtable_check_report rep;

	if (pgtable_check(mm, &rep))
		printk("# checker: %s at %#lx\n", rep.first_error, rep.first_addr);
	KCHECK_EQ(rep.nr_errors, 0);
}

/* follow_pfnmap at addr must report this pfn at this level, special and writable. */
static void check_follow(struct mm_struct *mm, unsigned long addr, pfn_t pfn, enum pt_level level)
{
	struct follow_pfnmap_args args = { .vma = find_vma(mm, addr), .address = addr };

	KCHECK(args.vma);
	if (!args.vma)
		return;
	KCHECK_EQ(follow_pfnmap_start(&args), 0);
	KCHECK_EQ(args.pfn, pfn);
	KCHECK_EQ(args.level, level);
	KCHECK(args.special);
	KCHECK(args.writable);
	follow_pfnmap_end(&args);
}

/*
 * Map `len` bytes of RAM at pfn (offset from a naturally aligned block) into a new address space,
 * touch it through the user mapping, check the leaf level and the data through the direct map.
 */
static void map_ram_and_check(pfn_t pfn, unsigned long len, enum pt_level level)
{
	unsigned long free_before = nr_free_pages(), va;
	struct mm_struct *mm = mm_create();

	KCHECK(mm);
	if (!mm)
		return;
	KCHECK_EQ(mm_mmap_pfn(mm, 0, pfn, len, RW | VM_SHARED, MT_NORMAL, &va), 0);
	switch_mm(mm);
	for (unsigned long off = 0; off < len; off += len / 8) {
		volatile u64 *user = (volatile u64 *)(va + off);
		u64 *direct = (u64 *)page_address(pfn_to_page(pfn + off / PAGE_SIZE));

		*user = 0x5061676f64610000UL ^ off;
		KCHECK_EQ(*direct, 0x5061676f64610000UL ^ off);
		check_follow(mm, va + off, pfn + off / PAGE_SIZE, level);
	}
	/* One page past the VMA: nothing there, the access faults. */
	KCHECK_EQ(probe_read((const void *)(va + len)), -EFAULT);
	check_tables(mm);
	printk("# pfn %#lx +%#lx at %#lx:\n", (unsigned long)pfn, len, va);
	ptdump(mm, print_line, NULL);
	switch_mm(NULL);
	mm_destroy(mm);
	KCHECK_EQ(nr_free_pages(), free_before);
}

KTEST(mm, ram_pfnmap_uses_pud_leaves)
{
	struct page *block = ktest_alloc_pages(MAX_PAGE_ORDER);

	map_ram_and_check(page_to_pfn(block), SZ_1G, arch_has_pud_leaves() ? PT_PUD : PT_PMD);
	__free_pages(block, MAX_PAGE_ORDER);
}

KTEST(mm, ram_pfnmap_misaligned_falls_back)
{
	struct page *block = ktest_alloc_pages(10); /* 4 MiB */
	pfn_t pfn;

	pfn = page_to_pfn(block);
	/* The VA is 2 MiB aligned but the pfn is one page off: only PTEs can map it. */
	map_ram_and_check(pfn + 1, SZ_2M, PT_PTE);
	/* Both 2 MiB aligned: PMD leaves. */
	map_ram_and_check(pfn, 2 * SZ_2M, PT_PMD);
	__free_pages(block, 10);
}

/*
 * A page from the allocator is RAM, which the direct map holds write-back: mapping it as device
 * or write-combining memory (a conflicting alias) is refused by mmap and ioremap alike, with
 * nothing mapped; as normal memory both work and see the bytes written through the direct map.
 */
KTEST(mm, ram_pfnmap_refuses_device_types)
{
	static const enum mem_type device_types[] = { MT_DEVICE, MT_WC };
	struct page *page = ktest_alloc_pages(0);
	u64 *direct = page_address(page);
	pfn_t pfn = page_to_pfn(page);
	unsigned long free_before, va;
	struct mm_struct *mm;
	const u64 *alias;

	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
		direct[i] = 0x72616d7479706500UL + i;
	mm = mm_create();
	KCHECK(mm);
	if (!mm)
		goto out;
	free_before = nr_free_pages();
	for (unsigned int t = 0; t < ARRAY_SIZE(device_types); t++) {
		KCHECK_EQ(mm_mmap_pfn(mm, 0, pfn, PAGE_SIZE, RW | VM_SHARED, device_types[t], &va),
			  -EINVAL);
		KCHECK(ioremap_prot(PFN_PHYS(pfn), PAGE_SIZE,
				    vm_get_page_prot(RW, device_types[t])) == NULL);
	}
	KCHECK(ioremap(PFN_PHYS(pfn), PAGE_SIZE) == NULL);
	KCHECK_EQ(mm->map_count, 0);
	KCHECK_EQ(nr_free_pages(), free_before);
	KCHECK_EQ(mm_mmap_pfn(mm, 0, pfn, PAGE_SIZE, RW | VM_SHARED, MT_NORMAL, &va), 0);
	switch_mm(mm);
	KCHECK_EQ(memcmp((const void *)va, direct, PAGE_SIZE), 0);
	switch_mm(NULL);
	mm_destroy(mm);
	alias = ioremap_prot(PFN_PHYS(pfn), PAGE_SIZE, vm_get_page_prot(RW, MT_NORMAL));
	KCHECK(alias);
	if (alias)
		KCHECK_EQ(memcmp(alias, direct, PAGE_SIZE), 0);
out:
	__free_pages(page, 0);
}

/* Count the page-table pages an eager 2 GiB mapping needs: one PUD table, nothing below. */
KTEST(mm, remap_2g_allocates_no_pmd_or_pte_table)
{
	/* Physical addresses past all RAM (device memory may not cover RAM): mapped, never touched. */
	const pfn_t pfn = ALIGN_UP(max_pfn, SZ_1G >> PAGE_SHIFT);
	unsigned long va, tables_before;
	struct vm_area_struct *vma;
	struct mm_struct *mm = mm_create();

	KCHECK(mm);
	if (!mm)
		return;
	KCHECK_EQ(mm_mmap_pfn(mm, 0, pfn, 2 * SZ_1G, RW | VM_SHARED, MT_DEVICE, &va), 0);
	KCHECK(IS_ALIGNED(va, SZ_1G));
	vma = find_vma(mm, va);
	tables_before = mm->nr_pgtables;
	KCHECK_EQ(remap_pfn_range(vma, va, pfn, 2 * SZ_1G), 0);
	printk("# 2 GiB pfnmap: %lu page-table page(s) (PUD leaves: %s)\n",
	       mm->nr_pgtables - tables_before, arch_has_pud_leaves() ? "yes" : "no");
	if (arch_has_pud_leaves())
		KCHECK_EQ(mm->nr_pgtables - tables_before, 1);
	check_follow(mm, va + SZ_1G + 5 * PAGE_SIZE, pfn + (SZ_1G >> PAGE_SHIFT) + 5,
		     arch_has_pud_leaves() ? PT_PUD : PT_PMD);
	check_tables(mm);
	ptdump(mm, print_line, NULL);
	mm_destroy(mm);
}

/* The GOP framebuffer as a write-combining pfnmap, checked through a kernel alias. */
KTEST(mm, framebuffer_pfnmap)
{
	const struct boot_fb *fb = boot_framebuffer();
	unsigned long free_before, va, len;
	struct mm_struct *mm;
	volatile u32 *user, *alias;

	if (!fb)
		KSKIP("no GOP framebuffer on this machine");
	len = ALIGN_UP(fb->size, PAGE_SIZE);
	/* The kernel alias stays (there is no iounmap yet): count pages only after it exists. */
	alias = ioremap_prot(fb->base, len, vm_get_page_prot(RW, MT_WC));
	KCHECK(alias);
	free_before = nr_free_pages();
	mm = mm_create();
	KCHECK(mm);
	if (!mm)
		return;
	KCHECK_EQ(mm_mmap_pfn(mm, 0, PHYS_PFN(fb->base), len, RW | VM_SHARED, MT_WC, &va), 0);
	switch_mm(mm);
	user = (volatile u32 *)va;
	for (unsigned long i = 0; i < len / 4; i += 4099)
		user[i] = 0x00ff0000u | (u32)i;
	for (unsigned long i = 0; alias && i < len / 4; i += 4099)
		if (alias[i] != (0x00ff0000u | (u32)i)) {
			KCHECK_EQ(alias[i], 0x00ff0000u | (u32)i);
			break;
		}
	check_follow(mm, va, PHYS_PFN(fb->base),
		     IS_ALIGNED(fb->base, SZ_2M) && len >= SZ_2M ? PT_PMD : PT_PTE);
	KCHECK_EQ(probe_read((const void *)(va + len)), -EFAULT);
	check_tables(mm);
	printk("# framebuffer %#llx +%#lx (%ux%u) at %#lx:\n", (unsigned long long)fb->base, len,
	       fb->width, fb->height, va);
	ptdump(mm, print_line, NULL);
	switch_mm(NULL);
	mm_destroy(mm);
	KCHECK_EQ(nr_free_pages(), free_before);
}

/* Demand-zero anonymous memory, private and shared, and exact accounting on destroy. */
KTEST(mm, anon_demand_zero_and_destroy)
{
	unsigned long free_before = nr_free_pages(), priv, shared;
	struct mm_struct *mm = mm_create();

	KCHECK(mm);
	if (!mm)
		return;
	KCHECK_EQ(mm_mmap_anon(mm, 0, 16 * PAGE_SIZE, RW | VM_USER, &priv), 0);
	KCHECK_EQ(mm_mmap_anon(mm, 0, 16 * PAGE_SIZE, RW | VM_USER | VM_SHARED, &shared), 0);
	switch_mm(mm);
	for (unsigned long off = 0; off < 16 * PAGE_SIZE; off += PAGE_SIZE) {
		KCHECK_EQ(*(volatile u64 *)(priv + off), 0);
		*(volatile u64 *)(priv + off) = off + 1;
		*(volatile u64 *)(shared + off) = off + 2;
		KCHECK_EQ(*(volatile u64 *)(priv + off), off + 1);
		KCHECK_EQ(*(volatile u64 *)(shared + off), off + 2);
	}
	KCHECK_EQ(probe_write((void *)(MAX(priv, shared) + 16 * PAGE_SIZE)), -EFAULT);
	check_tables(mm);
	/* A partial munmap leaves the rest mapped and its data intact; the hole faults. */
	KCHECK_EQ(do_munmap(mm, priv + 4 * PAGE_SIZE, 4 * PAGE_SIZE), 0);
	KCHECK_EQ(probe_read((const void *)(priv + 5 * PAGE_SIZE)), -EFAULT);
	KCHECK_EQ(*(volatile u64 *)(priv + 9 * PAGE_SIZE), 9 * PAGE_SIZE + 1);
	check_tables(mm);
	switch_mm(NULL);
	mm_destroy(mm);
	KCHECK_EQ(nr_free_pages(), free_before);
}
