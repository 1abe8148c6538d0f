/*
 * The local APIC of the boot CPU (SDM Vol. 3A ch. 11), in x2APIC mode (registers are MSRs
 * 0x800 + offset / 16) when the CPU has it, else in xAPIC mode (registers in a 4 KiB MMIO page).
 * Register names are the xAPIC offsets (Linux's APIC_*); apic_read/apic_write pick the access.
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_X86_APIC_H
#define PAGODA_DRIVERS_IRQCHIP_X86_APIC_H

#include "types.h"

#define APIC_ID 0x20
#define APIC_LVR 0x30 /* version: bits 23:16 the highest LVT entry */
#define APIC_TASKPRI 0x80
#define APIC_EOI 0xb0
#define APIC_SPIV 0xf0
#define APIC_SPIV_APIC_ENABLED BIT(8)
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310 /* xAPIC: destination in 31:24 */
#define APIC_LVTT 0x320
#define APIC_LVTTHMR 0x330
#define APIC_LVTPC 0x340
#define APIC_LVT0 0x350
#define APIC_LVT1 0x360
#define APIC_LVTERR 0x370
#define APIC_TMICT 0x380 /* timer initial count */
#define APIC_TMCCT 0x390 /* timer current count */
#define APIC_TDCR 0x3e0	 /* timer divide configuration */

/* LVT and ICR bits. */
#define APIC_VECTOR_MASK 0xffu
#define APIC_DM_FIXED (0u << 8)
#define APIC_DM_NMI (4u << 8)
#define APIC_ICR_BUSY BIT(12) /* xAPIC delivery status */
#define APIC_LVT_ACTIVE_LOW BIT(13)
#define APIC_INT_ASSERT BIT(14)
#define APIC_LVT_LEVEL_TRIGGER BIT(15)
#define APIC_LVT_MASKED BIT(16)
#define APIC_LVT_TIMER_ONESHOT (0u << 17)
#define APIC_DEST_SELF (1u << 18) /* ICR destination shorthand */

#define MSR_IA32_APICBASE 0x1b
#define MSR_IA32_APICBASE_BSP BIT(8)
#define MSR_IA32_APICBASE_EXTD BIT(10) /* x2APIC mode */
#define MSR_IA32_APICBASE_ENABLE BIT(11)
#define MSR_IA32_APICBASE_BASE GENMASK(51, 12)
#define APIC_X2APIC_MSR_BASE 0x800

enum apic_mode {
	APIC_MODE_NONE, /* not set up (no MADT, or the CPU has no APIC) */
	APIC_MODE_XAPIC,
	APIC_MODE_X2APIC,
};

/*
 * Set the boot CPU's local APIC up from the MADT: mode, software enable with the spurious
 * vector, TPR 0, error vector, LINT0/LINT1 from the MADT's NMI entries (else masked), the
 * other LVTs masked. Returns 0, or -ENODEV (no MADT or no APIC), -ENOMEM (xAPIC page cannot be
 * mapped); the APIC is then untouched.
 */
int apic_init(void);

enum apic_mode apic_mode(void);
const char *apic_mode_name(enum apic_mode mode);
/* This CPU's APIC id (x2APIC: 32 bits; xAPIC: 8). */
u32 apic_id(void);
/* Which LINT pin the MADT wired to NMI: 0, 1, or -1 for none. */
int apic_nmi_lint(void);

u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 val);
/* End the interrupt in service (not for the spurious vector, which is never in service). */
void apic_eoi(void);
/* Send vector to this CPU through the ICR (fixed delivery, self shorthand). */
void apic_send_self_ipi(unsigned int vector);
/* APIC errors seen on the error vector (the ESR's bits are printed when one arrives). */
unsigned long apic_error_count(void);
/* Handle the error vector: read and report the ESR, EOI. */
void apic_handle_error(void);

#endif
