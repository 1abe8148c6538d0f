/*
 * x86_64 4-level paging: raw entry bits (docs/hardware.md#x86_64-entry-bits; Linux
 * pgtable_types.h names).
 * Only <asm/pgtable.h> and arch code use these; mm/ goes through the pXd_* helpers.
 */
#ifndef PAGODA_ASM_PGTABLE_HWDEF_H
#define PAGODA_ASM_PGTABLE_HWDEF_H

#include "pgtable-geometry.h"

/* Bits the same in every entry that has them. */
#define _PAGE_PRESENT BIT(0)
#define _PAGE_RW BIT(1)
#define _PAGE_USER BIT(2) /* U/S: user access only if set at every level */
#define _PAGE_PWT BIT(3)  /* PAT index bit 0 */
#define _PAGE_PCD BIT(4)  /* PAT index bit 1 */
#define _PAGE_ACCESSED BIT(5)
#define _PAGE_DIRTY BIT(6)  /* leaves only */
#define _PAGE_GLOBAL BIT(8) /* leaves only */
#define _PAGE_NX BIT(63)    /* needs EFER.NXE, else reserved */

/* Bit 7 means PAT in a 4 KiB PTE but PS (leaf) in a PMD/PUD, where PAT moves to bit 12. */
#define _PAGE_BIT_PAT 7
#define _PAGE_BIT_PAT_LARGE 12
#define _PAGE_PAT BIT(_PAGE_BIT_PAT)
#define _PAGE_PSE BIT(7)
#define _PAGE_PAT_LARGE BIT(_PAGE_BIT_PAT_LARGE)

/* Software bits: ignored by the CPU in every leaf. */
#define _PAGE_SPECIAL BIT(9) /* Linux _PAGE_BIT_SOFTW1: no struct page behind the pfn */
/*
 * With P clear the CPU ignores every other bit, so a PROT_NONE leaf is P=0 plus this bit, and
 * keeps its pfn and all other bits. Linux uses the G bit for this; a dedicated software bit
 * (Linux's SOFTW2, unused by Pagoda) keeps G free to mean global whatever the protection.
 */
#define _PAGE_PROTNONE BIT(10)

/* Physical address fields (MAXPHYADDR <= 52). */
#define PHYS_MASK_SHIFT 52
#define PTE_PFN_MASK GENMASK(51, 12) /* also the next-table address in a non-leaf entry */
#define PMD_PFN_MASK GENMASK(51, 21)
#define PUD_PFN_MASK GENMASK(51, 30)

/*
 * IA32_PAT, Linux's layout, which the kernel programs (arch_mmu_init): the PAT index of an entry
 * is PAT*4 + PCD*2 + PWT. Memory types: docs/hardware.md#x86_64-pat.
 */
#define X86_MT_UC 0
#define X86_MT_WC 1
#define X86_MT_WT 4
#define X86_MT_WP 5
#define X86_MT_WB 6
#define X86_MT_UC_MINUS 7
#define X86_PAT_ENTRY(idx, type) ((u64)(type) << ((idx)*8))
#define X86_PAT_VALUE                                                                              \
	(X86_PAT_ENTRY(0, X86_MT_WB) | X86_PAT_ENTRY(1, X86_MT_WC) |                               \
	 X86_PAT_ENTRY(2, X86_MT_UC_MINUS) | X86_PAT_ENTRY(3, X86_MT_UC) |                         \
	 X86_PAT_ENTRY(4, X86_MT_WB) | X86_PAT_ENTRY(5, X86_MT_WP) |                               \
	 X86_PAT_ENTRY(6, X86_MT_UC_MINUS) | X86_PAT_ENTRY(7, X86_MT_WT))

/* The PTE bits selecting PAT entries 0 (WB), 1 (WC) and 3 (UC) of that layout. */
#define _PAGE_CACHE_WB 0UL
#define _PAGE_CACHE_WC _PAGE_PWT
#define _PAGE_CACHE_UC (_PAGE_PCD | _PAGE_PWT)
#define _PAGE_CACHE_MASK (_PAGE_PAT | _PAGE_PCD | _PAGE_PWT)

/* Non-leaf entries: A is set so the CPU need not write it; D and G are ignored there. */
#define _KERNPG_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define _PAGE_TABLE (_KERNPG_TABLE | _PAGE_USER)

#endif
