/* Helpers of the PCI device tests (pci_user_map.h). */
#include <errno.h>

#include "drivers/pci/bar_map.h"
#include "ktest.h"
#include "lib.h"
#include "mm/follow.h"
#include "mm/mm.h"
#include "mm/ptdump.h"
#include "mm/vma.h"
#include "pci_user_map.h"
#include "printk.h"

int bar_map_user(struct pci_dev *pdev, int bar, struct bar_user_map *map)
{
	int err;

	map->mm = mm_create();
	KCHECK(map->mm);
	if (!map->mm)
		return -ENOMEM;
	err = pci_mmap_bar(map->mm, pdev, bar, &map->va);
	KCHECK_EQ(err, 0);
	if (err) {
		mm_destroy(map->mm);
		return err;
	}
	map->len = ALIGN_UP(pdev->bar[bar].size, PAGE_SIZE);
	switch_mm(map->mm);
	return 0;
}

void bar_unmap_user(struct bar_user_map *map)
{
	switch_mm(NULL);
	mm_destroy(map->mm);
}

int bar_leaf_level(const struct bar_user_map *map, unsigned long va)
{
	struct follow_pfnmap_args args = { .vma = find_vma(map->mm, va), .address = va };
	int level;

	if (!args.vma || follow_pfnmap_start(&args))
		return -1;
	level = args.level;
	follow_pfnmap_end(&args);
	return level;
}

static int count_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	((struct leaf_counts *)priv)->n[PT_PUD]++;
	return 0;
}

static int count_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	((struct leaf_counts *)priv)->n[PT_PMD]++;
	return 0;
}

static int count_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	((struct leaf_counts *)priv)->n[PT_PTE]++;
	return 0;
}

struct leaf_counts bar_count_leaves(const struct bar_user_map *map)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = count_pud,
		.pmd_entry = count_pmd,
		.pte_entry = count_pte,
	};
	struct leaf_counts c = { { 0 } };

	pgtable_walk(map->mm->pgd, map->va, map->va + map->len, &ops, &c);
	return c;
}

static void print_line(const char *line, void *priv)
{
	printk("#   %s\n", line);
}

void bar_print_ptdump(const struct bar_user_map *map)
{
	ptdump(map->mm, print_line, NULL);
}

void pci_dev_name(const struct pci_dev *pdev, char *buf, size_t len)
{
	ksnprintf(buf, len, "%04x:%02x:%02x.%x", pdev->segment, pdev->bus, pdev->dev, pdev->fn);
}
