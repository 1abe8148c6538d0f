/*
 * Exception and interrupt entry for all 256 vectors.
 *
 * Each vector has a stub that makes the stack look the same whatever the CPU pushed: for vectors
 * without a CPU error code it pushes 0 in its place, then it pushes the vector number and jumps
 * to the common entry. The common entry saves every general register so that the stack holds a
 * complete struct pt_regs (asm/ptrace.h), calls x86_handle_exception(regs), then restores the
 * (possibly edited) registers and returns with iretq.
 *
 * Alignment: the CPU aligns RSP to 16 bytes before pushing its 5-word frame; with the error code,
 * the vector and 15 registers the frame is 22 words, so RSP is 16-byte aligned at the call as the
 * ABI requires.
 */
#include <asm/traps.h>

/* Vectors for which the CPU pushes an error code (SDM Vol. 3A table 6-1). */
.macro vector_stub vec
	.if (\vec == X86_TRAP_DF) || (\vec >= X86_TRAP_TS && \vec <= X86_TRAP_PF) || \
	    (\vec == X86_TRAP_AC) || (\vec == X86_TRAP_CP) || (\vec == X86_TRAP_VC) || \
	    (\vec == X86_TRAP_SX)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp x86_exception_common
.endm

	.section .text, "ax"
	.balign X86_VECTOR_STUB_SIZE
	.globl x86_vector_stubs
	.type x86_vector_stubs, @function
x86_vector_stubs:
	vector = 0
	.rept X86_NR_VECTORS
	vector_stub vector
	/* pad with int3; the assembler rejects a stub that outgrows its slot */
	.org x86_vector_stubs + (vector + 1) * X86_VECTOR_STUB_SIZE, 0xcc
	vector = vector + 1
	.endr
	.size x86_vector_stubs, . - x86_vector_stubs

	.type x86_exception_common, @function
x86_exception_common:
	cld
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	call x86_handle_exception
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	addq $16, %rsp	/* vector and error code */
	iretq
	.size x86_exception_common, . - x86_exception_common
