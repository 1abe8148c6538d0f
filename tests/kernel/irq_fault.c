/*
 * An exception inside an interrupt handler (run alone by the QEMU runner, `test=irq_fault`): the
 * report must show the handler's registers and those of the context the interrupt interrupted,
 * then the machine stops (a test cannot be abandoned from inside a handler).
 */
#include "hrtimer.h"
#include "ktest.h"
#include "ktime.h"
#include "printk.h"

static enum hrtimer_restart fault_in_handler(struct hrtimer *timer)
{
	volatile int *bad = (volatile int *)0x10;

	(void)*bad;
	return HRTIMER_NORESTART;
}

KTEST_EXPLICIT(irq_fault, exception_in_handler_reports_both_contexts)
{
	static struct hrtimer timer;

	hrtimer_setup(&timer, fault_in_handler);
	hrtimer_start(&timer, ktime_get_ns() + NSEC_PER_MSEC);
	printk("# waiting in msleep for the timer's handler to fault\n");
	msleep(1000);
	KCHECK(!"the timer handler's fault did not stop the machine");
}
