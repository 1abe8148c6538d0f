/*
 * Host stand-ins for the kernel services hostable drivers call: printk() keeps the latest
 * message for tests to check; console_input_register() keeps the latest input registered.
 */
#ifndef PAGODA_HOST_KERNEL_H
#define PAGODA_HOST_KERNEL_H

#include "console_input.h"

extern char host_printk_last[256];		 /* the latest message, truncated */
extern struct console_input *host_console_input; /* the latest registered input, or NULL */

/* What boot_cmdline() returns (empty unless a test sets it). */
extern const char *host_cmdline;

#endif
