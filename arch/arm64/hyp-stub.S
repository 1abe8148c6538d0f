/*
 * The EL2 hyp stub: what stays at EL2 when the loader was started there and dropped the kernel
 * to EL1 (boot/arm64/handoff.S points VBAR_EL2 here). It runs with the EL2 MMU off, at the
 * physical address of the kernel image, with no stack: it lives in the image because the loader's
 * memory is reclaimed. Its only job is to let the kernel install other EL2 vectors later
 * (asm/virt.h has the HVC ABI; docs/arm64-el2.md the whole EL2 state).
 *
 * Only an HVC from EL1 (AArch64) is served. Anything else reaching EL2 (an exception taken at
 * EL2 itself, an interrupt, a trap that should not happen with the hand-off's HCR_EL2) parks the
 * CPU: there is no EL2 console, and a return would repeat the same exception for ever.
 */
#include <asm/virt.h>

#define ESR_ELx_EC_SHIFT 26
#define ESR_ELx_EC_WIDTH 6
#define ESR_ELx_EC_HVC64 0x16

/* One 128-byte slot of a vector table. */
.macro	ventry	label
	.balign	128
	b	\label
.endm

	.text
	.balign	2048
	.globl	__hyp_stub_vectors
__hyp_stub_vectors:
	ventry	el2_park	/* current EL with SP_EL0: sync, IRQ, FIQ, SError */
	ventry	el2_park
	ventry	el2_park
	ventry	el2_park
	ventry	el2_park	/* current EL with SP_EL2 */
	ventry	el2_park
	ventry	el2_park
	ventry	el2_park
	ventry	el1_sync	/* lower EL, AArch64 */
	ventry	el2_park
	ventry	el2_park
	ventry	el2_park
	ventry	el2_park	/* lower EL, AArch32: never, HCR_EL2.RW is set */
	ventry	el2_park
	ventry	el2_park
	ventry	el2_park

/*
 * A synchronous exception from EL1. TPIDR_EL2 is the stub's scratch register, so that the caller
 * gets every register but x0 back unchanged.
 */
el1_sync:
	msr	tpidr_el2, x1
	mrs	x1, esr_el2
	ubfx	x1, x1, #ESR_ELx_EC_SHIFT, #ESR_ELx_EC_WIDTH
	cmp	x1, #ESR_ELx_EC_HVC64
	mrs	x1, tpidr_el2
	b.ne	el2_park
	cmp	x0, #HVC_SET_VECTORS
	b.eq	set_vectors
	cmp	x0, #HVC_RESET_VECTORS
	b.eq	done		/* already the stub's vectors */
	ldr	x0, =HVC_STUB_ERR
	eret
set_vectors:
	msr	vbar_el2, x1	/* the eret below synchronises it */
done:
	mov	x0, xzr
	eret

el2_park:
	wfe
	b	el2_park

/* u64 __hyp_set_vectors(phys_addr_t vectors): EL1 side of HVC_SET_VECTORS. */
	.globl	__hyp_set_vectors
__hyp_set_vectors:
	mov	x1, x0
	mov	x0, #HVC_SET_VECTORS
	hvc	#0
	ret

/* u64 __hyp_reset_vectors(void): EL1 side of HVC_RESET_VECTORS. */
	.globl	__hyp_reset_vectors
__hyp_reset_vectors:
	mov	x0, #HVC_RESET_VECTORS
	hvc	#0
	ret
