/* What the host stand-ins of arch_switch_pgd() recorded (tests/host/host_context.c). */
#ifndef PAGODA_HOST_CONTEXT_H
#define PAGODA_HOST_CONTEXT_H

#include "types.h"

extern phys_addr_t host_loaded_root; /* the root of the latest switch, 0 for none */
extern unsigned long host_loaded_asid; /* the ASID of the latest switch */
extern unsigned long host_switch_calls;

#endif
