/* The host stand-ins of host_kernel.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "boot_info.h"
#include "host_kernel.h"
#include "drivers/clocksource/timer_probe.h"
#include "lib.h"
#include "printk.h"

char host_printk_last[256];
struct console_input *host_console_input;
const char *host_cmdline = "";

/* Each message is also printed as a TAP comment, so a failing test shows what the kernel said. */
int vprintk(const char *fmt, va_list ap)
{
	size_t len;
	int n = kvsnprintf(host_printk_last, sizeof(host_printk_last), fmt, ap);

	len = strlen(host_printk_last);
	printf("# printk: %s%s", host_printk_last,
	       len && host_printk_last[len - 1] == '\n' ? "" : "\n");
	return n;
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

const char *boot_cmdline(void)
{
	return host_cmdline;
}

/* The host has no time hardware: each test registers the fake clocks it drives itself. */
void timer_probe(void)
{
}
