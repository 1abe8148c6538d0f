/*
 * x86_64 address-space switching (mm/mm.h). Every root shares the kernel half by holding copies
 * of swapper_pg_dir's PML4 entries 256..511; those copies never go stale because arch_mm_init()
 * creates all 256 before the first address space exists, so later kernel mappings only change
 * tables below them.
 *
 * With PCIDs (CPUID.1:ECX.PCID, CR4.PCIDE) the ASID mm/asid.c gives an address space is its PCID
 * in CR3[11:0], and a switch keeps the TLB entries of every PCID (CR3 bit 63); PCID 0 is the
 * kernel's own root. Without PCIDs the number is ignored and every switch flushes, as before.
 */
#include <errno.h>

#include <asm/cpuid.h>
#include <asm/processor.h>
#include <asm/pcid.h>
#include <tlbflush.h>
#include <memlayout.h>
#include <pgalloc.h>
#include <phys.h>

#include <mmu_context.h>

#define KERNEL_PGD_FIRST (USER_VA_END >> PGDIR_SHIFT) /* 256 */

int arch_mm_init(void)
{
	unsigned int i;
	phys_addr_t pa;

	for (i = KERNEL_PGD_FIRST; i < PTRS_PER_TABLE; i++) {
		if (!pgd_none(pgdp_get(&swapper_pg_dir[i])))
			continue;
		pa = pt_alloc_table();
		if (!pa)
			return -ENOMEM;
		pgd_populate(&swapper_pg_dir[i], pa, PT_KERNEL);
	}
	/* Setting PCIDE needs CR3[11:0] = 0: the kernel's root is loaded with no PCID now. */
	if (cpu_has_pcid())
		write_cr4(read_cr4() | X86_CR4_PCIDE);
	return 0;
}

/* PCIDs are 12 bits; without them the number is never loaded. */
unsigned int arch_asid_bits(void)
{
	return 12;
}

void arch_pgd_init(pgd_t *pgd)
{
	unsigned int i;

	for (i = KERNEL_PGD_FIRST; i < PTRS_PER_TABLE; i++)
		set_pgd(&pgd[i], pgdp_get(&swapper_pg_dir[i]));
}

/*
 * No mm: the kernel's own root, whose lower half is empty, with PCID 0 (flushed: cheap, it has
 * no user entries). Without PCIDs a CR3 write drops every non-global translation, which is every
 * user one (VM_USER entries are never global); the kernel's global entries stay. With PCIDs the
 * write keeps the entries of asid unless a flush marked it stale while it was not loaded
 * (tlb.c); the other PCIDs' entries are never used while asid is loaded.
 */
void arch_switch_pgd(phys_addr_t root, unsigned long asid)
{
	unsigned long cr3;

	if (!root) {
		write_cr3(__pa(swapper_pg_dir));
		return;
	}
	if (!(read_cr4() & X86_CR4_PCIDE)) {
		write_cr3(root);
		return;
	}
	cr3 = root | asid;
	if (!pcid_test_and_clear_stale(asid))
		cr3 |= X86_CR3_NOFLUSH;
	write_cr3(cr3);
}
