/*
 * arm64 exception vectors and syndrome (ESR_EL1) fields (Linux's asm/esr.h names; Arm ARM
 * D17.2.37), and the interface between the vector code (entry.S) and traps.c. Included from
 * assembly too.
 */
#ifndef PAGODA_ASM_TRAPS_H
#define PAGODA_ASM_TRAPS_H

/* Vector table slot numbers (VBAR_EL1 + 0x80 * n): four groups of sync, IRQ, FIQ, SError. */
#define VEC_GROUP_CUR_SP0 0   /* from EL1 using SP_EL0 */
#define VEC_GROUP_CUR_SPX 4   /* from EL1 using SP_EL1: the kernel's own exceptions */
#define VEC_GROUP_LOWER_64 8  /* from EL0, AArch64 */
#define VEC_GROUP_LOWER_32 12 /* from EL0, AArch32 */
#define VEC_GROUP_MASK 0xc
#define VEC_SYNC 0
#define VEC_IRQ 1
#define VEC_FIQ 2
#define VEC_SERROR 3
#define VEC_KIND_MASK 3

#ifndef __ASSEMBLER__

#include "types.h"

#define ESR_ELx_EC_SHIFT 26
#define ESR_ELx_EC(esr) (((esr) >> ESR_ELx_EC_SHIFT) & 0x3f)
#define ESR_ELx_IL BIT(25) /* 32-bit instruction (0: 16-bit T32) */
#define ESR_ELx_ISS(esr) ((esr)&GENMASK(24, 0))

/* Exception classes (ESR_ELx.EC). */
#define ESR_ELx_EC_UNKNOWN 0x00
#define ESR_ELx_EC_WFx 0x01
#define ESR_ELx_EC_FP_ASIMD 0x07
#define ESR_ELx_EC_BTI 0x0d
#define ESR_ELx_EC_ILL 0x0e
#define ESR_ELx_EC_SVC32 0x11
#define ESR_ELx_EC_SVC64 0x15
#define ESR_ELx_EC_HVC64 0x16
#define ESR_ELx_EC_SMC64 0x17
#define ESR_ELx_EC_SYS64 0x18
#define ESR_ELx_EC_SVE 0x19
#define ESR_ELx_EC_FPAC 0x1c
#define ESR_ELx_EC_IABT_LOW 0x20
#define ESR_ELx_EC_IABT_CUR 0x21
#define ESR_ELx_EC_PC_ALIGN 0x22
#define ESR_ELx_EC_DABT_LOW 0x24
#define ESR_ELx_EC_DABT_CUR 0x25
#define ESR_ELx_EC_SP_ALIGN 0x26
#define ESR_ELx_EC_FP_EXC32 0x28
#define ESR_ELx_EC_FP_EXC64 0x2c
#define ESR_ELx_EC_SERROR 0x2f
#define ESR_ELx_EC_BREAKPT_LOW 0x30
#define ESR_ELx_EC_BREAKPT_CUR 0x31
#define ESR_ELx_EC_SOFTSTP_LOW 0x32
#define ESR_ELx_EC_SOFTSTP_CUR 0x33
#define ESR_ELx_EC_WATCHPT_LOW 0x34
#define ESR_ELx_EC_WATCHPT_CUR 0x35
#define ESR_ELx_EC_BKPT32 0x38
#define ESR_ELx_EC_BRK64 0x3c
#define ESR_ELx_EC_MAX 0x3f

/* ISS of instruction and data aborts. */
#define ESR_ELx_FSC(esr) ((esr)&0x3f)		/* DFSC / IFSC */
#define ESR_ELx_WNR BIT(6)			/* data abort: the access was a write */
#define ESR_ELx_S1PTW BIT(7)			/* taken on a stage-1 table walk (stage 2 fault) */
#define ESR_ELx_CM BIT(8)			/* data abort: cache maintenance (WnR reads as 1) */
#define ESR_ELx_EA BIT(9)			/* external abort type */
#define ESR_ELx_FnV BIT(10)			/* FAR_EL1 is not valid */
#define ESR_ELx_ISV BIT(24)			/* data abort: bits 23:14 describe the access */
#define ESR_ELx_SAS(esr) (((esr) >> 22) & 3)	/* access size: 1 << SAS bytes, when ISV */
#define ESR_ELx_SRT(esr) (((esr) >> 16) & 0x1f) /* register transferred, when ISV */

/* Fault status code families; the two low bits give the table level (0..3). */
#define ESR_ELx_FSC_TYPE(fsc) ((fsc)&0x3c)
#define ESR_ELx_FSC_LEVEL(fsc) ((fsc)&3)
#define ESR_ELx_FSC_ADDRSZ 0x00
#define ESR_ELx_FSC_FAULT 0x04 /* translation fault */
#define ESR_ELx_FSC_ACCESS 0x08
#define ESR_ELx_FSC_PERM 0x0c
#define ESR_ELx_FSC_SEA_TTW 0x14 /* synchronous external abort on a table walk */
#define ESR_ELx_FSC_SECC_TTW 0x1c
#define ESR_ELx_FSC_EXTABT 0x10
#define ESR_ELx_FSC_MTE 0x11
#define ESR_ELx_FSC_SECC 0x18
#define ESR_ELx_FSC_ALIGN 0x21
#define ESR_ELx_FSC_TLB_CONFLICT 0x30
#define ESR_ELx_FSC_ATOMIC_HW 0x31
#define ESR_ELx_FSC_EXCL_ATOMIC 0x35

#define ESR_ELx_IMM16(esr) ((esr)&0xffff) /* SVC, HVC, SMC, BRK immediate */

struct pt_regs;

/* entry.S: the vector table, 2 KiB aligned. */
extern const char vectors[];

/* Called by entry.S with the saved frame of every exception. */
void arm64_handle_exception(struct pt_regs *regs);
/*
 * Called by entry.S, on an emergency stack, when saving a frame on the current stack faulted.
 * Returns only for a stack overflow that do_exception() recovered from (entry.S then returns to
 * the redirected context on the emergency stack); halts otherwise.
 */
void arm64_bad_stack(struct pt_regs *regs);

#endif
#endif
