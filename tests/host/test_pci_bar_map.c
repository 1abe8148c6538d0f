/*
 * pci_mmap_bar() and pci_ioremap_bar() (drivers/pci/bar_map.c) on hand-made functions: the VMA
 * each BAR becomes (placement, flags, pfn, memory type), the leaf a fault installs, the kernel
 * mapping's memory type, and every refusal.
 */
#include <errno.h>

#include <asm/pgtable.h>

#include "drivers/pci/bar_map.h"
#include "host_env.h"
#include "mm/follow.h"
#include "mm/ioremap.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/vma.h"
#include "tap.h"

#define BAR_2G_ADDR 0xe000000000UL /* OVMF's ivshmem BAR2 (docs/hardware.md#q35-address-map) */
#define FB_ADDR 0xc0000000UL

/* Shaped like ivshmem: BAR0 registers, BAR2 2 GiB prefetchable; BAR1 unassigned, BAR4 I/O. */
static struct pci_dev fake_dev(void)
{
	struct pci_dev dev = { .nr_bars = PCI_NUM_BARS };

	dev.bar[0] = (struct pci_bar){ PCI_BAR_MEM32, false, true, false, 0xc1000000, 256 };
	dev.bar[1] = (struct pci_bar){ PCI_BAR_MEM32, false, false, false, 0, 4096 };
	dev.bar[2] = (struct pci_bar){ PCI_BAR_MEM64, true, true, false, BAR_2G_ADDR, SZ_1G * 2 };
	dev.bar[4] = (struct pci_bar){ PCI_BAR_IO, false, true, false, 0x6000, 32 };
	dev.bar[5] = (struct pci_bar){ PCI_BAR_MEM32, true, true, false, FB_ADDR, 8 * SZ_2M };
	return dev;
}

/* The level that maps addr after a user write fault there, and its pfn. */
static enum pt_level fault_and_follow(struct mm_struct *mm, unsigned long addr, pfn_t *pfn)
{
	struct follow_pfnmap_args args = { .vma = find_vma(mm, addr), .address = addr };
	enum pt_level level;

	CHECK_EQ(handle_page_fault(addr, FAULT_WRITE, FAULT_USER), 0);
	if (!args.vma || follow_pfnmap_start(&args))
		return -1;
	level = args.level;
	*pfn = args.pfn;
	follow_pfnmap_end(&args);
	return level;
}

TEST(pci_mmap_bar_maps_whole_bar_aligned_with_type_policy)
{
	struct pci_dev dev = fake_dev();
	unsigned long free_before, regs, big, fb;
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	pfn_t pfn;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK(mm != NULL);
	CHECK_EQ(pci_mmap_bar(mm, &dev, 0, &regs), 0);
	CHECK_EQ(pci_mmap_bar(mm, &dev, 2, &big), 0);
	CHECK_EQ(pci_mmap_bar(mm, &dev, 5, &fb), 0);
	CHECK(IS_ALIGNED(big, SZ_1G));
	CHECK(IS_ALIGNED(fb, SZ_2M));

	vma = find_vma(mm, regs);
	CHECK(vma && vma->vm_start == regs && vma->vm_end == regs + PAGE_SIZE);
	CHECK(vma && vma->mem_type == MT_DEVICE && vma->vm_pgoff == PHYS_PFN(0xc1000000));
	vma = find_vma(mm, big);
	CHECK(vma && vma->vm_end - vma->vm_start == 2 * SZ_1G && vma->mem_type == MT_WC);
	CHECK(vma && vma->vm_pgoff == PHYS_PFN(BAR_2G_ADDR));
	CHECK(vma && (vma->vm_flags & (VM_PFNMAP | VM_IO | VM_SHARED | VM_READ | VM_WRITE)) ==
			     (VM_PFNMAP | VM_IO | VM_SHARED | VM_READ | VM_WRITE));
	vma = find_vma(mm, fb);
	CHECK(vma && vma->vm_end - vma->vm_start == 8 * SZ_2M && vma->mem_type == MT_WC);

	switch_mm(mm);
	CHECK_EQ(fault_and_follow(mm, big + SZ_1G + 0x10000, &pfn),
		 arch_has_pud_leaves() ? PT_PUD : PT_PMD);
	CHECK_EQ(pfn, PHYS_PFN(BAR_2G_ADDR + SZ_1G + 0x10000));
	CHECK_EQ(fault_and_follow(mm, fb + 3 * SZ_2M + 8, &pfn), PT_PMD);
	CHECK_EQ(pfn, PHYS_PFN(FB_ADDR + 3 * SZ_2M));
	CHECK_EQ(fault_and_follow(mm, regs, &pfn), PT_PTE);
	CHECK_EQ(pfn, PHYS_PFN(0xc1000000));
	switch_mm(NULL);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
}

TEST(pci_mmap_bar_refuses_what_it_cannot_map)
{
	struct pci_dev dev = fake_dev();
	unsigned long free_before, va = 0;
	struct mm_struct *mm;

	host_env_init();
	free_before = nr_free_pages();
	mm = mm_create();
	CHECK(mm != NULL);
	CHECK_EQ(pci_mmap_bar(mm, &dev, -1, &va), -EINVAL);
	CHECK_EQ(pci_mmap_bar(mm, &dev, PCI_NUM_BARS, &va), -EINVAL);
	CHECK_EQ(pci_mmap_bar(mm, &dev, 3, &va), -EINVAL); /* upper half of BAR2 */
	CHECK_EQ(pci_mmap_bar(mm, &dev, 4, &va), -EINVAL); /* I/O */
	CHECK_EQ(pci_mmap_bar(mm, &dev, 1, &va), -ENXIO);  /* no address */
	dev.bar[0].addr += 0x100;			   /* shares a page with something else */
	CHECK_EQ(pci_mmap_bar(mm, &dev, 0, &va), -EINVAL);
	dev.nr_bars = 2; /* a bridge: BARs 2-5 do not exist */
	CHECK_EQ(pci_mmap_bar(mm, &dev, 2, &va), -EINVAL);
	CHECK_EQ(mm->map_count, 0);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
}

/* Leaves the walk met per level, and whether each had the expected memory type. */
struct leaf_tally {
	unsigned long n[PT_PGD];
	enum mem_type want;
	bool wrong_type;
};

static void tally(struct leaf_tally *t, enum pt_level level, pgprot_t prot)
{
	t->n[level]++;
	t->wrong_type |= pgprot_mem_type(prot) != t->want;
}

static int tally_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	tally(priv, PT_PUD, pud_pgprot(pudp_get(pud)));
	return 0;
}

static int tally_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	tally(priv, PT_PMD, pmd_pgprot(pmdp_get(pmd)));
	return 0;
}

static int tally_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	tally(priv, PT_PTE, pte_pgprot(ptep_get(pte)));
	return 0;
}

static struct leaf_tally kernel_leaves(void *va, unsigned long len, enum mem_type want)
{
	static const struct pt_walk_ops ops = { .pud_entry = tally_pud,
						.pmd_entry = tally_pmd,
						.pte_entry = tally_pte };
	struct leaf_tally t = { .want = want };

	pgtable_walk(swapper_pg_dir, (unsigned long)va, (unsigned long)va + len, &ops, &t);
	return t;
}

/* Kernel mappings go into a private root table here: the host has no kernel half. */
TEST(pci_ioremap_bar_largest_leaves_and_type_policy)
{
	struct pci_dev dev = fake_dev();
	pgd_t *saved = swapper_pg_dir;
	struct leaf_tally t;
	void *va;

	host_env_init();
	swapper_pg_dir = __va(pt_alloc_table());
	va = pci_ioremap_bar(&dev, 2);
	CHECK(va != NULL && IS_ALIGNED((unsigned long)va, SZ_1G));
	t = kernel_leaves(va, 2 * SZ_1G, MT_WC);
	if (arch_has_pud_leaves())
		CHECK_EQ(t.n[PT_PUD], 2);
	else
		CHECK_EQ(t.n[PT_PMD], 2 * SZ_1G / SZ_2M);
	CHECK(!t.wrong_type);
	va = pci_ioremap_bar(&dev, 5);
	t = kernel_leaves(va, 8 * SZ_2M, MT_WC);
	CHECK_EQ(t.n[PT_PMD], 8);
	CHECK(!t.wrong_type);
	va = pci_ioremap_bar(&dev, 0);
	CHECK(va != NULL);
	t = kernel_leaves(va, PAGE_SIZE, MT_DEVICE);
	CHECK_EQ(t.n[PT_PTE], 1);
	CHECK(!t.wrong_type);
	CHECK(pci_ioremap_bar(&dev, 4) == NULL);
	CHECK(pci_ioremap_bar(&dev, 1) == NULL);
	CHECK(pci_ioremap_bar(&dev, 3) == NULL);
	CHECK(pci_ioremap_bar(&dev, 6) == NULL);
	/* The tables stay allocated (no iounmap); nobody else uses this root. */
	swapper_pg_dir = saved;
}
