/*
 * printk for the host tests (host_printk.h): mm/ reports kernel bugs it refuses to act on through
 * the console; here each message becomes a TAP comment and the latest one is kept for checks.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "host_printk.h"
#include "printk.h"

char host_printk_last[256];

int vprintk(const char *fmt, va_list ap)
{
	int n = vsnprintf(host_printk_last, sizeof(host_printk_last), fmt, ap);

	printf("# printk: %s", host_printk_last);
	if (!strchr(host_printk_last, '\n'))
		printf("\n");
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
