/*
 * arm64 page-table descriptors: the pXd_* helpers mm/ uses (docs/rules.md, L6). Bits in
 * pgtable-hwdef.h.
 *
 * pgprot_t values are kept in the level-3 page format (bits[1:0] = 11). pfn_pmd/pfn_pud clear
 * bit 1 to make a block (01); pmd_pgprot/pud_pgprot set it again.
 *
 * PROT_NONE leaves have the valid bit clear and PTE_PROT_NONE (bit 58) set: the MMU faults on
 * them, yet they are present for mm/ and keep their pfn and attributes. A PMD/PUD entry is a
 * leaf when present with bit 1 clear: a valid block is 01, a protnone block 00 with bit 58, and a
 * table always 11.
 *
 * Writable means AP[2] (PTE_RDONLY) clear; dirty is a software bit (hardware dirty management,
 * FEAT_HAFDBS, is not used), so the MMU never sets it: mm/ does.
 */
#ifndef PAGODA_ASM_PGTABLE_H
#define PAGODA_ASM_PGTABLE_H

#include <asm/pgtable-hwdef.h>

#include "pgprot.h"
#include "pgtable-types.h"

/* The flags of a page descriptor; pgtable-levels.h derives the PMD/PUD ones from them. */
static inline bool pte_present(pte_t pte)
{
	return pte_val(pte) & (PTE_VALID | PTE_PROT_NONE);
}

/* Present for mm/ but invalid for the MMU (a PROT_NONE mapping). */
static inline bool pte_protnone(pte_t pte)
{
	return (pte_val(pte) & (PTE_VALID | PTE_PROT_NONE)) == PTE_PROT_NONE;
}

/* Only meaningful when pte_present(): a non-present entry's bits mean something else. */
static inline bool pte_special(pte_t pte)
{
	return pte_val(pte) & PTE_SPECIAL;
}

static inline bool pte_write(pte_t pte)
{
	return !(pte_val(pte) & PTE_RDONLY);
}

static inline bool pte_young(pte_t pte)
{
	return pte_val(pte) & PTE_AF;
}

static inline bool pte_dirty(pte_t pte)
{
	return pte_val(pte) & PTE_DIRTY;
}

static inline pte_t pte_mkspecial(pte_t pte)
{
	return pte_set_flags(pte, PTE_SPECIAL);
}

static inline pte_t pte_mkwrite(pte_t pte)
{
	return pte_clear_flags(pte, PTE_RDONLY);
}

/* The software dirty bit stays: write-protecting does not make the data clean. */
static inline pte_t pte_wrprotect(pte_t pte)
{
	return pte_set_flags(pte, PTE_RDONLY);
}

static inline pte_t pte_mkyoung(pte_t pte)
{
	return pte_set_flags(pte, PTE_AF);
}

static inline pte_t pte_mkold(pte_t pte)
{
	return pte_clear_flags(pte, PTE_AF);
}

static inline pte_t pte_mkdirty(pte_t pte)
{
	return pte_set_flags(pte, PTE_DIRTY);
}

static inline pte_t pte_mkclean(pte_t pte)
{
	return pte_clear_flags(pte, PTE_DIRTY);
}

#include "pgtable-levels.h"

/* Leaves: the pfn, and the protection bits in page format. */
static inline pfn_t pte_pfn(pte_t pte)
{
	return (pte_val(pte) & PTE_PFN_MASK) >> PAGE_SHIFT;
}

static inline pte_t pfn_pte(pfn_t pfn, pgprot_t prot)
{
	return __pte((PFN_PHYS(pfn) & PTE_PFN_MASK) | pgprot_val(prot));
}

static inline pgprot_t pte_pgprot(pte_t pte)
{
	return __pgprot(pte_val(pte) & ~PTE_PFN_MASK);
}

static inline bool pmd_leaf(pmd_t pmd)
{
	return pmd_present(pmd) && !(pmd_val(pmd) & PTE_TABLE_BIT);
}

static inline pfn_t pmd_pfn(pmd_t pmd)
{
	return (pmd_val(pmd) & PMD_PFN_MASK) >> PAGE_SHIFT;
}

/* A 2 MiB block; pfn must be 2 MiB-aligned (lower bits are dropped). */
static inline pmd_t pfn_pmd(pfn_t pfn, pgprot_t prot)
{
	return __pmd((PFN_PHYS(pfn) & PMD_PFN_MASK) | (pgprot_val(prot) & ~PTE_TABLE_BIT));
}

static inline pgprot_t pmd_pgprot(pmd_t pmd)
{
	return __pgprot((pmd_val(pmd) & ~PMD_PFN_MASK) | PTE_TABLE_BIT);
}

static inline bool pud_leaf(pud_t pud)
{
	return pud_present(pud) && !(pud_val(pud) & PTE_TABLE_BIT);
}

static inline pfn_t pud_pfn(pud_t pud)
{
	return (pud_val(pud) & PUD_PFN_MASK) >> PAGE_SHIFT;
}

/* A 1 GiB block; pfn must be 1 GiB-aligned (lower bits are dropped). */
static inline pud_t pfn_pud(pfn_t pfn, pgprot_t prot)
{
	return __pud((PFN_PHYS(pfn) & PUD_PFN_MASK) | (pgprot_val(prot) & ~PTE_TABLE_BIT));
}

static inline pgprot_t pud_pgprot(pud_t pud)
{
	return __pgprot((pud_val(pud) & ~PUD_PFN_MASK) | PTE_TABLE_BIT);
}

/*
 * Table descriptors: pXd_mktable(pa, owner) points an entry at the next-level table at physical
 * address pa (page-aligned); pXd_table_pa reads it back. The owner changes nothing here: the
 * hierarchical APTable/XNTable bits stay 0 and the leaves carry every permission, so the
 * loader's identity-mapped hand-off code (kernel code below USER_VA_END, in TTBR0) stays
 * executable at EL1.
 */
static inline pgd_t pgd_mktable(phys_addr_t pa, enum pt_owner owner)
{
	return __pgd(pa | PMD_TYPE_TABLE);
}

static inline phys_addr_t pgd_table_pa(pgd_t pgd)
{
	return pgd_val(pgd) & PTE_PFN_MASK;
}

static inline pud_t pud_mktable(phys_addr_t pa, enum pt_owner owner)
{
	return __pud(pa | PMD_TYPE_TABLE);
}

static inline phys_addr_t pud_table_pa(pud_t pud)
{
	return pud_val(pud) & PTE_PFN_MASK;
}

static inline pmd_t pmd_mktable(phys_addr_t pa, enum pt_owner owner)
{
	return __pmd(pa | PMD_TYPE_TABLE);
}

static inline phys_addr_t pmd_table_pa(pmd_t pmd)
{
	return pmd_val(pmd) & PTE_PFN_MASK;
}

/*
 * Permissions (pgprot.h) to page-descriptor bits: AF set, inner shareable (ignored for Device
 * memory), AttrIndx of the memory type, AP[2] read-only unless VM_WRITE. Kernel mappings: never
 * EL0-executable (UXN), PXN unless VM_EXEC, global. User mappings (VM_USER): AP[1] EL0 access,
 * nG, never EL1-executable (PXN), UXN unless VM_EXEC. No read/write/exec: protnone.
 * Device and write-combining memory is never executable (UXN and PXN whatever vm_flags say):
 * the CPU may fetch instructions speculatively from an executable mapping, and a speculative
 * read of a device register can change the device's state.
 * Unlike Linux's protection_map, a private writable mapping is writable: Pagoda's clone
 * write-protects copy-on-write memory itself.
 */
static inline pgprot_t vm_get_page_prot(unsigned long vm_flags, enum mem_type mt)
{
	static const unsigned int mair_idx[] = {
		[MT_NORMAL] = MAIR_IDX_NORMAL,
		[MT_DEVICE] = MAIR_IDX_DEVICE_nGnRE,
		[MT_WC] = MAIR_IDX_NORMAL_NC,
	};
	u64 v = PTE_TYPE_PAGE | PTE_AF | PTE_SHARED | PTE_ATTRINDX(mair_idx[mt]);

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		v = (v & ~PTE_VALID) | PTE_PROT_NONE;
	if (!(vm_flags & VM_WRITE))
		v |= PTE_RDONLY;
	if (mt != MT_NORMAL)
		v |= PTE_UXN | PTE_PXN;
	if (vm_flags & VM_USER)
		v |= PTE_USER | PTE_NG | PTE_PXN | (vm_flags & VM_EXEC ? 0 : PTE_UXN);
	else
		v |= PTE_UXN | (vm_flags & VM_EXEC ? 0 : PTE_PXN);
	return __pgprot(v);
}

/*
 * The memory type of page-format protection bits, from AttrIndx and MAIR_VALUE's layout.
 * Indexes 4-7 are never written; their MAIR bytes are 0, Device-nGnRnE, so they read as device.
 */
static inline enum mem_type pgprot_mem_type(pgprot_t prot)
{
	static const enum mem_type by_attr_index[8] = {
		MT_NORMAL, MT_DEVICE, MT_WC, MT_DEVICE, MT_DEVICE, MT_DEVICE, MT_DEVICE, MT_DEVICE,
	};

	return by_attr_index[(pgprot_val(prot) & PTE_ATTRINDX_MASK) >> PTE_ATTRINDX_SHIFT];
}

#endif
