/*
 * ivshmem-plain (docs/hardware.md#qemu-devices): BAR2 is the host's shared memory. It is mapped
 * into an address space (a prefetchable BAR: write-combining, the largest leaves its alignment
 * allows: two 1 GiB PUD leaves for QEMU's 2 GiB BAR at a 1 GiB aligned address), and through that
 * user mapping the little-endian u64 `o ^ IVSHMEM_MAGIC` is written at every 64 KiB offset o, and
 * nothing else: the runner (tests/qemu/pci_devices.py) then checks the backing file on the host,
 * word by word and zeros in between. No other test writes there.
 */
#include <asm/io.h>

#include "arch.h"
#include "ktest.h"
#include "mm/vma.h"
#include "pci_user_map.h"
#include "printk.h"

#define PCI_VENDOR_ID_REDHAT_QUMRANET 0x1af4
#define PCI_DEVICE_ID_IVSHMEM 0x1110
#define IVSHMEM_SHMEM_BAR 2
#define IVSHMEM_STRIDE 0x10000UL
#define IVSHMEM_MAGIC 0x5061676f6461UL /* "Pagoda"; the runner's checker uses the same */

/* The leaf size a pfnmap of [addr, addr + size) gets when everything is aligned to it. */
static unsigned long expected_leaf_size(u64 addr, u64 size)
{
	if (arch_has_pud_leaves() && size >= SZ_1G && IS_ALIGNED(addr, SZ_1G))
		return SZ_1G;
	if (size >= SZ_2M && IS_ALIGNED(addr, SZ_2M))
		return SZ_2M;
	return PAGE_SIZE;
}

static enum pt_level leaf_level_of(unsigned long leaf_size)
{
	return leaf_size == SZ_1G ? PT_PUD : leaf_size == SZ_2M ? PT_PMD : PT_PTE;
}

/* Write the pattern, then read it back through the same mapping; returns the words written. */
static unsigned long write_pattern(unsigned long va, unsigned long size)
{
	unsigned long off, bad = 0;

	for (off = 0; off < size; off += IVSHMEM_STRIDE)
		*(volatile u64 *)(va + off) = off ^ IVSHMEM_MAGIC;
	for (off = 0; off < size; off += IVSHMEM_STRIDE)
		bad += *(volatile u64 *)(va + off) != (off ^ IVSHMEM_MAGIC);
	KCHECK_EQ(bad, 0);
	return off / IVSHMEM_STRIDE;
}

KTEST(pci, ivshmem_bar2_pattern)
{
	struct pci_dev *pdev =
		pci_get_device(PCI_VENDOR_ID_REDHAT_QUMRANET, PCI_DEVICE_ID_IVSHMEM, 0);
	const struct pci_bar *bar;
	struct bar_user_map map;
	unsigned long leaf, words, touched;
	struct leaf_counts c;
	char name[16];

	if (!pdev)
		KSKIP("no ivshmem device on this machine");
	pci_dev_name(pdev, name, sizeof(name));
	bar = &pdev->bar[IVSHMEM_SHMEM_BAR];
	KCHECK(bar->kind == PCI_BAR_MEM64 && bar->prefetch);
	if (bar_map_user(pdev, IVSHMEM_SHMEM_BAR, &map))
		return;
	KCHECK_EQ(find_vma(map.mm, map.va)->mem_type, MT_WC);
	leaf = expected_leaf_size(bar->addr, bar->size);
	KCHECK(IS_ALIGNED(map.va, leaf));
	words = write_pattern(map.va, map.len);
	wmb(); /* write-combining stores: the host reads the shared file after power-off */
	c = bar_count_leaves(&map);
	printk("# ivshmem %s BAR2 %#llx size %#llx at %#lx: %lu words, leaves: %lu PUD, %lu PMD, "
	       "%lu PTE\n",
	       name, (unsigned long long)bar->addr, (unsigned long long)bar->size, map.va, words,
	       c.n[PT_PUD], c.n[PT_PMD], c.n[PT_PTE]);
	/* One fault per leaf the stride touches: every huge leaf, every 16th page. */
	touched = (map.len + MAX(leaf, IVSHMEM_STRIDE) - 1) / MAX(leaf, IVSHMEM_STRIDE);
	KCHECK_EQ(c.n[leaf_level_of(leaf)], touched);
	KCHECK_EQ(c.n[PT_PUD] + c.n[PT_PMD] + c.n[PT_PTE], touched);
	KCHECK_EQ(bar_leaf_level(&map, map.va + (words - 1) * IVSHMEM_STRIDE), leaf_level_of(leaf));
	bar_print_ptdump(&map);
	bar_unmap_user(&map);
}
