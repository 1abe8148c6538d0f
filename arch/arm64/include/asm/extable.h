/*
 * Exception fixups for the access probes (probe.S). Included from assembly too.
 *
 * __ex_table holds {insn, fixup} pairs of absolute addresses: when a data abort hits an
 * instruction listed there and nobody else handles the fault, the trap code resumes at its fixup
 * instead of reporting. The linker script brackets the section with
 * __start___ex_table/__stop___ex_table.
 *
 * probe_exec() cannot use the table, because the instruction that faults is the target itself.
 * It arms struct exec_probe instead: an instruction abort (or PC alignment fault) whose pc equals
 * the armed target, taken with the stack pointer probe_exec() had at its call, resumes at the
 * landing pc. The call has executed nothing of the target then, so every other register that
 * matters (sp, x29) is still probe_exec()'s own.
 */
#ifndef PAGODA_ASM_EXTABLE_H
#define PAGODA_ASM_EXTABLE_H

#define PROBE_EFAULT (-14) /* -EFAULT: <errno.h> cannot be included from assembly */

/* Offsets in struct exec_probe, for probe.S. */
#define EXEC_PROBE_TARGET 0
#define EXEC_PROBE_LANDING 8
#define EXEC_PROBE_SP 16

#ifdef __ASSEMBLER__

/* Let a data abort at insn resume at fixup. */
.macro _ASM_EXTABLE insn, fixup
	.pushsection __ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
.endm

#else

#include <stddef.h>

#include "types.h"

struct exception_table_entry {
	unsigned long insn;
	unsigned long fixup;
};

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

struct exec_probe {
	unsigned long target;  /* address being executed; 0 when no probe is armed */
	unsigned long landing; /* where a faulting fetch of target resumes */
	unsigned long sp;      /* stack pointer at the call, which the fault must show */
};

_Static_assert(offsetof(struct exec_probe, target) == EXEC_PROBE_TARGET, "EXEC_PROBE_TARGET");
_Static_assert(offsetof(struct exec_probe, landing) == EXEC_PROBE_LANDING, "EXEC_PROBE_LANDING");
_Static_assert(offsetof(struct exec_probe, sp) == EXEC_PROBE_SP, "EXEC_PROBE_SP");

/* probe.S: the single armed record (one CPU). */
extern struct exec_probe exec_probe;

#endif
#endif
