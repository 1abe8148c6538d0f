/*
 * The arm64 boot console: the PL011 (or SBSA generic UART) that the ACPI SPCR names. Only when
 * there is no SPCR at all, QEMU virt's PL011 at its fixed address
 * (docs/hardware.md#virt-address-map); an SPCR naming something unusable is an error, not a
 * reason to poke at an address that may be anything.
 */
#include <errno.h>

#include "console_input.h"
#include "drivers/acpi/acpi.h"
#include "drivers/serial/serial.h"
#include "irq.h"
#include "mm/ioremap.h"
#include "printk.h"

/* DBG2 serial subtypes beyond those acpi.h names (Linux actbl2.h): PL011-compatible subsets. */
#define ACPI_DBG2_ARM_SBSA_32BIT 0x0d /* SBSA generic UART, 32-bit accesses only */
#define ACPI_DBG2_ARM_SBSA_GENERIC 0x0e

/* QEMU virt: PL011 at 0x09000000 clocked by the board's 24 MHz "apb-pclk" (hw/arm/virt.c). */
#define VIRT_PL011_BASE 0x09000000UL
#define VIRT_PL011_CLOCK 24000000
#define VIRT_PL011_BAUD 115200
#define VIRT_PL011_GSI 33 /* SPI 1 */

static struct pl011 boot_uart;
static u32 boot_uart_gsi; /* its interrupt (GIC); 0: none known */

static int boot_uart_getc(struct console_input *in)
{
	return pl011_getc(&boot_uart);
}

/* The UART is also the shell's primary input. */
static struct console_input boot_uart_input = { .name = "serial", .getc = boot_uart_getc };

static const char *spcr_uart_name(u8 type)
{
	switch (type) {
	case ACPI_DBG2_ARM_PL011:
		return "PL011";
	case ACPI_DBG2_ARM_SBSA_32BIT:
		return "SBSA generic UART (32-bit)";
	case ACPI_DBG2_ARM_SBSA_GENERIC:
		return "SBSA generic UART";
	default:
		return NULL;
	}
}

static int pl011_map(struct pl011 *u, phys_addr_t pa)
{
	u->base = ioremap(pa, PL011_REGS_SIZE);
	return u->base ? 0 : -ENOMEM;
}

/*
 * Describe in u the UART the SPCR names. The clock is unknown (the SPCR revision QEMU builds has
 * no clock field), so only a UART firmware already enabled can be used. Returns 0; -ENOENT
 * without an SPCR; -ENODEV when it names a UART that is not PL011-compatible; -EINVAL when its
 * registers are not in memory space; -ENOMEM when they cannot be mapped.
 */
static int uart_from_spcr(struct pl011 *u)
{
	struct acpi_spcr_info spcr;
	const struct acpi_generic_address *gas = &spcr.serial_port;
	const char *name;

	if (acpi_spcr_get(&spcr))
		return -ENOENT;
	name = spcr_uart_name(spcr.interface_type);
	if (!name) {
		printk("console: the ACPI SPCR names UART type %#x, not a PL011\n",
		       spcr.interface_type);
		return -ENODEV;
	}
	printk("console: ACPI SPCR names a %s in %s space at %#llx\n", name,
	       gas->space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY ? "memory" :
	       gas->space_id == ACPI_ADR_SPACE_SYSTEM_IO     ? "I/O" :
							       "an unknown",
	       (unsigned long long)gas->address);
	if (gas->space_id != ACPI_ADR_SPACE_SYSTEM_MEMORY || !gas->address)
		return -EINVAL;
	*u = (struct pl011){
		.sbsa = spcr.interface_type != ACPI_DBG2_ARM_PL011,
		.baud = spcr.baud_rate,
	};
	boot_uart_gsi = spcr.interrupt_type & ACPI_SPCR_IRQ_ARM_GIC ? spcr.gsi : 0;
	return pl011_map(u, gas->address);
}

static int uart_qemu_virt(struct pl011 *u)
{
	printk("console: no ACPI SPCR; falling back to QEMU virt's PL011 at %#lx\n",
	       VIRT_PL011_BASE);
	*u = (struct pl011){ .clock = VIRT_PL011_CLOCK, .baud = VIRT_PL011_BAUD };
	boot_uart_gsi = VIRT_PL011_GSI;
	return pl011_map(u, VIRT_PL011_BASE);
}

int serial_console_init(void)
{
	int err = uart_from_spcr(&boot_uart);

	if (err == -ENOENT)
		err = uart_qemu_virt(&boot_uart);
	if (!err)
		err = pl011_init(&boot_uart);
	if (err) {
		printk("console: cannot set up the UART (%d)\n", err);
		return err;
	}
	console_register(&boot_uart.con);
	console_input_register(&boot_uart_input);
	return 0;
}

static irqreturn_t boot_uart_interrupt(unsigned int irq, void *dev_id)
{
	unsigned int n = console_input_drain(&boot_uart_input);

	pl011_clear_rx_irq(&boot_uart);
	return n ? IRQ_HANDLED : IRQ_NONE;
}

int serial_console_irq_init(void)
{
	int irq = boot_uart_gsi ? irq_map_gsi(boot_uart_gsi, IRQ_TYPE_LEVEL_HIGH) : -ENODEV;
	int err = console_input_request_irq(irq, boot_uart_interrupt, &boot_uart);

	if (!err)
		pl011_enable_rx_irq(&boot_uart);
	return err;
}
