/*
 * What the host stand-ins of arch_pgd_init() and arch_switch_pgd() recorded
 * (tests/host/host_context.c).
 */
#ifndef PAGODA_HOST_CONTEXT_H
#define PAGODA_HOST_CONTEXT_H

#include <asm/pgtable.h>

#include "types.h"

extern phys_addr_t host_loaded_root;   /* the root of the latest switch, 0 for none */
extern unsigned long host_loaded_asid; /* the ASID of the latest switch */
extern unsigned long host_switch_calls;
extern pgd_t *host_last_pgd_init; /* the root arch_pgd_init() saw last: the newest mm's */

#endif
