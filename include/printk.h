#ifndef PAGODA_PRINTK_H
#define PAGODA_PRINTK_H

#include <stdarg.h>

#include "types.h"

/* Formats like printf (see lib/vsnprintf.c) to every registered console. */
__attribute__((format(printf, 1, 2))) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);
/* Report and stop the machine. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/*
 * A console: an output device printk writes to. Messages printed before the first console is
 * registered are kept in a log buffer and replayed to each console when it registers.
 */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t len);
	struct console *next;
};

void console_register(struct console *con);

#endif
