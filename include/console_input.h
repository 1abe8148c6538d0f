/*
 * Console input: the sources the shell reads keys from (the boot UART, a PS/2 keyboard, ...).
 * Every source can be polled; a source with a receive interrupt also pushes what arrives into a
 * queue from its handler, and the wait for a key then idles the CPU.
 */
#ifndef PAGODA_CONSOLE_INPUT_H
#define PAGODA_CONSOLE_INPUT_H

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
/* A source now interrupts when a byte arrives: console_getc may idle even without a tick. */
void console_input_set_interrupt_driven(void);

#endif
