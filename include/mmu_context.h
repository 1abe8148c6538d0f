/*
 * What each arch provides for switching address spaces (arch/<arch>/mm/context.c; host tests:
 * tests/host/host_context.c), and the kernel's root table it shares into them. mm/mm.c calls
 * these; the kernel half is shared on x86_64 by copying the kernel's PML4 entries 256..511 into
 * each root, on arm64 by TTBR1, which never switches.
 */
#ifndef PAGODA_MMU_CONTEXT_H
#define PAGODA_MMU_CONTEXT_H

#include <asm/pgtable.h>

#include "types.h"

/* The kernel half's root table (Linux: swapper_pg_dir), shared by every address space. */
extern pgd_t *swapper_pg_dir;

/*
 * Fill the kernel half of a new root (x86_64: copy swapper_pg_dir's PML4 entries 256..511, which
 * arch_mm_init() made sure all exist; arm64: nothing).
 */
void arch_pgd_init(pgd_t *pgd);

/*
 * Load root (physical address) with asid for the lower half, or with root 0 stop lower-half
 * translation. The TLB entries of every ASID stay (none of another ASID can hit), except what a
 * user flush of asid while it was not loaded left to drop (x86 PCIDs: arch/x86_64/mm/tlb.c).
 */
void arch_switch_pgd(phys_addr_t root, unsigned long asid);

/*
 * At boot, once the page allocator works and before the first mm_create(): sets up ASIDs.
 * Returns 0 or -ENOMEM.
 */
int arch_mm_init(void);

/* How wide the CPU's ASIDs are (arm64 8 or 16, x86 PCIDs 12), after arch_mm_init(). */
unsigned int arch_asid_bits(void);

#endif
