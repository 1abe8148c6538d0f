/*
 * The periodic tick: an hrtimer every 1/HZ s that counts jiffies. A late tick (interrupts masked
 * for longer than a period) adds every period that passed, so jiffies keep up with the clock.
 */
#include "hrtimer.h"
#include "internals.h"
#include "ktime.h"

#define TICK_NSEC (NSEC_PER_SEC / HZ)

volatile unsigned long jiffies;
static struct hrtimer tick_timer;

static enum hrtimer_restart tick_sched_timer(struct hrtimer *timer)
{
	jiffies += hrtimer_forward_now(timer, TICK_NSEC);
	return HRTIMER_RESTART;
}

void tick_start(void)
{
	hrtimer_setup(&tick_timer, tick_sched_timer);
	hrtimer_start(&tick_timer, ktime_get_ns() + TICK_NSEC);
}
