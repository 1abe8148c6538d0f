/*
 * Free-running counters the monotonic clock can be read from (Linux struct clocksource). A driver
 * registers each counter it finds with a rating; the highest rated one becomes the clock
 * (TSC 300 when invariant, HPET 250, ACPI PM timer 200, arm64 generic counter 400).
 */
#ifndef PAGODA_CLOCKSOURCE_H
#define PAGODA_CLOCKSOURCE_H

#include "types.h"

struct clocksource {
	const char *name;
	u64 (*read)(struct clocksource *cs);
	u64 mask; /* counters narrower than 64 bits wrap at mask + 1 (PM timer: 24 or 32 bits) */
	int rating;
	/* Owned by kernel/time: */
	u64 hz;
	struct clocksource *next;
};

/*
 * Register cs counting at hz. It becomes the clock if it outrates the current one; the
 * monotonic time continues from where the old clock left it. Returns 0, or -EINVAL for hz 0
 * or a missing read.
 */
int clocksource_register_hz(struct clocksource *cs, u64 hz);

/* The clocksource ktime_get_ns() reads, or NULL before any registration. */
struct clocksource *clocksource_current(void);
/* Find a registered clocksource by name (tests compare one with another), or NULL. */
struct clocksource *clocksource_find(const char *name);

#endif
