/*
 * Measuring one counter against a clocksource of known rate (clocks.h). Under a hypervisor the
 * vCPU can be descheduled between reading the counter and reading the reference, which skews
 * one end of the interval by however long that took. So each end is a sample of the counter
 * bracketed by two reference reads, taken again while the bracket is wider than a small part of
 * the interval, and the reference's midpoint is used.
 */
#include "drivers/clocksource/x86/clocks.h"
#include "irqflags.h"

#define SAMPLE_TRIES 100
#define MAX_BRACKET_PART 2000 /* a bracket may span 1/2000 of the interval: 0.05% */

struct sample {
	u64 count; /* the counter */
	u64 ref;   /* the reference at the same moment, within the bracket */
};

static struct sample take_sample(u64 (*read)(void), struct clocksource *ref, u64 max_bracket)
{
	struct sample s = { 0 };

	for (unsigned int i = 0; i < SAMPLE_TRIES; i++) {
		u64 before = ref->read(ref), after, bracket;

		s.count = read();
		after = ref->read(ref);
		bracket = (after - before) & ref->mask;
		s.ref = (before + bracket / 2) & ref->mask;
		if (bracket <= max_bracket)
			break;
	}
	return s;
}

u64 calibrate_hz(u64 (*read)(void), struct clocksource *ref, unsigned int ms)
{
	u64 want = ref->hz * ms / 1000, max_bracket = want / MAX_BRACKET_PART, elapsed;
	struct sample start, end;
	unsigned long flags;

	local_irq_save(flags);
	start = take_sample(read, ref, max_bracket);
	do {
		end = take_sample(read, ref, max_bracket);
		elapsed = (end.ref - start.ref) & ref->mask;
	} while (elapsed < want);
	local_irq_restore(flags);
	return (end.count - start.count) * ref->hz / elapsed;
}
