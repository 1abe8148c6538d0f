/*
 * Exception fixups for the access probes (arch/<arch>/probe.S), the same on both arches.
 * Included from assembly too.
 *
 * __ex_table holds {insn, fixup} pairs of absolute addresses: when an instruction listed there
 * faults and nobody else handles the fault, the trap code resumes at its fixup instead of
 * reporting. The linker script brackets the section with __start___ex_table/__stop___ex_table.
 *
 * probe_exec() cannot use the table, because the instruction that faults is the target itself.
 * It arms struct exec_probe instead: a fetch fault at the armed target resumes at the landing pc.
 * What sp means there is the arch's (see its probe.S): x86_64 resumes with sp as it was before
 * the call; arm64 also requires the fault to show sp as it was at the call.
 */
#ifndef PAGODA_EXTABLE_H
#define PAGODA_EXTABLE_H

#define PROBE_EFAULT (-14) /* -EFAULT: <errno.h> cannot be included from assembly */

/* Offsets in struct exec_probe, for probe.S. */
#define EXEC_PROBE_TARGET 0
#define EXEC_PROBE_LANDING 8
#define EXEC_PROBE_SP 16

#ifdef __ASSEMBLER__

/* Let a fault at insn resume at fixup. Assembly: clang-format would join its lines. */
/* clang-format off */
.macro _ASM_EXTABLE insn, fixup
	.pushsection __ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
.endm
/* clang-format on */

#else

#include <stddef.h>

#include "types.h"

struct exception_table_entry {
	unsigned long insn;
	unsigned long fixup;
};

struct exec_probe {
	unsigned long target;  /* address being executed; 0 when no probe is armed */
	unsigned long landing; /* where a faulting fetch of target resumes */
	unsigned long sp;      /* stack pointer the arch checks or resumes with (above) */
};

_Static_assert(offsetof(struct exec_probe, target) == EXEC_PROBE_TARGET, "EXEC_PROBE_TARGET");
_Static_assert(offsetof(struct exec_probe, landing) == EXEC_PROBE_LANDING, "EXEC_PROBE_LANDING");
_Static_assert(offsetof(struct exec_probe, sp) == EXEC_PROBE_SP, "EXEC_PROBE_SP");

/* probe.S: the single armed record (one CPU). */
extern struct exec_probe exec_probe;

/* The fixup for a fault at pc, or 0 when pc has no __ex_table entry (kernel/extable.c). */
unsigned long search_exception_table(unsigned long pc);

#endif
#endif
