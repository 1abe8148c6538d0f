/* The host tests' printk (host_printk.c): messages go to stdout as TAP comments. */
#ifndef PAGODA_HOST_PRINTK_H
#define PAGODA_HOST_PRINTK_H

/* The latest message printk formatted (empty before the first); tests clear it themselves. */
extern char host_printk_last[256];

#endif
