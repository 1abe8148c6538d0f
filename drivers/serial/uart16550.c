/*
 * Driver for 16550-compatible UARTs (the PC's COM ports, and the memory-mapped ones that ACPI
 * SPCR describes). Output waits for the transmitter; input is polled, or raises the receive
 * interrupt once the console has taken its line.
 */
#include "drivers/serial/serial.h"

#include <errno.h>

#include <asm/io.h>

/* Register offsets, in units of the register stride. */
#define UART_RX 0  /* receive buffer (read, DLAB=0) */
#define UART_TX 0  /* transmit holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCR 7 /* scratch */

#define UART_FCR_ENABLE_FIFO 0x01
#define UART_FCR_CLEAR_RCVR 0x02
#define UART_FCR_CLEAR_XMIT 0x04
#define UART_LCR_WLEN8 0x03 /* 8 data bits, 1 stop bit, no parity */
#define UART_LCR_DLAB 0x80  /* registers 0 and 1 become the divisor latch */
#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT2 0x08 /* PC: connects the interrupt output to the IRQ line */
#define UART_IER_RDI 0x01  /* interrupt while received data is available */
#define UART_LSR_DR 0x01   /* a received byte is waiting */
#define UART_LSR_THRE 0x20 /* the transmit holding register (or FIFO) is empty */

/*
 * How many LSR reads to wait for THRE. At 9600 baud one byte takes about 1 ms; even a slow port
 * read (~1 us) leaves plenty of margin, yet a wedged or absent UART costs a bounded time per
 * character instead of a hang.
 */
#define UART_TX_POLLS 100000

#define UART_SCRATCH_PATTERN 0x5a

static void *uart_reg_addr(const struct uart16550 *u, unsigned int reg)
{
	return (void *)(u->base + (reg << u->reg_shift));
}

static u8 uart_read(const struct uart16550 *u, unsigned int reg)
{
	if (u->iotype == UART_IO_PORT)
		return inb(u->base + reg);
	if (u->access_size == 4)
		return readl(uart_reg_addr(u, reg));
	return readb(uart_reg_addr(u, reg));
}

static void uart_write(const struct uart16550 *u, unsigned int reg, u8 val)
{
	if (u->iotype == UART_IO_PORT)
		outb(val, u->base + reg);
	else if (u->access_size == 4)
		writel(val, uart_reg_addr(u, reg));
	else
		writeb(val, uart_reg_addr(u, reg));
}

static void uart_tx_byte(struct uart16550 *u, u8 c)
{
	unsigned int n;

	for (n = 0; n < UART_TX_POLLS; n++)
		if (uart_read(u, UART_LSR) & UART_LSR_THRE)
			break;
	uart_write(u, UART_TX, c);
}

void uart16550_putc(struct uart16550 *u, char c)
{
	if (c == '\n')
		uart_tx_byte(u, '\r');
	uart_tx_byte(u, c);
}

int uart16550_getc(struct uart16550 *u)
{
	if (!(uart_read(u, UART_LSR) & UART_LSR_DR))
		return -1;
	return uart_read(u, UART_RX);
}

void uart16550_enable_rx_irq(struct uart16550 *u)
{
	uart_write(u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	uart_write(u, UART_IER, UART_IER_RDI);
}

static void uart16550_console_write(struct console *con, const char *s, size_t len)
{
	struct uart16550 *u = container_of(con, struct uart16550, con);

	while (len--)
		uart16550_putc(u, *s++);
}

static void uart_set_divisor(struct uart16550 *u, u16 divisor)
{
	uart_write(u, UART_LCR, UART_LCR_WLEN8 | UART_LCR_DLAB);
	uart_write(u, UART_DLL, divisor & 0xff);
	uart_write(u, UART_DLM, divisor >> 8);
}

int uart16550_init(struct uart16550 *u, unsigned int baud)
{
	unsigned int divisor = baud ? UART16550_BASE_BAUD / baud : 0;

	if (baud && (!divisor || divisor > 0xffff || divisor * baud != UART16550_BASE_BAUD))
		return -EINVAL;
	if (u->iotype == UART_MMIO && u->access_size != 1 && u->access_size != 4)
		return -EINVAL;
	uart_write(u, UART_SCR, UART_SCRATCH_PATTERN);
	if (uart_read(u, UART_SCR) != UART_SCRATCH_PATTERN)
		return -ENODEV;

	/* Clear DLAB first: firmware may have left it set, and IER shares its offset with DLM. */
	uart_write(u, UART_LCR, UART_LCR_WLEN8);
	uart_write(u, UART_IER, 0);
	if (divisor) {
		uart_set_divisor(u, divisor);
		uart_write(u, UART_LCR, UART_LCR_WLEN8);
	}
	uart_write(u, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
	uart_write(u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS);

	u->con.name = "uart16550";
	u->con.write = uart16550_console_write;
	u->con.next = NULL;
	return 0;
}
