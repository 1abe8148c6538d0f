/* Interrupt controller bring-up, one implementation per arch (drivers/irqchip/{x86,arm}/). */
#ifndef PAGODA_DRIVERS_IRQCHIP_H
#define PAGODA_DRIVERS_IRQCHIP_H

/*
 * Find the machine's interrupt controllers in the MADT and set them up: mask what firmware
 * left enabled, register the root handler (set_handle_irq), the GSI domain and, when there is
 * one, the MSI domain. Interrupts stay masked on the CPU. Returns 0, or a negative errno when
 * there is no usable controller; the kernel then runs without interrupts (polled console,
 * busy-waiting sleeps) and says so.
 */
int irqchip_init(void);

#endif
