/*
 * Console input (include/console_input.h): a queue that receive interrupts fill, and the list of
 * sources, polled as well. The shell waits here for keys. With a clock event device or a source
 * that interrupts on input, the wait idles the CPU between checks (a keyboard without its own
 * interrupt is polled at each wake-up, at least every tick); without either it spins as before
 * interrupts existed.
 */
#include "clockchips.h"
#include "console_input.h"
#include "irqflags.h"
#include "ktime.h"
#include "printk.h"

/* Bytes typed faster than the shell reads them; more are dropped. A power of two. */
#define INPUT_QUEUE_SIZE 256

static struct console_input *inputs;
static char queue[INPUT_QUEUE_SIZE];
static unsigned int queue_head, queue_tail; /* free-running; masked by the size */
static bool input_interrupts;

void console_input_register(struct console_input *in)
{
	in->next = inputs;
	inputs = in;
}

int console_input_request_irq(int irq, irq_handler_t handler, void *dev_id)
{
	int err = irq < 0 ? irq : request_irq(irq, handler, 0, "serial", dev_id);

	if (err) {
		printk("console: serial input stays polled (%d)\n", err);
		return err;
	}
	input_interrupts = true;
	printk("console: serial input by interrupt (irq %d)\n", irq);
	return 0;
}

void console_input_push(char c)
{
	if (queue_head - queue_tail < INPUT_QUEUE_SIZE)
		queue[queue_head++ % INPUT_QUEUE_SIZE] = c;
}

unsigned int console_input_drain(struct console_input *in)
{
	unsigned int n = 0;
	int c;

	while ((c = in->getc(in)) >= 0) {
		console_input_push(c);
		n++;
	}
	return n;
}

/* The oldest queued byte, else one polled from a source; -1 when none. Interrupts masked. */
static int next_byte(void)
{
	if (queue_head != queue_tail)
		return (unsigned char)queue[queue_tail++ % INPUT_QUEUE_SIZE];
	for (struct console_input *in = inputs; in; in = in->next) {
		int c = in->getc(in);

		if (c >= 0)
			return c;
	}
	return -1;
}

int console_trygetc(void)
{
	unsigned long flags;
	int c;

	local_irq_save(flags);
	c = next_byte();
	local_irq_restore(flags);
	return c;
}

int console_getc(void)
{
	unsigned long flags;
	int c;

	/* Masked from the check to the idle, so that a byte's interrupt cannot slip in between. */
	local_irq_save(flags);
	while ((c = next_byte()) < 0)
		if (input_interrupts || clockevent_current())
			cpu_idle_once();
	local_irq_restore(flags);
	return c;
}
