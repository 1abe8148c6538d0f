/*
 * Devices that raise an interrupt after a programmed delay (Linux struct clock_event_device):
 * the x86 local APIC timer, the arm64 generic timer. kernel/time programs the best one in
 * one-shot mode for the next timer or tick; the driver's interrupt handler calls event_handler.
 */
#ifndef PAGODA_CLOCKCHIPS_H
#define PAGODA_CLOCKCHIPS_H

#include "types.h"

struct clock_event_device {
	const char *name;
	/* Raise the interrupt in delta cycles (min_delta..max_delta). 0, or -ETIME if too late. */
	int (*set_next_event)(unsigned long delta, struct clock_event_device *ced);
	/* Stop: no interrupt until set_next_event again. */
	int (*set_state_shutdown)(struct clock_event_device *ced);
	int rating;
	unsigned int irq; /* for the `irq` table and the tests' interrupt counts */
	/* Set by clockevents_config_and_register: */
	u64 hz;
	unsigned long min_delta, max_delta;
	void (*event_handler)(struct clock_event_device *ced); /* kernel/time's */
};

/*
 * Register ced, counting at hz, accepting deltas min_delta..max_delta cycles. The best rated
 * device drives the timers and the tick; its interrupt must already be requested by the driver,
 * whose handler calls ced->event_handler(ced).
 */
void clockevents_config_and_register(struct clock_event_device *ced, u64 hz,
				     unsigned long min_delta, unsigned long max_delta);

/* The device that drives timers, or NULL (then timers never fire and msleep busy-waits). */
struct clock_event_device *clockevent_current(void);

#endif
