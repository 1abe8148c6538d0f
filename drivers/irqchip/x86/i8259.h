/*
 * The two cascaded 8259 PICs of PC-compatible machines. Pagoda routes every line through the
 * I/O APIC, so the PICs are only moved off the exception vectors and masked; what they still
 * deliver (their spurious IRQ 7 and 15) is counted as spurious.
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_X86_I8259_H
#define PAGODA_DRIVERS_IRQCHIP_X86_I8259_H

/* Remap both PICs to ISA_IRQ_VECTOR_BASE..+15 and mask every line. Harmless without PICs. */
void i8259_init(void);
/* A vector in ISA_IRQ_VECTOR_BASE..+15 arrived: spurious by construction, count it. */
void i8259_spurious(unsigned int vector);

#endif
