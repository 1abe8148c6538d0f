/*
 * Kernel ELF entry. The loader jumps here with RDI = physical address of struct boot_info,
 * interrupts off, the kernel mapped in the upper half and no usable stack (arch-common contract).
 */
#define BOOT_STACK_SIZE 0x10000

	.section .text, "ax"
	.globl _start
	.type _start, @function
_start:
	leaq boot_stack_top(%rip), %rsp
	/* Clear every flag the firmware may have left: IF, DF (the ABI wants it clear), AC. */
	pushq $0
	popfq
	xorl %ebp, %ebp	/* ends frame-pointer chains */
	call kernel_main	/* RDI still holds boot_info's physical address */
	call arch_halt		/* kernel_main does not return; never run on if it does */
	.size _start, . - _start

	.section .bss, "aw", @nobits
	.balign 4096
	.globl boot_stack_guard
boot_stack_guard:	/* unmapped at boot: an overflow faults here (include/stack_guard.h) */
	.skip 4096
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:
