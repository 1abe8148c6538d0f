/*
 * One-shot timers on the monotonic clock (Linux hrtimer, absolute mode). The callback runs in
 * the clock event interrupt, with interrupts masked, and may re-arm its timer.
 */
#ifndef PAGODA_HRTIMER_H
#define PAGODA_HRTIMER_H

#include "list.h"
#include "types.h"

enum hrtimer_restart {
	HRTIMER_NORESTART, /* done */
	HRTIMER_RESTART,   /* the callback moved expires (hrtimer_forward_ns): queue again */
};

struct hrtimer {
	struct list_head node; /* in the expiry-ordered queue while armed */
	u64 expires;	       /* ktime_get_ns() value at which it fires */
	enum hrtimer_restart (*function)(struct hrtimer *timer);
	bool queued;
};

void hrtimer_setup(struct hrtimer *timer, enum hrtimer_restart (*function)(struct hrtimer *));
/* Arm (or re-arm) timer to fire at expires_ns; a time in the past fires at the next interrupt. */
void hrtimer_start(struct hrtimer *timer, u64 expires_ns);
/* Disarm; returns true when it was armed. */
bool hrtimer_cancel(struct hrtimer *timer);
/* From a callback: move expires forward by interval_ns past now; returns the overruns. */
u64 hrtimer_forward_now(struct hrtimer *timer, u64 interval_ns);

#endif
