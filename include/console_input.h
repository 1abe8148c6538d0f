/*
 * Console input: the sources the shell reads keys from (the boot UART, a PS/2 keyboard, ...).
 * Every source can be polled; a source with a receive interrupt also pushes what arrives into a
 * queue from its handler, and the wait for a key then idles the CPU.
 */
#ifndef PAGODA_CONSOLE_INPUT_H
#define PAGODA_CONSOLE_INPUT_H

#include "irq.h"

/*
 * An input source. getc returns the next byte typed (ASCII; Enter as '\r' or '\n', Backspace as
 * 0x08 or 0x7f, Ctrl-U as 0x15), or -1 when none is waiting; it must never block.
 */
struct console_input {
	const char *name;
	int (*getc)(struct console_input *in);
	struct console_input *next;
};

/* Add in to the sources console_getc() polls. in must stay valid forever. */
void console_input_register(struct console_input *in);
/* The next byte (queued first, then from any source), or -1 when none is waiting. Never blocks. */
int console_trygetc(void);
/*
 * Wait for the next byte and return it. Idles the CPU between checks when something will wake it
 * (a receive interrupt, the tick); else spins polling every source. Interrupts as they were.
 */
int console_getc(void);

/* From a receive interrupt handler: queue c for console_getc (dropped when the queue is full). */
void console_input_push(char c);
/* From a receive interrupt handler: queue every byte in's getc has; returns how many. */
unsigned int console_input_drain(struct console_input *in);
/*
 * Take a source's receive interrupt: request irq (a negative irq is the error from looking it
 * up) with handler and dev_id, and from then on let console_getc idle even without a tick. Says
 * on the console which way input now arrives. Returns 0, or the error with the source left
 * polled; on success the caller then turns on the device's receive interrupt.
 */
int console_input_request_irq(int irq, irq_handler_t handler, void *dev_id);

#endif
