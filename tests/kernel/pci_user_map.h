/*
 * What the PCI device tests (pci_edu.c, pci_ivshmem.c, pci_bochs.c) share: a BAR mapped into a
 * fresh address space that is made current, and how to look at its page tables.
 */
#ifndef PAGODA_TESTS_KERNEL_PCI_USER_MAP_H
#define PAGODA_TESTS_KERNEL_PCI_USER_MAP_H

#include "drivers/pci/pci.h"
#include "mm/mm_types.h"
#include "mm/pgtable.h"

struct bar_user_map {
	struct mm_struct *mm;
	unsigned long va;  /* start of the BAR in mm */
	unsigned long len; /* bytes mapped (the BAR, rounded up to a page) */
};

/*
 * Create an address space, map BAR `bar` of pdev into it with pci_mmap_bar() and switch to it.
 * Returns 0 or the error (recorded as a test failure; nothing is left behind then).
 */
int bar_map_user(struct pci_dev *pdev, int bar, struct bar_user_map *map);

/* Switch back to no address space and destroy map's (the BAR itself is left as written). */
void bar_unmap_user(struct bar_user_map *map);

/* The level of the leaf that maps va in map->mm, or -1 when nothing maps it. */
int bar_leaf_level(const struct bar_user_map *map, unsigned long va);

/* Leaves per level (PT_PTE, PT_PMD, PT_PUD) over the whole mapping. */
struct leaf_counts {
	unsigned long n[PT_PGD];
};
struct leaf_counts bar_count_leaves(const struct bar_user_map *map);

/* printk map->mm's ptdump, one "#   " line per run. */
void bar_print_ptdump(const struct bar_user_map *map);

/* "SSSS:BB:DD.F" of pdev into buf (at least 13 bytes). */
void pci_dev_name(const struct pci_dev *pdev, char *buf, size_t len);

#endif
