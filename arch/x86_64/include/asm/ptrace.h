/*
 * The register frame the x86_64 trap entry (entry.S) builds on the stack. The order mirrors the
 * pushes: general registers (pushed by the common entry), then the vector and error code (pushed
 * by the per-vector stub; 0 when the CPU gives none), then the frame the CPU pushes itself. The
 * exception return (iretq) reloads everything from here, so a handler edits a field to change
 * the interrupted context.
 */
#ifndef PAGODA_ASM_PTRACE_H
#define PAGODA_ASM_PTRACE_H

#include "types.h"

struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi;
	unsigned long vector;
	unsigned long error_code;
	/* pushed by the CPU on every exception, also without a privilege change */
	unsigned long rip, cs, rflags, rsp, ss;
};

/* entry.S hard-codes this size: 22 words keep the stack 16-byte aligned for the C handler. */
_Static_assert(sizeof(struct pt_regs) == 22 * 8, "pt_regs layout is shared with entry.S");

#endif
