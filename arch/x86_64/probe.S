/*
 * Access probes: touch memory through the current translation and return 0, or -EFAULT when the
 * access faults (include/extable.h explains the two recovery mechanisms). Each probe is a single
 * access instruction so that exactly one address can fault.
 */
#include "extable.h"

	.section .text, "ax"

/* int probe_read(const void *addr) */
	.globl probe_read
	.type probe_read, @function
probe_read:
1:	movb (%rdi), %al
	xorl %eax, %eax
	ret
2:	movl $PROBE_EFAULT, %eax
	ret
	.size probe_read, . - probe_read
	_ASM_EXTABLE 1b, 2b

/*
 * int probe_write(void *addr)
 * A locked OR of zero writes the byte back unchanged and atomically, so a successful probe leaves
 * memory as it was; it faults as a write whether the page is absent or read-only.
 */
	.globl probe_write
	.type probe_write, @function
probe_write:
1:	lock orb $0, (%rdi)
	xorl %eax, %eax
	ret
2:	movl $PROBE_EFAULT, %eax
	ret
	.size probe_write, . - probe_write
	_ASM_EXTABLE 1b, 2b

/*
 * int probe_exec(const void *addr)
 * Calls addr with the exec probe armed. A fetch fault at addr lands at 3 with RSP restored to
 * its value before the call; a fault of the call itself (a non-canonical target raises #GP on
 * the call instruction) lands there through the table.
 */
	.globl probe_exec
	.type probe_exec, @function
probe_exec:
	subq $8, %rsp		/* the target sees RSP as after an ordinary call */
	leaq 3f(%rip), %rax
	movq %rax, exec_probe + EXEC_PROBE_LANDING(%rip)
	movq %rsp, exec_probe + EXEC_PROBE_SP(%rip)
	movq %rdi, exec_probe + EXEC_PROBE_TARGET(%rip)
1:	call *%rdi
	xorl %eax, %eax
	jmp 4f
3:	movl $PROBE_EFAULT, %eax
4:	movq $0, exec_probe + EXEC_PROBE_TARGET(%rip)
	addq $8, %rsp
	ret
	.size probe_exec, . - probe_exec
	_ASM_EXTABLE 1b, 3b

	.section .bss, "aw", @nobits
	.balign 8
	.globl exec_probe
	.type exec_probe, @object
exec_probe:
	.skip 24
	.size exec_probe, . - exec_probe
