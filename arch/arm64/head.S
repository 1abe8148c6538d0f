/*
 * Kernel entry from the UEFI loader (boot/arm64/handoff.S): EL1, MMU on with the loader's tables,
 * DAIF masked, .bss zeroed, x0 = physical address of struct boot_info, no usable stack. Give the
 * kernel a stack and call kernel_main(boot_info_pa); it never returns, but halt if it does.
 */
#define BOOT_STACK_SIZE 65536

	.section .text.head, "ax"
	.globl	_start
_start:
	msr	spsel, #1		/* run on SP_EL1, as the exception entry expects */
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	mov	x29, xzr		/* end of the frame-pointer chain for backtraces */
	mov	x30, xzr
	bl	kernel_main
	bl	arch_halt

	.bss
	.balign	4096
	.globl	boot_stack_guard
boot_stack_guard:		/* unmapped at boot: overflows fault here (include/stack_guard.h) */
	.skip	4096
boot_stack:
	.skip	BOOT_STACK_SIZE
boot_stack_top:
