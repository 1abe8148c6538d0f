/*
 * Console input: the sources the shell reads keys from (the boot UART, a PS/2 keyboard, ...).
 * Every source is polled; none uses interrupts.
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
/* The next byte from any source, or -1 when none has one waiting. Never blocks. */
int console_trygetc(void);
/* Wait (polling every source in turn) for the next byte from any source and return it. */
int console_getc(void);

#endif
