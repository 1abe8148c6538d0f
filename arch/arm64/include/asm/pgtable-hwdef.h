/*
 * arm64 VMSAv8-64 descriptors, 4 KiB granule, 48-bit VA and PA: raw bits
 * (docs/hardware.md#arm64-descriptor-bits; Linux arm64 pgtable-hwdef.h / pgtable-prot.h names).
 * Only <asm/pgtable.h> and arch code use these; mm/ goes through the pXd_* helpers.
 */
#ifndef PAGODA_ASM_PGTABLE_HWDEF_H
#define PAGODA_ASM_PGTABLE_HWDEF_H

#include "pgtable-geometry.h"

/*
 * Descriptor type, bits[1:0]: x0 invalid; 11 table at levels 0-2 and page at level 3; 01 block
 * at levels 1 (1 GiB) and 2 (2 MiB).
 */
#define PTE_VALID BIT(0)
#define PTE_TABLE_BIT BIT(1)
#define PTE_TYPE_MASK (3UL << 0)
#define PTE_TYPE_PAGE (3UL << 0)
#define PMD_TYPE_TABLE (3UL << 0)
#define PMD_TYPE_SECT (1UL << 0)

/* Page and block attributes, the same in both. */
#define PTE_ATTRINDX_SHIFT 2
#define PTE_ATTRINDX(idx) ((u64)(idx) << PTE_ATTRINDX_SHIFT) /* MAIR_EL1 byte */
#define PTE_ATTRINDX_MASK PTE_ATTRINDX(7)
#define PTE_USER BIT(6)	      /* AP[1]: EL0 access */
#define PTE_RDONLY BIT(7)     /* AP[2]: read-only */
#define PTE_SHARED (3UL << 8) /* SH: inner shareable */
#define PTE_AF BIT(10)	      /* access flag: clear faults on first use (no FEAT_HAFDBS use) */
#define PTE_NG BIT(11)	      /* not global: tagged with the ASID */
#define PTE_PXN BIT(53)	      /* no execution at EL1 */
#define PTE_UXN BIT(54)	      /* no execution at EL0 */
/* Software bits [58:55], ignored by the MMU (Linux's assignments). */
#define PTE_DIRTY BIT(55)
#define PTE_SPECIAL BIT(56)   /* no struct page behind the pfn */
#define PTE_PROT_NONE BIT(58) /* only with PTE_VALID clear: a present PROT_NONE leaf */

/* Output addresses (48-bit PA; no FEAT_LPA2 layout). */
#define PHYS_MASK_SHIFT 48
#define PTE_PFN_MASK GENMASK(47, 12) /* also the next-table address in a table descriptor */
#define PMD_PFN_MASK GENMASK(47, 21)
#define PUD_PFN_MASK GENMASK(47, 30)

/*
 * MAIR_EL1, which the loader and kernel program: attribute bytes and Pagoda's index assignment
 * (different from Linux's), see docs/hardware.md#arm64-mair.
 */
#define MAIR_ATTR_DEVICE_nGnRnE 0x00UL
#define MAIR_ATTR_DEVICE_nGnRE 0x04UL
#define MAIR_ATTR_NORMAL_NC 0x44UL
#define MAIR_ATTR_NORMAL 0xffUL /* write-back, read/write-allocate, inner and outer */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE_nGnRE 1
#define MAIR_IDX_NORMAL_NC 2
#define MAIR_IDX_DEVICE_nGnRnE 3
#define MAIR_ATTRIDX(attr, idx) ((attr) << ((idx)*8))
#define MAIR_VALUE                                                                                 \
	(MAIR_ATTRIDX(MAIR_ATTR_NORMAL, MAIR_IDX_NORMAL) |                                         \
	 MAIR_ATTRIDX(MAIR_ATTR_DEVICE_nGnRE, MAIR_IDX_DEVICE_nGnRE) |                             \
	 MAIR_ATTRIDX(MAIR_ATTR_NORMAL_NC, MAIR_IDX_NORMAL_NC) |                                   \
	 MAIR_ATTRIDX(MAIR_ATTR_DEVICE_nGnRnE, MAIR_IDX_DEVICE_nGnRnE))

#endif
