/* Serial-port drivers: polled consoles for early and fatal output; input by interrupt or polled. */
#ifndef PAGODA_DRIVERS_SERIAL_H
#define PAGODA_DRIVERS_SERIAL_H

#include "printk.h"
#include "types.h"

/*
 * Find the boot console, set it up and register it as console and primary input: the UART the
 * ACPI SPCR names, else the platform's usual one (drivers/serial/uart16550_console.c on x86_64:
 * COM1; pl011_console.c on arm64: QEMU virt's PL011, only when there is no SPCR at all). Call
 * after acpi_init() and once ioremap() works. Returns 0, or a negative errno when no console
 * could be set up (nothing registered).
 */
int serial_console_init(void);

/*
 * Take the boot console's receive interrupt (after irqchip_init(), interrupts masked): what
 * arrives is queued for console_getc(), which then idles the CPU while it waits. Returns 0, or
 * a negative errno when the line cannot be had (the input stays polled, as before).
 */
int serial_console_irq_init(void);

/* ------------------------------------------------------------------------ 16550 UART */

/* How the registers are reached. */
enum uart_iotype {
	UART_IO_PORT, /* x86 I/O space: register n at port base + n */
	UART_MMIO,    /* memory-mapped: register n at base + (n << reg_shift) */
};

struct uart16550 {
	struct console con; /* filled in by uart16550_init(); register it to print */
	enum uart_iotype iotype;
	unsigned long base;	  /* I/O port, or virtual address (ioremap) of register 0 */
	unsigned int reg_shift;	  /* UART_MMIO: log2 of the register stride */
	unsigned int access_size; /* UART_MMIO: bytes per access, 1 or 4 */
};

/* The 16550's reference clock over 16: the baud rate a divisor of 1 gives. */
#define UART16550_BASE_BAUD 115200

/*
 * Set up the UART described by u's iotype/base/reg_shift/access_size: 8N1, FIFOs on, interrupts
 * off, and baud bits/s (0 keeps the divisor firmware programmed). Fills u->con with a console
 * that writes through uart16550_putc(). Returns 0; -EINVAL when baud does not divide
 * UART16550_BASE_BAUD into a 16-bit divisor or access_size is neither 1 nor 4; -ENODEV when no
 * UART answers at base (the scratch register does not hold a value). Nothing is written to the
 * UART on -EINVAL; after -ENODEV only the scratch register was.
 */
int uart16550_init(struct uart16550 *u, unsigned int baud);
/* Send c (a '\n' as "\r\n"), waiting a bounded time for room in the transmitter. */
void uart16550_putc(struct uart16550 *u, char c);
/* The next received byte, or -1 when none is waiting. Never blocks. */
int uart16550_getc(struct uart16550 *u);
/*
 * Raise the interrupt while received data waits (IER), and let it out of the UART (MCR OUT2
 * gates a PC UART's interrupt line). Reading every byte deasserts it.
 */
void uart16550_enable_rx_irq(struct uart16550 *u);

/* ------------------------------------------------------------------------ PL011 UART */

/* The register block of a PL011 or SBSA generic UART. */
#define PL011_REGS_SIZE 4096

struct pl011 {
	struct console con; /* filled in by pl011_init(); register it to print */
	void *base;	    /* virtual address (ioremap) of the register block */
	bool sbsa;	    /* SBSA generic UART: data and flag registers only, no control */
	unsigned int clock; /* reference clock in Hz (0: unknown), used only to enable the UART */
	unsigned int baud;  /* bits/s for a UART that must be enabled (0: unknown) */
};

/*
 * Prepare the UART described by u. Firmware's set-up is kept: an enabled PL011 keeps its baud
 * rate and line settings (only a transmitter or receiver left off is switched on), and an SBSA
 * UART, which has no control registers, is used as it is. A disabled PL011 is programmed 8N1
 * with FIFOs at u->baud from u->clock, then enabled. Every register access is 32 bits wide, as
 * the SBSA 32-bit variant requires. Fills u->con with a console that writes through pl011_putc().
 * Returns 0; -EINVAL when the PL011 is disabled and u->clock or u->baud is 0 or they give no
 * valid divisor (nothing was written then).
 */
int pl011_init(struct pl011 *u);
/* Send c (a '\n' as "\r\n"), waiting a bounded time for room in the transmit FIFO. */
void pl011_putc(struct pl011 *u, char c);
/* The next received byte, or -1 when none is waiting. Never blocks. */
int pl011_getc(struct pl011 *u);
/* Interrupt on received data and on the receive timeout (a byte left below the FIFO level). */
void pl011_enable_rx_irq(struct pl011 *u);
/* After draining the FIFO: clear the receive interrupts. */
void pl011_clear_rx_irq(struct pl011 *u);

#endif
