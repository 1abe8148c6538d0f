/*
 * x86_64 address-space switching (mm/mm.h). Every root shares the kernel half by holding copies
 * of swapper_pg_dir's PML4 entries 256..511; those copies never go stale because arch_mm_init()
 * creates all 256 before the first address space exists, so later kernel mappings only change
 * tables below them.
 */
#include <errno.h>

#include <asm/processor.h>
#include <memlayout.h>
#include <pgalloc.h>
#include <phys.h>

#include "mm/ioremap.h"
#include "mm/mm.h"

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
	return 0;
}

void arch_pgd_init(pgd_t *pgd)
{
	unsigned int i;

	for (i = KERNEL_PGD_FIRST; i < PTRS_PER_TABLE; i++)
		set_pgd(&pgd[i], pgdp_get(&swapper_pg_dir[i]));
}

/*
 * A CR3 write drops every non-global translation, which is every user one (VM_USER entries are
 * never global); the kernel's global entries stay. No mm: the kernel's own root, whose lower half
 * is empty.
 */
void arch_switch_pgd(phys_addr_t root)
{
	write_cr3(root ? root : __pa(swapper_pg_dir));
}
