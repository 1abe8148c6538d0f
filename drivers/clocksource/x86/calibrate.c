/* Measuring one counter against a clocksource of known rate (clocks.h). */
#include "drivers/clocksource/x86/clocks.h"
#include "irqflags.h"

u64 calibrate_hz(u64 (*read)(void), struct clocksource *ref, unsigned int ms)
{
	u64 want = ref->hz * ms / 1000, t0, t1, r0, r1;
	unsigned long flags;

	local_irq_save(flags);
	t0 = read();
	r0 = ref->read(ref);
	do {
		r1 = ref->read(ref);
		t1 = read();
	} while (((r1 - r0) & ref->mask) < want);
	local_irq_restore(flags);
	return (t1 - t0) * ref->hz / ((r1 - r0) & ref->mask);
}
