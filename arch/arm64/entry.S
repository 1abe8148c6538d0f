/*
 * The exception vector table (VBAR_EL1) and the register save/restore around the C handler.
 *
 * Every one of the 16 slots builds a struct pt_regs (asm/ptrace.h) on the current stack (SP_EL1:
 * the kernel runs with SPSel=1), calls arm64_handle_exception(regs) in traps.c, then restores
 * the frame, which the handler may have changed (a fixup moves pc), and returns with eret.
 *
 * A stack that cannot take the frame (corrupt or misaligned sp) would make the first store fault
 * and re-enter this code for ever. So the entry sets entry_busy before its first store to the
 * stack and clears it once the frame is complete: a slot entered while it is set knows the save
 * itself faulted and switches to a small emergency stack to report that and halt. Exception
 * entry masks IRQ, FIQ and SError, so only such a synchronous fault can arrive in that window.
 * TPIDRRO_EL0 serves as scratch there: nothing runs at EL0 yet (an EL0 entry path must restore
 * it before returning to user mode).
 */
#include <asm/ptrace.h>
#include <asm/traps.h>

/* x0..x29 in pairs and x30, from offset 16 on (the slot has stored x0 and x1 already). */
.macro	save_x2_x30
	stp	x2, x3, [sp, #S_X0 + 8 * 2]
	stp	x4, x5, [sp, #S_X0 + 8 * 4]
	stp	x6, x7, [sp, #S_X0 + 8 * 6]
	stp	x8, x9, [sp, #S_X0 + 8 * 8]
	stp	x10, x11, [sp, #S_X0 + 8 * 10]
	stp	x12, x13, [sp, #S_X0 + 8 * 12]
	stp	x14, x15, [sp, #S_X0 + 8 * 14]
	stp	x16, x17, [sp, #S_X0 + 8 * 16]
	stp	x18, x19, [sp, #S_X0 + 8 * 18]
	stp	x20, x21, [sp, #S_X0 + 8 * 20]
	stp	x22, x23, [sp, #S_X0 + 8 * 22]
	stp	x24, x25, [sp, #S_X0 + 8 * 24]
	stp	x26, x27, [sp, #S_X0 + 8 * 26]
	stp	x28, x29, [sp, #S_X0 + 8 * 28]
	str	x30, [sp, #S_X0 + 8 * 30]
.endm

/* ELR, SPSR, ESR, FAR and the slot number (in x0) into the frame; clobbers x1, x2. */
.macro	save_syndrome
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #S_PC]
	mrs	x1, esr_el1
	mrs	x2, far_el1
	stp	x1, x2, [sp, #S_ESR]
	str	x0, [sp, #S_VECTOR]
.endm

.macro	ventry	vec
	.balign	0x80
	msr	tpidrro_el0, x0
	adrp	x0, entry_busy
	ldr	x0, [x0, :lo12:entry_busy]
	cbnz	x0, el1_bad_stack
	adrp	x0, entry_busy
	add	x0, x0, :lo12:entry_busy
	str	x0, [x0]		/* busy: any non-zero value, its own address will do */
	mrs	x0, tpidrro_el0
	sub	sp, sp, #S_FRAME_SIZE
	stp	x0, x1, [sp, #S_X0]
	mov	x0, #(\vec)
	b	el1_entry
.endm

	.text
	.balign	2048			/* VBAR_EL1[10:0] are RES0 */
	.globl	vectors
vectors:
	ventry	VEC_GROUP_CUR_SP0 + VEC_SYNC
	ventry	VEC_GROUP_CUR_SP0 + VEC_IRQ
	ventry	VEC_GROUP_CUR_SP0 + VEC_FIQ
	ventry	VEC_GROUP_CUR_SP0 + VEC_SERROR
	ventry	VEC_GROUP_CUR_SPX + VEC_SYNC
	ventry	VEC_GROUP_CUR_SPX + VEC_IRQ
	ventry	VEC_GROUP_CUR_SPX + VEC_FIQ
	ventry	VEC_GROUP_CUR_SPX + VEC_SERROR
	ventry	VEC_GROUP_LOWER_64 + VEC_SYNC
	ventry	VEC_GROUP_LOWER_64 + VEC_IRQ
	ventry	VEC_GROUP_LOWER_64 + VEC_FIQ
	ventry	VEC_GROUP_LOWER_64 + VEC_SERROR
	ventry	VEC_GROUP_LOWER_32 + VEC_SYNC
	ventry	VEC_GROUP_LOWER_32 + VEC_IRQ
	ventry	VEC_GROUP_LOWER_32 + VEC_FIQ
	ventry	VEC_GROUP_LOWER_32 + VEC_SERROR
	.globl	vectors_end
vectors_end:

/* x0 = slot number; the slot has pushed the frame and stored x0, x1. */
el1_entry:
	save_x2_x30
	/* The interrupted sp: SP_EL1 before the push, unless that context ran on SP_EL0. */
	mrs	x1, sp_el0
	and	x2, x0, #VEC_GROUP_MASK
	cmp	x2, #VEC_GROUP_CUR_SPX
	b.ne	1f
	add	x1, sp, #S_FRAME_SIZE
1:	str	x1, [sp, #S_SP]
	save_syndrome
	adrp	x1, entry_busy
	str	xzr, [x1, :lo12:entry_busy]

	mov	x0, sp
	bl	arm64_handle_exception

/* Restore the frame at sp (which the handler may have changed), pop it and return. */
el1_return:
	ldp	x1, x2, [sp, #S_PC]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldr	x1, [sp, #S_VECTOR]
	and	x1, x1, #VEC_GROUP_MASK
	cmp	x1, #VEC_GROUP_CUR_SPX
	b.eq	2f
	ldr	x1, [sp, #S_SP]
	msr	sp_el0, x1
2:	ldp	x2, x3, [sp, #S_X0 + 8 * 2]
	ldp	x4, x5, [sp, #S_X0 + 8 * 4]
	ldp	x6, x7, [sp, #S_X0 + 8 * 6]
	ldp	x8, x9, [sp, #S_X0 + 8 * 8]
	ldp	x10, x11, [sp, #S_X0 + 8 * 10]
	ldp	x12, x13, [sp, #S_X0 + 8 * 12]
	ldp	x14, x15, [sp, #S_X0 + 8 * 14]
	ldp	x16, x17, [sp, #S_X0 + 8 * 16]
	ldp	x18, x19, [sp, #S_X0 + 8 * 18]
	ldp	x20, x21, [sp, #S_X0 + 8 * 20]
	ldp	x22, x23, [sp, #S_X0 + 8 * 22]
	ldp	x24, x25, [sp, #S_X0 + 8 * 24]
	ldp	x26, x27, [sp, #S_X0 + 8 * 26]
	ldp	x28, x29, [sp, #S_X0 + 8 * 28]
	ldr	x30, [sp, #S_X0 + 8 * 30]
	ldp	x0, x1, [sp, #S_X0]
	add	sp, sp, #S_FRAME_SIZE
	eret

/*
 * A slot was entered while entry_busy was set: storing the frame faulted, so sp is unusable.
 * Original x0 is in TPIDRRO_EL0. The exception being handled is the synchronous one the failed
 * store raised at EL1 on SP_EL1, whatever slot the first exception had taken. This is how a
 * kernel stack overflow arrives: the first fault in the guard page below the stack, then the
 * fault of this entry's own frame store. arm64_bad_stack() returns only after the overflow was
 * reported and the context redirected (a test abandoned); the return is then made from the
 * emergency stack, which the redirected code goes on using.
 */
el1_bad_stack:
	adrp	x0, emergency_stack_top
	add	x0, x0, :lo12:emergency_stack_top
	/* Exchange sp and x0 without a third register: sp = emergency stack, x0 = the bad sp. */
	add	sp, sp, x0
	sub	x0, sp, x0
	sub	sp, sp, x0
	add	x0, x0, #S_FRAME_SIZE	/* the interrupted sp: the slot pushed before storing */
	sub	sp, sp, #S_FRAME_SIZE
	str	x0, [sp, #S_SP]
	mrs	x0, tpidrro_el0
	stp	x0, x1, [sp, #S_X0]
	save_x2_x30
	mov	x0, #(VEC_GROUP_CUR_SPX + VEC_SYNC)
	save_syndrome
	adrp	x1, entry_busy
	str	xzr, [x1, :lo12:entry_busy]
	mov	x0, sp
	bl	arm64_bad_stack
	b	el1_return

	.bss
	.balign	8
entry_busy:
	.skip	8
	.balign	16
emergency_stack:
	.skip	8192
emergency_stack_top:
