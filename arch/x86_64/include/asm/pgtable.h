/*
 * x86_64 page-table entries: the pXd_* helpers mm/ uses (docs/rules.md, L6). Bits in
 * pgtable-hwdef.h.
 *
 * Leaf formats (docs/hardware.md#x86_64-entry-bits): a PTE is always a leaf (bit 7 there is PAT,
 * never "huge"); a PMD or PUD is a leaf when PS (bit 7) is set, and then its PAT bit is bit 12.
 * pgprot_t values are kept in the PTE format: pfn_pmd/pfn_pud move PAT to bit 12 and
 * pmd_pgprot/pud_pgprot move it back.
 *
 * PROT_NONE leaves have P clear and _PAGE_PROTNONE set: the CPU faults on them, yet they are
 * present for mm/ and keep pfn, PS and everything else. A protnone PMD/PUD leaf is still told
 * from a table by PS (tables never have PS or PROTNONE).
 */
#ifndef PAGODA_ASM_PGTABLE_H
#define PAGODA_ASM_PGTABLE_H

#include <asm/pgtable-hwdef.h>

#include "pgprot.h"
#include "pgtable-types.h"

/* The flags of a 4 KiB leaf; pgtable-levels.h derives the PMD/PUD ones from them. */
static inline bool pte_present(pte_t pte)
{
	return pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE);
}

/* Present for mm/ but invalid for the CPU (a PROT_NONE mapping). */
static inline bool pte_protnone(pte_t pte)
{
	return (pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE)) == _PAGE_PROTNONE;
}

/* Only meaningful when pte_present(): a non-present entry's bits mean something else. */
static inline bool pte_special(pte_t pte)
{
	return pte_val(pte) & _PAGE_SPECIAL;
}

static inline bool pte_write(pte_t pte)
{
	return pte_val(pte) & _PAGE_RW;
}

static inline bool pte_young(pte_t pte)
{
	return pte_val(pte) & _PAGE_ACCESSED;
}

static inline bool pte_dirty(pte_t pte)
{
	return pte_val(pte) & _PAGE_DIRTY;
}

static inline pte_t pte_mkspecial(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_SPECIAL);
}

static inline pte_t pte_mkwrite(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_RW);
}

/*
 * D stays: dirty data must still be written back (no CET shadow stacks:
 * docs/hardware.md#x86_64-entry-bits).
 */
static inline pte_t pte_wrprotect(pte_t pte)
{
	return pte_clear_flags(pte, _PAGE_RW);
}

static inline pte_t pte_mkyoung(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_ACCESSED);
}

static inline pte_t pte_mkold(pte_t pte)
{
	return pte_clear_flags(pte, _PAGE_ACCESSED);
}

static inline pte_t pte_mkdirty(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_DIRTY);
}

static inline pte_t pte_mkclean(pte_t pte)
{
	return pte_clear_flags(pte, _PAGE_DIRTY);
}

#include "pgtable-levels.h"

/* Leaves: the pfn, and the protection bits in PTE format. */
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

/* Linux pgprot_4k_2_large / pgprot_large_2_4k: PAT is bit 7 in a PTE, bit 12 in a huge leaf. */
static inline u64 pgprot_4k_2_large(pgprot_t prot)
{
	u64 v = pgprot_val(prot);

	return (v & ~_PAGE_PAT) | ((v & _PAGE_PAT) << (_PAGE_BIT_PAT_LARGE - _PAGE_BIT_PAT));
}

/* Also drops PS, which shares bit 7 with the PTE's PAT. */
static inline pgprot_t pgprot_large_2_4k(u64 v)
{
	return __pgprot((v & ~(_PAGE_PSE | _PAGE_PAT_LARGE)) |
			((v & _PAGE_PAT_LARGE) >> (_PAGE_BIT_PAT_LARGE - _PAGE_BIT_PAT)));
}

static inline bool pmd_leaf(pmd_t pmd)
{
	return pmd_present(pmd) && (pmd_val(pmd) & _PAGE_PSE);
}

static inline pfn_t pmd_pfn(pmd_t pmd)
{
	return (pmd_val(pmd) & PMD_PFN_MASK) >> PAGE_SHIFT;
}

/* A 2 MiB leaf; pfn must be 2 MiB-aligned (lower bits are dropped). */
static inline pmd_t pfn_pmd(pfn_t pfn, pgprot_t prot)
{
	return __pmd((PFN_PHYS(pfn) & PMD_PFN_MASK) | pgprot_4k_2_large(prot) | _PAGE_PSE);
}

static inline pgprot_t pmd_pgprot(pmd_t pmd)
{
	return pgprot_large_2_4k(pmd_val(pmd) & ~PMD_PFN_MASK);
}

static inline bool pud_leaf(pud_t pud)
{
	return pud_present(pud) && (pud_val(pud) & _PAGE_PSE);
}

static inline pfn_t pud_pfn(pud_t pud)
{
	return (pud_val(pud) & PUD_PFN_MASK) >> PAGE_SHIFT;
}

/* A 1 GiB leaf (the CPU must have pdpe1gb: arch_has_pud_leaves()); pfn 1 GiB-aligned. */
static inline pud_t pfn_pud(pfn_t pfn, pgprot_t prot)
{
	return __pud((PFN_PHYS(pfn) & PUD_PFN_MASK) | pgprot_4k_2_large(prot) | _PAGE_PSE);
}

static inline pgprot_t pud_pgprot(pud_t pud)
{
	return pgprot_large_2_4k(pud_val(pud) & ~PUD_PFN_MASK);
}

/*
 * Table entries: pXd_mktable(pa, owner) points an entry at the next-level table at physical
 * address pa (page-aligned); pXd_table_pa reads it back. Tables are writable and executable;
 * the leaves decide. A user address needs U/S at every level, so user tables get it.
 */
static inline u64 table_bits(enum pt_owner owner)
{
	return owner == PT_USER ? _PAGE_TABLE : _KERNPG_TABLE;
}

static inline pgd_t pgd_mktable(phys_addr_t pa, enum pt_owner owner)
{
	return __pgd(pa | table_bits(owner));
}

static inline phys_addr_t pgd_table_pa(pgd_t pgd)
{
	return pgd_val(pgd) & PTE_PFN_MASK;
}

static inline pud_t pud_mktable(phys_addr_t pa, enum pt_owner owner)
{
	return __pud(pa | table_bits(owner));
}

static inline phys_addr_t pud_table_pa(pud_t pud)
{
	return pud_val(pud) & PTE_PFN_MASK;
}

static inline pmd_t pmd_mktable(phys_addr_t pa, enum pt_owner owner)
{
	return __pmd(pa | table_bits(owner));
}

static inline phys_addr_t pmd_table_pa(pmd_t pmd)
{
	return pmd_val(pmd) & PTE_PFN_MASK;
}

/*
 * Permissions (pgprot.h) to PTE bits: P (or PROTNONE when none of read/write/exec), RW for
 * VM_WRITE, U/S for VM_USER, G for kernel mappings, NX unless VM_EXEC, A from the start (the CPU
 * need not write it), and the PAT index of the memory type. Device and write-combining memory
 * is never executable (NX whatever vm_flags say): the CPU may fetch instructions speculatively
 * from an executable mapping, and a speculative read of a device register can change the
 * device's state. Unlike Linux's protection_map, a private writable mapping gets RW: Pagoda's
 * clone write-protects copy-on-write memory itself.
 */
static inline pgprot_t vm_get_page_prot(unsigned long vm_flags, enum mem_type mt)
{
	static const u64 cache_bits[] = {
		[MT_NORMAL] = _PAGE_CACHE_WB,
		[MT_DEVICE] = _PAGE_CACHE_UC,
		[MT_WC] = _PAGE_CACHE_WC,
	};
	u64 v = _PAGE_ACCESSED | cache_bits[mt];

	v |= vm_flags & (VM_READ | VM_WRITE | VM_EXEC) ? _PAGE_PRESENT : _PAGE_PROTNONE;
	v |= vm_flags & VM_USER ? _PAGE_USER : _PAGE_GLOBAL;
	if (vm_flags & VM_WRITE)
		v |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC) || mt != MT_NORMAL)
		v |= _PAGE_NX;
	return __pgprot(v);
}

/*
 * The memory type of PTE-format protection bits, from the PAT index and X86_PAT_VALUE's layout.
 * Pagoda only writes indexes 0, 1 and 3; the others read back as the type they behave like
 * (UC- as device, WB/WT/WP as normal, since reads through them are cached).
 */
static inline enum mem_type pgprot_mem_type(pgprot_t prot)
{
	static const enum mem_type by_pat_index[8] = {
		MT_NORMAL, MT_WC, MT_DEVICE, MT_DEVICE, MT_NORMAL, MT_NORMAL, MT_DEVICE, MT_NORMAL,
	};
	u64 v = pgprot_val(prot);
	unsigned int idx = (v & _PAGE_PAT ? 4 : 0) | (v & _PAGE_PCD ? 2 : 0) |
			   (v & _PAGE_PWT ? 1 : 0);

	return by_pat_index[idx];
}

#endif
