/*
 * printk: format, keep in the log buffer, write to every console. Messages from before the first
 * console (the UART needs ACPI and ioremap first) are replayed when a console registers.
 */
#include <stdarg.h>
#include <string.h>

#include "arch.h"
#include "lib.h"
#include "printk.h"
#include "reboot.h"

#define LOG_SIZE (64 * 1024)

static char log_buf[LOG_SIZE];
static size_t log_len; /* bytes ever written; the buffer keeps the last LOG_SIZE */
static struct console *consoles;

static void log_append(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		log_buf[(log_len + i) % LOG_SIZE] = s[i];
	log_len += len;
}

static void console_replay(struct console *con)
{
	size_t start = log_len > LOG_SIZE ? log_len - LOG_SIZE : 0;

	for (size_t pos = start; pos < log_len;) {
		size_t off = pos % LOG_SIZE;
		size_t chunk = MIN(log_len - pos, LOG_SIZE - off);

		con->write(con, log_buf + off, chunk);
		pos += chunk;
	}
}

void console_register(struct console *con)
{
	console_replay(con);
	con->next = consoles;
	consoles = con;
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = MIN((size_t)n, sizeof(buf) - 1);

	log_append(buf, len);
	for (struct console *con = consoles; con; con = con->next)
		con->write(con, buf, len);
	return (int)len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("\nKERNEL PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	kernel_power_off();
}
