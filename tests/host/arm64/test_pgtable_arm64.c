/* arm64 descriptors bit by bit: what the MMU will see (docs/hardware.md#arm64-descriptor-bits). */
#include <asm/pgtable.h>

#include "tests/host/tap.h"

#define PFN_2M (1UL << 9)
#define PFN_1G (1UL << 18)

TEST(arm64_mair_layout)
{
	/* idx0 Normal WB, idx1 Device-nGnRE, idx2 Normal-NC, idx3 Device-nGnRnE. */
	CHECK_EQ(MAIR_VALUE, 0x4404ffUL);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ, MT_NORMAL)) & PTE_ATTRINDX_MASK, 0 << 2);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ, MT_DEVICE)) & PTE_ATTRINDX_MASK, 1 << 2);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ, MT_WC)) & PTE_ATTRINDX_MASK, 2 << 2);
	CHECK_EQ(pgprot_mem_type(__pgprot(3 << 2)), MT_DEVICE); /* Device-nGnRnE */
}

TEST(arm64_vm_get_page_prot_bits)
{
	const u64 base = 3 | BIT(10) | (3UL << 8); /* page, AF, inner shareable */

	/* Kernel: UXN always, PXN unless exec, global. */
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL)),
		 base | BIT(53) | BIT(54));
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_EXEC, MT_NORMAL)),
		 base | BIT(7) | BIT(54));
	/* User: AP[1], nG, PXN always, UXN unless exec. */
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE | VM_USER, MT_NORMAL)),
		 base | BIT(6) | BIT(11) | BIT(53) | BIT(54));
	/* Write-combining memory is never executable (UXN and PXN), whatever the flags ask. */
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_EXEC | VM_USER, MT_WC)),
		 base | (2 << 2) | BIT(6) | BIT(7) | BIT(11) | BIT(53) | BIT(54));
	/* PROT_NONE: valid bit clear (the MMU faults), bit 58 keeps it present for mm/. */
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_NONE, MT_NORMAL)),
		 2 | BIT(10) | (3UL << 8) | BIT(7) | BIT(53) | BIT(54) | BIT(58));
}

TEST(arm64_descriptor_types)
{
	pgprot_t prot = vm_get_page_prot(VM_READ, MT_NORMAL);
	pgprot_t none = vm_get_page_prot(VM_NONE, MT_NORMAL);

	CHECK_EQ(pte_val(pfn_pte(1, prot)) & 3, 3);	 /* page */
	CHECK_EQ(pmd_val(pfn_pmd(PFN_2M, prot)) & 3, 1); /* block */
	CHECK_EQ(pud_val(pfn_pud(PFN_1G, prot)) & 3, 1);
	CHECK_EQ(pmd_val(pmd_mktable(0x5000, PT_KERNEL)), 0x5000 | 3);
	CHECK_EQ(pud_val(pud_mktable(0x5000, PT_USER)), 0x5000 | 3);
	CHECK_EQ(pgd_val(pgd_mktable(0x5000, PT_USER)), 0x5000 | 3);
	/* Protnone: invalid descriptors, told from tables by bit 1 (blocks 00, tables 11). */
	CHECK_EQ(pte_val(pfn_pte(1, none)) & 3, 2);
	CHECK_EQ(pmd_val(pfn_pmd(PFN_2M, none)) & 3, 0);
	CHECK_EQ(pud_val(pfn_pud(PFN_1G, none)) & 3, 0);
	CHECK(pmd_leaf(pfn_pmd(PFN_2M, none)) && !pmd_leaf(pmd_mktable(0x5000, PT_KERNEL)));
	CHECK_EQ(pmd_val(pfn_pmd(PFN_2M, prot)) & PMD_PFN_MASK, SZ_2M);
	CHECK_EQ(pud_val(pfn_pud(PFN_1G, prot)) & PUD_PFN_MASK, SZ_1G);
}

TEST(arm64_software_and_access_bits)
{
	pte_t pte = pfn_pte(1, vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL));
	pmd_t pmd = pfn_pmd(PFN_2M, vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL));

	CHECK_EQ(pte_val(pte_mkspecial(pte)) ^ pte_val(pte), BIT(56));
	CHECK_EQ(pmd_val(pmd_mkspecial(pmd)) ^ pmd_val(pmd), BIT(56));
	CHECK_EQ(pte_val(pte_mkdirty(pte)) ^ pte_val(pte), BIT(55));
	CHECK_EQ(pte_val(pte_wrprotect(pte)) ^ pte_val(pte), BIT(7)); /* AP[2] */
	CHECK_EQ(pte_val(pte_wrprotect(pte_mkdirty(pte))), pte_val(pte) | BIT(7) | BIT(55));
	CHECK_EQ(pte_val(pte_mkold(pte)) ^ pte_val(pte), BIT(10)); /* AF */
	CHECK_EQ(pmd_val(pmd_wrprotect(pmd)) ^ pmd_val(pmd), BIT(7));
}
