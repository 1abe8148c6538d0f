/*
 * probe_read / probe_write / probe_exec (include/arch.h): touch an address and turn a fault into
 * -EFAULT instead of a crash, to test what the MMU allows. How faults come back here:
 * include/extable.h.
 */
#include "extable.h"

	.text
/* int probe_read(const void *addr) */
	.globl	probe_read
probe_read:
1:	ldrb	w1, [x0]
	mov	w0, #0
	ret
	_ASM_EXTABLE 1b, probe_fault

/*
 * int probe_write(void *addr): stores the byte's own value back, so a successful probe leaves
 * memory as it was. There is no write-only mapping on arm64, so the load cannot fault where the
 * store would not.
 */
	.globl	probe_write
probe_write:
1:	ldrb	w1, [x0]
2:	strb	w1, [x0]
	mov	w0, #0
	ret
	_ASM_EXTABLE 1b, probe_fault
	_ASM_EXTABLE 2b, probe_fault

probe_fault:
	mov	w0, #PROBE_EFAULT
	ret

/* int probe_exec(const void *addr) */
	.globl	probe_exec
probe_exec:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	adrp	x1, exec_probe
	add	x1, x1, :lo12:exec_probe
	adr	x2, 2f
	mov	x3, sp
	str	x3, [x1, #EXEC_PROBE_SP]
	str	x2, [x1, #EXEC_PROBE_LANDING]
	str	x0, [x1, #EXEC_PROBE_TARGET]	/* armed */
	blr	x0
	mov	w0, #0
	b	1f
2:	mov	w0, #PROBE_EFAULT		/* the fetch of the target faulted */
1:	adrp	x1, exec_probe
	str	xzr, [x1, :lo12:exec_probe]	/* disarm (EXEC_PROBE_TARGET is 0) */
	ldp	x29, x30, [sp], #16
	ret

	.bss
	.balign	8
	.globl	exec_probe
exec_probe:
	.skip	24
