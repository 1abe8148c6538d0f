/*
 * arm64 system registers: the accessors and the few fields the arch code reads or writes
 * (names as in Linux's asm/sysreg.h; layouts in docs/hardware.md#arm64-tcr and the Arm ARM).
 */
#ifndef PAGODA_ASM_SYSREG_H
#define PAGODA_ASM_SYSREG_H

#include "types.h"

/* The "memory" clobbers keep the compiler from moving memory accesses across a register change. */
#define read_sysreg(r)                                                                             \
	({                                                                                         \
		u64 __val;                                                                         \
		asm volatile("mrs %0, " #r : "=r"(__val) : : "memory");                            \
		__val;                                                                             \
	})

#define write_sysreg(v, r)                                                                         \
	do {                                                                                       \
		u64 __val = (u64)(v);                                                              \
		asm volatile("msr " #r ", %x0" : : "rZ"(__val) : "memory");                        \
	} while (0)

#define isb() asm volatile("isb" : : : "memory")

/* MIDR_EL1: who made the CPU and which part it is. */
#define MIDR_REVISION(midr) ((midr)&0xf)
#define MIDR_PARTNUM(midr) (((midr) >> 4) & 0xfff)
#define MIDR_VARIANT(midr) (((midr) >> 20) & 0xf)
#define MIDR_IMPLEMENTER(midr) (((midr) >> 24) & 0xff)

/* ID_AA64MMFR0_EL1.TGran4 [31:28]: 0 4 KiB granule, 1 also 52-bit (LPA2), 0xf not supported. */
#define ID_AA64MMFR0_PARANGE(mmfr0) ((mmfr0)&0xf)
#define ID_AA64MMFR0_TGRAN4(mmfr0) (((mmfr0) >> 28) & 0xf)
#define ID_AA64MMFR0_TGRAN4_NI 0xf
/* ID_AA64MMFR0_EL1.ASIDBits [7:4]: 0 8-bit ASIDs, 2 16-bit. */
#define ID_AA64MMFR0_ASIDBITS(mmfr0) (((mmfr0) >> 4) & 0xf)
#define ID_AA64MMFR0_ASIDBITS_16 2

/* TCR_EL1 (docs/hardware.md#arm64-tcr). */
#define TCR_T0SZ(tcr) ((tcr)&0x3f)
#define TCR_EPD0 BIT(7) /* no table walks through TTBR0: lower-half accesses fault */
#define TCR_TG0(tcr) (((tcr) >> 14) & 3)
#define TCR_TG0_4K 0
#define TCR_T1SZ(tcr) (((tcr) >> 16) & 0x3f)
#define TCR_TG1(tcr) (((tcr) >> 30) & 3)
#define TCR_TG1_4K 2   /* not 0: TG1 encodes granules differently from TG0 */
#define TCR_A1 BIT(22) /* the ASID comes from TTBR1_EL1, not TTBR0_EL1 */
#define TCR_AS BIT(36) /* 16-bit ASIDs */

#define TTBR_ASID_SHIFT 48 /* TTBRn_EL1[63:48]: the ASID (its low 8 bits with 8-bit ASIDs) */

/* SPSR_EL1 / PSTATE. */
#define PSR_MODE_MASK 0xf /* M[3:0]: EL and stack pointer (0 EL0t, 4 EL1t, 5 EL1h) */
#define PSR_MODE32 BIT(4) /* interrupted context was AArch32 */
#define PSR_DAIF_SHIFT 6
#define PSR_NZCV_SHIFT 28

#endif
