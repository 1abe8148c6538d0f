/* x86_64 entry encodings bit by bit: what the CPU will see (docs/hardware.md#x86_64-entry-bits). */
#include <asm/pgtable.h>

#include "tests/host/tap.h"

#define PFN_2M (1UL << 9)
#define PFN_1G (1UL << 18)

TEST(x86_pat_layout)
{
	/* Linux's PAT: WB, WC, UC-, UC, WB, WP, UC-, WT. */
	CHECK_EQ(X86_PAT_VALUE, 0x0407050600070106UL);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ, MT_NORMAL)) & _PAGE_CACHE_MASK, 0);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ, MT_WC)) & _PAGE_CACHE_MASK, _PAGE_PWT);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ, MT_DEVICE)) & _PAGE_CACHE_MASK,
		 _PAGE_PCD | _PAGE_PWT);
}

TEST(x86_vm_get_page_prot_bits)
{
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL)),
		 _PAGE_NX | _PAGE_GLOBAL | _PAGE_ACCESSED | _PAGE_RW | _PAGE_PRESENT);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_EXEC, MT_NORMAL)),
		 _PAGE_GLOBAL | _PAGE_ACCESSED | _PAGE_PRESENT);
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE | VM_USER | VM_SHARED, MT_NORMAL)),
		 _PAGE_NX | _PAGE_ACCESSED | _PAGE_USER | _PAGE_RW | _PAGE_PRESENT);
	/* Write-combining memory is never executable, whatever the flags ask. */
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_EXEC | VM_USER, MT_WC)),
		 _PAGE_NX | _PAGE_ACCESSED | _PAGE_PWT | _PAGE_USER | _PAGE_PRESENT);
	/* PROT_NONE: P clear (the CPU faults), the software bit keeps it present for mm/. */
	CHECK_EQ(pgprot_val(vm_get_page_prot(VM_USER, MT_NORMAL)),
		 _PAGE_NX | _PAGE_PROTNONE | _PAGE_ACCESSED | _PAGE_USER);
	CHECK_EQ(pte_val(pfn_pte(1, vm_get_page_prot(VM_NONE, MT_NORMAL))) & _PAGE_PRESENT, 0);
	CHECK_EQ(pmd_val(pfn_pmd(PFN_2M, vm_get_page_prot(VM_NONE, MT_NORMAL))) & _PAGE_PRESENT, 0);
	CHECK_EQ(pud_val(pfn_pud(PFN_1G, vm_get_page_prot(VM_NONE, MT_NORMAL))) & _PAGE_PRESENT, 0);
}

TEST(x86_leaf_bits)
{
	pgprot_t prot = vm_get_page_prot(VM_READ, MT_NORMAL);

	/* PS marks PMD/PUD leaves; a PTE has no PS (bit 7 there is PAT). */
	CHECK(pmd_val(pfn_pmd(PFN_2M, prot)) & _PAGE_PSE);
	CHECK(pud_val(pfn_pud(PFN_1G, prot)) & _PAGE_PSE);
	CHECK(!(pte_val(pfn_pte(1, prot)) & BIT(7)));
	CHECK_EQ(pte_val(pte_mkspecial(pfn_pte(1, prot))) ^ pte_val(pfn_pte(1, prot)), BIT(9));
	CHECK_EQ(pmd_val(pmd_mkspecial(pfn_pmd(PFN_2M, prot))) ^ pmd_val(pfn_pmd(PFN_2M, prot)),
		 BIT(9));
	CHECK_EQ(pud_val(pud_mkspecial(pfn_pud(PFN_1G, prot))) ^ pud_val(pfn_pud(PFN_1G, prot)),
		 BIT(9));
	CHECK_EQ(pte_val(pte_mkdirty(pfn_pte(1, prot))) ^ pte_val(pfn_pte(1, prot)), BIT(6));
	CHECK_EQ(pte_val(pte_mkwrite(pfn_pte(1, prot))) ^ pte_val(pfn_pte(1, prot)), BIT(1));
	CHECK_EQ(pte_val(pte_mkold(pfn_pte(1, prot))) ^ pte_val(pfn_pte(1, prot)), BIT(5));
	CHECK_EQ(pmd_val(pfn_pmd(PFN_2M, prot)) & PMD_PFN_MASK, SZ_2M);
	CHECK_EQ(pud_val(pfn_pud(PFN_1G, prot)) & PUD_PFN_MASK, SZ_1G);
}

/* PAT index 7 (PAT|PCD|PWT): PAT is bit 7 in a PTE and must move to bit 12 in huge leaves. */
TEST(x86_pat_bit_moves_between_pte_and_huge_leaves)
{
	pgprot_t prot = __pgprot(pgprot_val(vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL)) |
				 _PAGE_PAT | _PAGE_PCD | _PAGE_PWT);
	const pfn_t pmd_pfns[] = { PFN_2M, 0xfffffe00 };
	const pfn_t pud_pfns[] = { PFN_1G, 0xffc0000 };
	pte_t pte = pfn_pte(0xfffffff, prot);

	CHECK(pte_val(pte) & BIT(7));
	CHECK(pte_leaf(pte));
	CHECK_EQ(pte_pfn(pte), 0xfffffff);
	CHECK_EQ(pgprot_val(pte_pgprot(pte)), pgprot_val(prot));
	for (unsigned int i = 0; i < ARRAY_SIZE(pmd_pfns); i++) {
		pmd_t pmd = pfn_pmd(pmd_pfns[i], prot);

		CHECK(pmd_val(pmd) & BIT(12));
		CHECK(pmd_val(pmd) & BIT(7)); /* PS */
		CHECK(pmd_leaf(pmd));
		CHECK_EQ(pmd_pfn(pmd), pmd_pfns[i]);
		CHECK_EQ(pgprot_val(pmd_pgprot(pmd)), pgprot_val(prot));
		CHECK_EQ(pmd_val(pmd) & PMD_PFN_MASK, PFN_PHYS(pmd_pfns[i]));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(pud_pfns); i++) {
		pud_t pud = pfn_pud(pud_pfns[i], prot);

		CHECK(pud_val(pud) & BIT(12));
		CHECK(pud_val(pud) & BIT(7));
		CHECK(pud_leaf(pud));
		CHECK_EQ(pud_pfn(pud), pud_pfns[i]);
		CHECK_EQ(pgprot_val(pud_pgprot(pud)), pgprot_val(prot));
		CHECK_EQ(pud_val(pud) & PUD_PFN_MASK, PFN_PHYS(pud_pfns[i]));
	}
	/* Index 7 is WT in the layout: cached reads, so it reads back as normal memory. */
	CHECK_EQ(pgprot_mem_type(prot), MT_NORMAL);
	/* Without PAT, bit 12 stays clear: pa bit 12 is reserved in a huge leaf. */
	CHECK(!(pmd_val(pfn_pmd(0xfffffe00, vm_get_page_prot(VM_READ, MT_DEVICE))) & BIT(12)));
}

TEST(x86_table_entries)
{
	const u64 table = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;

	CHECK_EQ(pgd_val(pgd_mktable(0x5000, PT_KERNEL)), 0x5000 | table);
	CHECK_EQ(pgd_val(pgd_mktable(0x5000, PT_USER)), 0x5000 | table | _PAGE_USER);
	CHECK_EQ(pud_val(pud_mktable(0x6000, PT_USER)), 0x6000 | table | _PAGE_USER);
	CHECK_EQ(pmd_val(pmd_mktable(0x7000, PT_KERNEL)), 0x7000 | table);
	/* A table's PS is clear: never a leaf, whatever else is set. */
	CHECK(!pmd_leaf(pmd_mktable(0x7000, PT_USER)));
	CHECK(!pud_leaf(pud_mktable(0x7000, PT_USER)));
}
