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
 * Load root (physical address) for the lower half, or with 0 stop lower-half translation, and
 * drop the old lower half's TLB entries.
 */
void arch_switch_pgd(phys_addr_t root);

/* At boot, once the page allocator works and before the first mm_create(). Returns 0 or -ENOMEM. */
int arch_mm_init(void);

#endif
