/*
 * Host stand-ins for arch/<arch>/mm/context.c (declared in mmu_context.h): there is no MMU to
 * switch, so the root each switch would load is recorded for tests to check.
 */
#include <mmu_context.h>

#include "host_context.h"

phys_addr_t host_loaded_root;
unsigned long host_loaded_asid;
unsigned long host_switch_calls;
pgd_t *host_last_pgd_init;

int arch_mm_init(void)
{
	return 0;
}

/* The host roots have no kernel half to share: only note the root, for tests to find it. */
void arch_pgd_init(pgd_t *pgd)
{
	host_last_pgd_init = pgd;
}

/* Host tests restart the allocator with the width they want (mm_asid_set_bits). */
unsigned int arch_asid_bits(void)
{
	return 16;
}

void arch_switch_pgd(phys_addr_t root, unsigned long asid)
{
	host_loaded_root = root;
	host_loaded_asid = asid;
	host_switch_calls++;
}
