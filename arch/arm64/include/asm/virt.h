/*
 * The EL2 hyp stub (arch/arm64/hyp-stub.S): what the kernel, running at EL1, may ask of EL2 when
 * the loader was started at EL2 and left the stub there (docs/arm64-el2.md). Names and numbers
 * as in Linux's asm/virt.h.
 *
 * ABI: `hvc #0` from EL1 with the call number in x0 and its argument in x1. The stub answers in
 * x0 and preserves every other register. EL2 runs with its MMU off, so addresses are physical.
 */
#ifndef PAGODA_ASM_VIRT_H
#define PAGODA_ASM_VIRT_H

/* x1 = physical address of a 2 KiB-aligned EL2 vector table: VBAR_EL2 = x1; x0 = 0. */
#define HVC_SET_VECTORS 0
/*
 * Put VBAR_EL2 back to the stub; x0 = 0. Vectors installed with HVC_SET_VECTORS must implement
 * this call themselves, since from then on they, not the stub, receive every HVC.
 */
#define HVC_RESET_VECTORS 2
/* What the stub answers to any other call number. */
#define HVC_STUB_ERR 0xbadca11

#ifndef __ASSEMBLER__
#include "types.h"

/* The stub's vector table, in the kernel image; the loader points VBAR_EL2 at it. */
extern char __hyp_stub_vectors[];

/*
 * EL1 wrappers around the two calls. Only valid when the kernel was entered at EL2 (the boot
 * banner's "EL2 kept"): with no EL2, HVC is an undefined instruction. Return the call's x0.
 */
u64 __hyp_set_vectors(phys_addr_t vectors);
u64 __hyp_reset_vectors(void);
#endif

#endif
