/* The host stand-ins of host_kernel.h. */
#include <stdarg.h>

#include "host_kernel.h"
#include "lib.h"
#include "printk.h"

char host_printk_last[256];
struct console_input *host_console_input;

int vprintk(const char *fmt, va_list ap)
{
	return kvsnprintf(host_printk_last, sizeof(host_printk_last), fmt, ap);
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

void console_input_register(struct console_input *in)
{
	host_console_input = in;
}
