/*
 * One-shot timers in a list ordered by expiry. Only the first one is programmed into the clock
 * event device; its interrupt runs every timer that is due, then programs the next.
 */
#include "hrtimer.h"
#include "internals.h"
#include "irqflags.h"
#include "ktime.h"

static LIST_HEAD(hrtimer_queue);
/* In hrtimer_interrupt, which programs the device once when done: starts must not. */
static bool hrtimer_running;

static struct hrtimer *hrtimer_first(void)
{
	return list_first_entry_or_null(&hrtimer_queue, struct hrtimer, node);
}

/* Queue timer behind every timer that expires no later (equal expiries fire in start order). */
static void enqueue(struct hrtimer *timer)
{
	struct hrtimer *pos;

	list_for_each_entry(pos, &hrtimer_queue, node) if (pos->expires > timer->expires) break;
	list_add_tail(&timer->node, &pos->node);
	timer->queued = true;
}

static void dequeue(struct hrtimer *timer)
{
	list_del(&timer->node);
	timer->queued = false;
}

void hrtimer_reprogram(void)
{
	struct hrtimer *first = hrtimer_first();

	if (first && !hrtimer_running)
		clockevents_program_event(first->expires);
}

void hrtimer_setup(struct hrtimer *timer, enum hrtimer_restart (*function)(struct hrtimer *))
{
	*timer = (struct hrtimer){ .function = function };
}

void hrtimer_start(struct hrtimer *timer, u64 expires_ns)
{
	unsigned long flags;

	local_irq_save(flags);
	if (timer->queued)
		dequeue(timer);
	timer->expires = expires_ns;
	enqueue(timer);
	if (hrtimer_first() == timer)
		hrtimer_reprogram();
	local_irq_restore(flags);
}

bool hrtimer_cancel(struct hrtimer *timer)
{
	unsigned long flags;
	bool was_queued;

	/* The device may stay programmed for it: an early interrupt finds nothing due. */
	local_irq_save(flags);
	was_queued = timer->queued;
	if (was_queued)
		dequeue(timer);
	local_irq_restore(flags);
	return was_queued;
}

u64 hrtimer_forward_now(struct hrtimer *timer, u64 interval_ns)
{
	u64 now = ktime_get_ns();
	u64 overruns;

	if (timer->expires > now)
		return 0;
	overruns = (now - timer->expires) / interval_ns + 1;
	timer->expires += overruns * interval_ns;
	return overruns;
}

void hrtimer_interrupt(struct clock_event_device *ced)
{
	u64 now = ktime_get_ns();
	struct hrtimer *timer;

	hrtimer_running = true;
	while ((timer = hrtimer_first()) && timer->expires <= now) {
		dequeue(timer);
		/* A callback that started its own timer again has queued it already. */
		if (timer->function(timer) == HRTIMER_RESTART && !timer->queued)
			enqueue(timer);
	}
	hrtimer_running = false;
	hrtimer_reprogram();
}
