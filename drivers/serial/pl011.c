/*
 * Driver for the Arm PL011 UART and the SBSA generic UART (a PL011 subset), as ACPI SPCR
 * describes them on arm64 machines. Output waits for room in the FIFO; input is polled, or raises
 * the receive interrupts once the console has taken its line. Register names follow Linux's linux/amba/serial.h; layout from the PL011 TRM.
 */
#include "drivers/serial/serial.h"

#include <errno.h>

#include <asm/io.h>

#define UART01x_DR 0x00	    /* data: a byte written is sent, a byte read was received */
#define UART01x_FR 0x18	    /* flags */
#define UART011_IBRD 0x24   /* integer part of the baud divisor */
#define UART011_FBRD 0x28   /* fractional part, in 64ths */
#define UART011_LCRH 0x2c   /* line control; writing it latches IBRD/FBRD */
#define UART011_CR 0x30	    /* control */
#define UART011_IMSC 0x38   /* interrupt mask set/clear */
#define UART011_ICR 0x44    /* interrupt clear */
#define UART011_RXIM BIT(4) /* receive (FIFO at its level) */
#define UART011_RTIM BIT(6) /* receive timeout (bytes waiting, line idle) */

#define UART01x_FR_RXFE BIT(4) /* receive FIFO empty */
#define UART01x_FR_TXFF BIT(5) /* transmit FIFO full */
#define UART01x_DR_DATA 0xff   /* bits 11:8 hold the byte's error flags */
#define UART01x_LCRH_FEN BIT(4)
#define UART01x_LCRH_WLEN_8 (3U << 5) /* 8 data bits; no parity and 1 stop bit when others 0 */
#define UART01x_CR_UARTEN BIT(0)
#define UART011_CR_TXE BIT(8)
#define UART011_CR_RXE BIT(9)

#define UART011_IBRD_MAX 0xffff
#define UART011_FBRD_BITS 6

/*
 * How many flag reads to wait for room in the transmit FIFO. At 9600 baud one byte takes about
 * 1 ms; a device read takes well under 10 us, so a working UART always drains in time, while a
 * wedged one (flow control held off, clock gated) costs a bounded time per character.
 */
#define UART_TX_POLLS 100000

static u32 pl011_read(const struct pl011 *u, unsigned int reg)
{
	return readl((const char *)u->base + reg);
}

static void pl011_write(const struct pl011 *u, unsigned int reg, u32 val)
{
	writel(val, (char *)u->base + reg);
}

static void pl011_tx_byte(struct pl011 *u, u8 c)
{
	for (unsigned int n = 0; n < UART_TX_POLLS; n++)
		if (!(pl011_read(u, UART01x_FR) & UART01x_FR_TXFF))
			break;
	pl011_write(u, UART01x_DR, c);
}

void pl011_putc(struct pl011 *u, char c)
{
	if (c == '\n')
		pl011_tx_byte(u, '\r');
	pl011_tx_byte(u, c);
}

int pl011_getc(struct pl011 *u)
{
	if (pl011_read(u, UART01x_FR) & UART01x_FR_RXFE)
		return -1;
	return pl011_read(u, UART01x_DR) & UART01x_DR_DATA;
}

void pl011_enable_rx_irq(struct pl011 *u)
{
	pl011_clear_rx_irq(u);
	pl011_write(u, UART011_IMSC, UART011_RXIM | UART011_RTIM);
}

void pl011_clear_rx_irq(struct pl011 *u)
{
	pl011_write(u, UART011_ICR, UART011_RXIM | UART011_RTIM);
}

static void pl011_console_write(struct console *con, const char *s, size_t len)
{
	struct pl011 *u = container_of(con, struct pl011, con);

	while (len--)
		pl011_putc(u, *s++);
}

/*
 * The divisor clock / (16 * baud) in 64ths, rounded (Linux computes it the same way), or 0 when
 * the PL011 cannot represent it: the integer part must be 1..65535, with no fraction at 65535.
 */
static u64 pl011_divisor(unsigned int clock, unsigned int baud)
{
	u64 quot = baud ? ((u64)clock * 4 + baud / 2) / baud : 0;
	u64 ibrd = quot >> UART011_FBRD_BITS;

	if (ibrd == 0 || ibrd > UART011_IBRD_MAX ||
	    (ibrd == UART011_IBRD_MAX && (quot & GENMASK(UART011_FBRD_BITS - 1, 0))))
		return 0;
	return quot;
}

/* Program a disabled PL011: divisor, 8N1 with FIFOs (the LCRH write latches the divisor). */
static int pl011_enable(struct pl011 *u)
{
	u64 quot = pl011_divisor(u->clock, u->baud);

	if (!quot)
		return -EINVAL;
	pl011_write(u, UART011_IMSC, 0);
	pl011_write(u, UART011_IBRD, quot >> UART011_FBRD_BITS);
	pl011_write(u, UART011_FBRD, quot & GENMASK(UART011_FBRD_BITS - 1, 0));
	pl011_write(u, UART011_LCRH, UART01x_LCRH_WLEN_8 | UART01x_LCRH_FEN);
	pl011_write(u, UART011_CR, UART01x_CR_UARTEN | UART011_CR_TXE | UART011_CR_RXE);
	return 0;
}

/* Leave the PL011 enabled with transmitter and receiver on, keeping what firmware set up. */
static int pl011_start(struct pl011 *u)
{
	u32 cr = pl011_read(u, UART011_CR);
	u32 txrx = UART011_CR_TXE | UART011_CR_RXE;

	if (!(cr & UART01x_CR_UARTEN))
		return pl011_enable(u);
	if ((cr & txrx) != txrx)
		pl011_write(u, UART011_CR, cr | txrx);
	return 0;
}

int pl011_init(struct pl011 *u)
{
	int err = u->sbsa ? 0 : pl011_start(u);

	if (err)
		return err;
	u->con.name = "pl011";
	u->con.write = pl011_console_write;
	u->con.next = NULL;
	return 0;
}
