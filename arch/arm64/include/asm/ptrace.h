/*
 * The register frame the arm64 exception entry (entry.S) builds on the stack: every general
 * register of the interrupted context plus the exception syndrome, so that C code can report the
 * exception completely and resume the context with changes (a new pc for fixups).
 *
 * Included from assembly too: the S_* offsets are what entry.S uses, checked against the C
 * layout below.
 */
#ifndef PAGODA_ASM_PTRACE_H
#define PAGODA_ASM_PTRACE_H

#define S_X0 0
#define S_SP 248
#define S_PC 256
#define S_PSTATE 264
#define S_ESR 272
#define S_FAR 280
#define S_VECTOR 288
#define S_FRAME_SIZE 304 /* sizeof(struct pt_regs) rounded up: sp stays 16-byte aligned */

#ifndef __ASSEMBLER__

#include <stddef.h>

#include "types.h"

struct pt_regs {
	u64 regs[31]; /* x0..x30 (x29 frame pointer, x30 link register) */
	u64 sp;	      /* of the interrupted context (restored only when it ran on SP_EL0) */
	u64 pc;	      /* ELR_EL1: where the exception return resumes */
	u64 pstate;   /* SPSR_EL1: the interrupted PSTATE */
	u64 esr;      /* ESR_EL1 (stale for IRQ and FIQ, which do not write it) */
	u64 far;      /* FAR_EL1 (meaningful only where the ESR says so) */
	u64 vector;   /* vector table slot taken: VEC_GROUP_* + VEC_* (asm/traps.h) */
};

_Static_assert(offsetof(struct pt_regs, regs) == S_X0, "S_X0");
_Static_assert(offsetof(struct pt_regs, sp) == S_SP, "S_SP");
_Static_assert(offsetof(struct pt_regs, pc) == S_PC, "S_PC");
_Static_assert(offsetof(struct pt_regs, pstate) == S_PSTATE, "S_PSTATE");
_Static_assert(offsetof(struct pt_regs, esr) == S_ESR, "S_ESR");
_Static_assert(offsetof(struct pt_regs, far) == S_FAR, "S_FAR");
_Static_assert(offsetof(struct pt_regs, vector) == S_VECTOR, "S_VECTOR");
_Static_assert(sizeof(struct pt_regs) <= S_FRAME_SIZE && S_FRAME_SIZE % 16 == 0, "S_FRAME_SIZE");

#endif /* __ASSEMBLER__ */

#endif
