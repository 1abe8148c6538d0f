/*
 * arm64 address-space switching (mm/mm.h). The kernel half lives behind TTBR1_EL1, which never
 * changes, so a root needs no kernel entries. Every user mapping is non-global and tagged with
 * ASID 0 (no ASID allocator yet), so a switch must drop ASID 0's entries.
 */
#include <asm/sysreg.h>

#include <mmu_context.h>

int arch_mm_init(void)
{
	return 0;
}

void arch_pgd_init(pgd_t *pgd)
{
}

/*
 * Walks through TTBR0 stay disabled (EPD0) while the root changes and the old entries are
 * dropped, so no speculative walk can cache a mix of old and new; only then are they enabled
 * again for the new root. TLBI ASIDE1IS with ASID 0 drops only non-global entries: the kernel's
 * stay.
 */
void arch_switch_pgd(phys_addr_t root)
{
	write_sysreg(read_sysreg(tcr_el1) | TCR_EPD0, tcr_el1);
	isb();
	write_sysreg(root, ttbr0_el1);
	isb();
	asm volatile("dsb ishst\n\ttlbi aside1is, xzr\n\tdsb ish" : : : "memory");
	isb();
	if (!root)
		return;
	write_sysreg(read_sysreg(tcr_el1) & ~TCR_EPD0, tcr_el1);
	isb();
}
