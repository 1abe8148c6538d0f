/*
 * Clock event devices: the best rated one is programmed, one shot at a time, for the earliest
 * hrtimer (the tick is one of them), so the CPU is interrupted only when something is due.
 */
#include <errno.h>

#include "clockchips.h"
#include "internals.h"
#include "irqflags.h"
#include "ktime.h"

static struct clock_event_device *ced_current;

/* Cycles of a device counting at hz for delta_ns, rounded up so that it never fires early. */
static u64 ns_to_cycles(u64 delta_ns, u64 hz)
{
	return delta_ns / NSEC_PER_SEC * hz +
	       ((delta_ns % NSEC_PER_SEC) * hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

void clockevents_program_event(u64 expires_ns)
{
	struct clock_event_device *ced = ced_current;
	u64 now = ktime_get_ns();
	u64 cycles;

	if (!ced)
		return;
	cycles = ns_to_cycles(expires_ns > now ? expires_ns - now : 0, ced->hz);
	cycles = MIN(MAX(cycles, ced->min_delta), ced->max_delta);
	if (ced->set_next_event(cycles, ced) == -ETIME)
		ced->set_next_event(ced->min_delta, ced); /* passed while programming: at once */
}

void clockevents_config_and_register(struct clock_event_device *ced, u64 hz,
				     unsigned long min_delta, unsigned long max_delta)
{
	unsigned long flags;

	ced->hz = hz;
	ced->min_delta = min_delta;
	ced->max_delta = max_delta;
	ced->event_handler = hrtimer_interrupt;
	local_irq_save(flags);
	if (!ced_current || ced->rating > ced_current->rating) {
		if (ced_current && ced_current->set_state_shutdown)
			ced_current->set_state_shutdown(ced_current);
		ced_current = ced;
		hrtimer_reprogram();
	}
	local_irq_restore(flags);
}

struct clock_event_device *clockevent_current(void)
{
	return ced_current;
}
