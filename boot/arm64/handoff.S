/*
 * handoff(ttbr1, ttbr0, entry, boot_info, mair, tcr, hyp_vectors)
 *
 * The firmware's MAIR and attribute indices differ from ours, so the switch happens with the MMU
 * off: this page is identity-mapped (and was cleaned to the point of coherency by the loader), so
 * execution continues across both transitions. Then the kernel's tables and attributes are
 * installed and the MMU, data and instruction caches come back on.
 *
 * Started at EL2, it first leaves EL2 to the hyp stub at hyp_vectors (a physical address in the
 * kernel image) and drops to EL1, so the kernel always runs at EL1. Every EL2 register written
 * here, and why, is in docs/arm64-el2.md.
 */
#define CURRENTEL_EL2 (2 << 2)

/* SCTLR_EL1 / SCTLR_EL2 */
#define SCTLR_M (1 << 0)
#define SCTLR_C (1 << 2)
#define SCTLR_SA (1 << 3)
#define SCTLR_I (1 << 12)
/* The bits that are RES1 in Armv8.0 (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE in later versions). */
#define SCTLR_EL1_RES1 ((1 << 11) | (1 << 20) | (1 << 22) | (1 << 23) | (1 << 28) | (1 << 29))
#define SCTLR_EL1_MMU_OFF (SCTLR_EL1_RES1 | SCTLR_SA)
#define SCTLR_EL2_RES1 ((1 << 4) | (1 << 5) | (1 << 11) | (1 << 16) | (1 << 18) | (1 << 22) | \
			(1 << 23) | (1 << 28) | (1 << 29))

#define CPACR_EL1_FPEN (3 << 20) /* FP/SIMD at EL1 and EL0 without a trap */

#define HCR_RW (1 << 31)  /* EL1 is AArch64 */
#define HCR_APK (1 << 40) /* pointer-authentication keys and instructions do not trap */
#define HCR_API (1 << 41)
#define CNTHCTL_EL1PCTEN (1 << 0) /* EL1 reads the physical counter */
#define CNTHCTL_EL1PCEN (1 << 1)  /* EL1 uses the physical timer */
/* RES1 bits, plus TZ (8) and TSM (12): SVE and SME trap (the kernel uses neither); TFP clear. */
#define CPTR_EL2_NVHE 0x33ff
#define ID_AA64DFR0_PMUVER_SHIFT 8
#define PMCR_N_SHIFT 11
#define MDCR_HPMN_WIDTH 5
#define SPSR_EL1H_DAIF_MASKED 0x3c5 /* D, A, I, F masked; EL1 on SP_EL1 */
#define ID_AA64PFR0_GIC_SHIFT 24     /* non-zero: the GICv3 system-register interface exists */
#define ICC_SRE_EL2_SRE (1 << 0)     /* EL2 itself uses the system registers */
#define ICC_SRE_EL2_ENABLE (1 << 3)  /* EL1 may set ICC_SRE_EL1.SRE */

	.text
	.globl handoff_start, handoff_end, handoff
	.balign 64
handoff_start:
handoff:
	msr	daifset, #0xf
	mrs	x9, CurrentEL
	cmp	x9, #CURRENTEL_EL2
	b.ne	el1
	/* EL2: its MMU off first (before HCR_EL2 can change which regime the tables belong to). */
	ldr	x9, =SCTLR_EL2_RES1
	msr	sctlr_el2, x9
	isb
	ldr	x9, =(HCR_RW | HCR_APK | HCR_API)
	msr	hcr_el2, x9
	isb
	mov	x9, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #CPTR_EL2_NVHE
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	/* MDCR_EL2: no debug or PMU traps; HPMN = every counter, as HPMN 0 is unpredictable. */
	mrs	x9, id_aa64dfr0_el1
	ubfx	x9, x9, #ID_AA64DFR0_PMUVER_SHIFT, #4
	mov	x10, xzr
	cbz	x9, 1f			/* no PMU */
	cmp	x9, #0xf		/* IMPLEMENTATION DEFINED PMU */
	b.eq	1f
	mrs	x10, pmcr_el0
	ubfx	x10, x10, #PMCR_N_SHIFT, #MDCR_HPMN_WIDTH
1:	msr	mdcr_el2, x10
	msr	vttbr_el2, xzr
	/* GICv3 CPU interface: EL1 may use the system registers; no virtual interrupts. */
	mrs	x9, id_aa64pfr0_el1
	ubfx	x9, x9, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x9, 2f
	mrs	x9, icc_sre_el2
	orr	x9, x9, #ICC_SRE_EL2_SRE
	orr	x9, x9, #ICC_SRE_EL2_ENABLE
	msr	icc_sre_el2, x9
	isb
	msr	ich_hcr_el2, xzr
2:
	mrs	x9, midr_el1
	msr	vpidr_el2, x9
	mrs	x9, mpidr_el1
	msr	vmpidr_el2, x9
	msr	vbar_el2, x6
	mov	x9, #SPSR_EL1H_DAIF_MASKED
	msr	spsr_el2, x9
	adr	x9, el1
	msr	elr_el2, x9
	eret
el1:
	ldr	x9, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x9
	isb
	tlbi	vmalle1			/* drop the firmware's translations */
	dsb	nsh
	mov	x10, #CPACR_EL1_FPEN
	msr	cpacr_el1, x10
	msr	mair_el1, x4
	msr	tcr_el1, x5
	msr	ttbr0_el1, x1
	msr	ttbr1_el1, x0
	isb
	orr	x9, x9, #SCTLR_M	/* W^X comes from our descriptors: WXN stays clear */
	orr	x9, x9, #SCTLR_C
	orr	x9, x9, #SCTLR_I
	msr	sctlr_el1, x9
	isb
	ic	iallu			/* the kernel image was written as data */
	dsb	nsh
	isb
	mov	x0, x3
	br	x2
	.ltorg
handoff_end:
