/*
 * probe_read / probe_write / probe_exec (include/arch.h): touch an address and turn a fault into
 * -EFAULT instead of a crash, to test what the MMU allows.
 *
 * Loads and stores that may fault have an entry in __ex_table: {u64 insn, u64 fixup}, absolute
 * addresses (traps.c, arch_fixup_exception). probe_exec cannot use the table, since the
 * instruction that faults is the one at the probed address itself; it arms exec_probe instead
 * (traps.c checks it: pc == target and sp as armed), with one record because there is one CPU.
 */
#define EFAULT 14 /* traps.c checks this against <errno.h> */

.macro	ex_table insn, fixup
	.pushsection __ex_table, "a"
	.balign	8
	.quad	\insn, \fixup
	.popsection
.endm

	.text
/* int probe_read(const void *addr) */
	.globl	probe_read
probe_read:
1:	ldrb	w1, [x0]
	mov	w0, #0
	ret
	ex_table 1b, probe_fault

/*
 * int probe_write(void *addr): stores the byte's own value back, so a successful probe leaves
 * memory as it was (there is no write-only mapping on arm64, so the load cannot fault where the
 * store would not).
 */
	.globl	probe_write
probe_write:
1:	ldrb	w1, [x0]
2:	strb	w1, [x0]
	mov	w0, #0
	ret
	ex_table 1b, probe_fault
	ex_table 2b, probe_fault

probe_fault:
	mov	w0, #-EFAULT
	ret

/* int probe_exec(const void *addr) */
	.globl	probe_exec
probe_exec:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	adrp	x1, exec_probe
	add	x1, x1, :lo12:exec_probe
	mov	x2, sp
	stp	x0, x2, [x1]		/* arm: target, sp at the call */
	blr	x0
	mov	w0, #0
	b	1f
	/* traps.c resumes here, with sp as armed, when fetching the target faulted. */
	.globl	probe_exec_fault
probe_exec_fault:
	mov	w0, #-EFAULT
1:	adrp	x1, exec_probe
	str	xzr, [x1, :lo12:exec_probe]	/* disarm */
	ldp	x29, x30, [sp], #16
	ret

	.bss
	.balign	8
	.globl	exec_probe
exec_probe:
	.skip	16
