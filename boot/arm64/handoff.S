/*
 * handoff(ttbr1, ttbr0, entry, boot_info, mair, tcr)
 *
 * The firmware's MAIR and attribute indices differ from ours, so the switch happens with the MMU
 * off: this page is identity-mapped (and was cleaned to the point of coherency by the loader), so
 * execution continues across both transitions. Then the kernel's tables and attributes are
 * installed and the MMU, data and instruction caches come back on.
 */
#define SCTLR_M (1 << 0)
#define SCTLR_C (1 << 2)
#define SCTLR_I (1 << 12)
#define SCTLR_WXN (1 << 19)

	.text
	.globl handoff_start, handoff_end, handoff
	.balign 64
handoff_start:
handoff:
	msr	daifset, #0xf
	mrs	x9, sctlr_el1
	bic	x10, x9, #SCTLR_M
	bic	x10, x10, #SCTLR_C
	msr	sctlr_el1, x10
	isb
	tlbi	vmalle1			/* drop the firmware's translations */
	dsb	nsh
	msr	mair_el1, x4
	msr	tcr_el1, x5
	msr	ttbr0_el1, x1
	msr	ttbr1_el1, x0
	isb
	orr	x9, x9, #SCTLR_M
	orr	x9, x9, #SCTLR_C
	orr	x9, x9, #SCTLR_I
	bic	x9, x9, #SCTLR_WXN	/* W^X comes from our descriptors */
	msr	sctlr_el1, x9
	isb
	ic	iallu			/* the kernel image was written as data */
	dsb	nsh
	isb
	mov	x0, x3
	br	x2
handoff_end:
