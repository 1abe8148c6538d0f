/*
 * Console input (include/console_input.h): a list of polled sources. The shell waits here for
 * keys; sources are few (a UART, a keyboard) and cheap to poll, so a round-robin spin will do
 * until there are interrupts.
 */
#include "console_input.h"

static struct console_input *inputs;

void console_input_register(struct console_input *in)
{
	in->next = inputs;
	inputs = in;
}

int console_trygetc(void)
{
	for (struct console_input *in = inputs; in; in = in->next) {
		int c = in->getc(in);

		if (c >= 0)
			return c;
	}
	return -1;
}

int console_getc(void)
{
	int c;

	do
		c = console_trygetc();
	while (c < 0);
	return c;
}
