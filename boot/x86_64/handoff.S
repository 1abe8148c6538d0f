/*
 * handoff(cr3, entry, boot_info): runs from a page identity-mapped in both the firmware's tables
 * and the new ones, so execution continues across the CR3 write. The kernel sets its own stack.
 */
	.text
	.globl handoff_start, handoff_end, handoff
	.balign 64
handoff_start:
handoff:
	cli
	mov	%rdi, %cr3
	mov	%rdx, %rdi
	jmp	*%rsi
handoff_end:
