/*
 * The PC boot console (x86_64): the 16550 UART that the ACPI SPCR names, else COM1, which every
 * PC and QEMU's q35 have at I/O port 0x3f8 (q35 has no SPCR: docs/hardware.md#acpi-qemus-tables).
 * COM1 sits in I/O space, where probing a port that holds nothing is harmless, so it also stands
 * in for an SPCR UART that cannot be used.
 */
#include "console_input.h"
#include "irq.h"
#include "drivers/acpi/acpi.h"
#include "drivers/serial/serial.h"
#include "mm/ioremap.h"
#include "printk.h"

#include <errno.h>

#define COM1_PORT 0x3f8
#define COM1_BAUD 115200
#define UART16550_NR_REGS 8
#define COM1_ISA_IRQ 4

static struct uart16550 boot_uart;
/* The SPCR's description of the UART's interrupt; interrupt_type 0 for COM1. */
static struct acpi_spcr_info boot_uart_spcr;

static int boot_uart_getc(struct console_input *in)
{
	return uart16550_getc(&boot_uart);
}

/* The UART is also the shell's primary input. */
static struct console_input boot_uart_input = { .name = "serial", .getc = boot_uart_getc };

/*
 * Describe in u the 16550 the SPCR names, with its baud rate (0: keep firmware's) in *baud.
 * Memory-mapped registers are spaced by the access width, as Linux reads the SPCR. Returns 0;
 * -ENOENT without an SPCR; -ENODEV when it names another kind of UART; -EINVAL for an address
 * space or port that cannot be a 16550; -ENOMEM when the registers cannot be mapped.
 */
static int uart_from_spcr(struct uart16550 *u, unsigned int *baud)
{
	struct acpi_spcr_info spcr;
	const struct acpi_generic_address *gas = &spcr.serial_port;
	void *regs;

	if (acpi_spcr_get(&spcr))
		return -ENOENT;
	if (spcr.interface_type != ACPI_DBG2_16550_COMPATIBLE &&
	    spcr.interface_type != ACPI_DBG2_16550_SUBSET)
		return -ENODEV;
	*baud = spcr.baud_rate;
	boot_uart_spcr = spcr;
	printk("console: ACPI SPCR names a 16550 in %s space at %#llx, baud %u (0: as firmware set)\n",
	       gas->space_id == ACPI_ADR_SPACE_SYSTEM_IO ? "I/O" : "memory",
	       (unsigned long long)gas->address, *baud);
	if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_IO) {
		if (!gas->address || gas->address > 0x10000 - UART16550_NR_REGS)
			return -EINVAL;
		u->iotype = UART_IO_PORT;
		u->base = gas->address;
		return 0;
	}
	if (gas->space_id != ACPI_ADR_SPACE_SYSTEM_MEMORY || !gas->address)
		return -EINVAL;
	u->iotype = UART_MMIO;
	u->access_size = acpi_gas_access_bytes(gas) == 4 ? 4 : 1;
	u->reg_shift = u->access_size == 4 ? 2 : 0;
	regs = ioremap(gas->address, UART16550_NR_REGS << u->reg_shift);
	if (!regs)
		return -ENOMEM;
	u->base = (unsigned long)regs;
	return 0;
}

static int com1_init(struct uart16550 *u)
{
	*u = (struct uart16550){ .iotype = UART_IO_PORT, .base = COM1_PORT };
	boot_uart_spcr.interrupt_type = 0;
	return uart16550_init(u, COM1_BAUD);
}

int serial_console_init(void)
{
	unsigned int baud;
	int spcr_err, err;

	spcr_err = uart_from_spcr(&boot_uart, &baud);
	if (!spcr_err)
		spcr_err = uart16550_init(&boot_uart, baud);
	err = spcr_err ? com1_init(&boot_uart) : 0;
	if (err)
		return err;
	console_register(&boot_uart.con);
	console_input_register(&boot_uart_input);
	if (spcr_err && spcr_err != -ENOENT)
		printk("console: cannot use the SPCR's UART (%d), using COM1\n", spcr_err);
	return 0;
}

/* The irq of the boot UART: the SPCR's line (ISA-style: edge, active high), else COM1's. */
static int boot_uart_irq(void)
{
	if (boot_uart_spcr.interrupt_type & ACPI_SPCR_IRQ_IO_APIC)
		return irq_map_gsi(boot_uart_spcr.gsi, IRQ_TYPE_EDGE_RISING);
	if (boot_uart_spcr.interrupt_type & ACPI_SPCR_IRQ_PC_8259)
		return irq_map_isa(boot_uart_spcr.pc_interrupt);
	if (boot_uart_spcr.interrupt_type)
		return -ENODEV; /* an interrupt kind a PC has no controller for */
	return irq_map_isa(COM1_ISA_IRQ);
}

static irqreturn_t boot_uart_interrupt(unsigned int irq, void *dev_id)
{
	return console_input_drain(&boot_uart_input) ? IRQ_HANDLED : IRQ_NONE;
}

int serial_console_irq_init(void)
{
	int irq = boot_uart_irq();
	int err = console_input_request_irq(irq, boot_uart_interrupt, &boot_uart);

	if (!err)
		uart16550_enable_rx_irq(&boot_uart);
	return err;
}
