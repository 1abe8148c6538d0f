/*
 * Every edu device (QEMU -device edu, docs/hardware.md#qemu-devices), wherever it sits in the tree
 * (behind root ports and PCI bridges too): identification, liveness and factorial through the
 * edu driver (drivers/misc/edu.c), then liveness again through a user pfnmap of BAR0 (uncached, page
 * leaves).
 */
#include <asm/io.h>

#include "drivers/misc/edu.h"
#include "ktest.h"
#include "mm/vma.h"
#include "pci_user_map.h"
#include "printk.h"

#define EDU_IDENT_QEMU_7_2 0x010000ed
#define LIVENESS_PATTERN 0x12345678u

/* The registers through a user mapping: BAR0 is not prefetchable, so MT_DEVICE. */
static void check_edu_user_mapping(struct pci_dev *pdev)
{
	struct bar_user_map map;
	u8 *regs;

	if (bar_map_user(pdev, 0, &map))
		return;
	regs = (u8 *)map.va;
	KCHECK_EQ(find_vma(map.mm, map.va)->mem_type, MT_DEVICE);
	KCHECK_EQ(readl(regs + EDU_REG_IDENT), EDU_IDENT_QEMU_7_2);
	writel(~LIVENESS_PATTERN, regs + EDU_REG_LIVENESS);
	KCHECK_EQ(readl(regs + EDU_REG_LIVENESS), LIVENESS_PATTERN);
	KCHECK_EQ(bar_leaf_level(&map, map.va), PT_PTE);
	bar_unmap_user(&map);
}

static void check_edu(struct edu_device *edu)
{
	u32 ident, live, fact = 0;
	char name[16];

	pci_dev_name(edu->pdev, name, sizeof(name));
	ident = edu_ident(edu);
	live = edu_liveness(edu, LIVENESS_PATTERN);
	KCHECK_EQ(ident, EDU_IDENT_QEMU_7_2);
	KCHECK_EQ(live, ~LIVENESS_PATTERN);
	KCHECK_EQ(edu_liveness(edu, 0), 0xffffffffu);
	KCHECK_EQ(edu_factorial(edu, 10, &fact), 0);
	KCHECK_EQ(fact, 3628800);
	printk("# edu %s: ident %#010x, liveness %#x -> %#x, 10! = %u\n", name, ident,
	       LIVENESS_PATTERN, live, fact);
	check_edu_user_mapping(edu->pdev);
}

/* Every edu the driver bound: as many as the PCI list holds (none fails to bind on QEMU). */
KTEST(pci, edu_registers)
{
	struct edu_device *edu;
	unsigned int n;

	for (n = 0; (edu = edu_get(n)); n++)
		check_edu(edu);
	KCHECK(!pci_get_device(PCI_VENDOR_ID_QEMU, PCI_DEVICE_ID_QEMU_EDU, n));
	if (!n)
		KSKIP("no edu device on this machine");
}
