/*
 * arm64 address-space switching (mm/mm.h). The kernel half lives behind TTBR1_EL1, which never
 * changes, so a root needs no kernel entries. Every user mapping is non-global, so its TLB
 * entries carry the ASID (mm/asid.c) TTBR0_EL1[63:48] held when they were made (TCR_EL1.A1 = 0),
 * and a switch flushes nothing. ASID 0 belongs to no address space: it is loaded with no mm.
 */
#include <asm/sysreg.h>
#include <tlbflush.h>

#include <mmu_context.h>

static unsigned int asid_bits = 8;

/*
 * ASIDs from TTBR0 (A1 clear), 16 bits wide when the CPU has them (AS). Nothing is translated
 * through TTBR0 yet (EPD0, no root), and the flush drops whatever was cached under the old ASID
 * size.
 */
int arch_mm_init(void)
{
	u64 tcr = read_sysreg(tcr_el1) & ~(TCR_A1 | TCR_AS);

	if (ID_AA64MMFR0_ASIDBITS(read_sysreg(id_aa64mmfr0_el1)) == ID_AA64MMFR0_ASIDBITS_16) {
		asid_bits = 16;
		tcr |= TCR_AS;
	}
	write_sysreg(tcr, tcr_el1);
	isb();
	flush_tlb_all();
	return 0;
}

unsigned int arch_asid_bits(void)
{
	return asid_bits;
}

void arch_pgd_init(pgd_t *pgd)
{
}

/*
 * The root and the ASID change in one TTBR0 write, so no walk can ever pair the new root with
 * the old ASID or the reverse, and entries of other ASIDs never hit: no break-before-make step
 * is needed between address spaces (Linux needs its reserved TTBR0 only because it keeps the ASID
 * in TTBR1). No mm: walks through TTBR0 are disabled (EPD0) and ASID 0, which tags no entry, is
 * loaded so that the old address space's cached entries cannot hit either. Coming from there,
 * walks are enabled only once the new root is in place.
 */
void arch_switch_pgd(phys_addr_t root, unsigned long asid)
{
	if (!root) {
		write_sysreg(read_sysreg(tcr_el1) | TCR_EPD0, tcr_el1);
		isb();
		write_sysreg(0, ttbr0_el1);
		isb();
		return;
	}
	write_sysreg(root | (u64)asid << TTBR_ASID_SHIFT, ttbr0_el1);
	isb();
	if (read_sysreg(tcr_el1) & TCR_EPD0) {
		write_sysreg(read_sysreg(tcr_el1) & ~TCR_EPD0, tcr_el1);
		isb();
	}
}
