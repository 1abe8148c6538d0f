/*
 * The monotonic clock. Registered counters are kept in a list; the best rated one is read.
 *
 * Time is base_ns plus the cycles counted since base_ns was set, converted with a 64 x 64 -> 128
 * bit multiply by mult = 2^32 ns per cycle: exact to 2^-32 relative for any rate up to 4 GHz and
 * without overflow for centuries. The cycle count is accumulated from masked deltas at every
 * read, so a counter narrower than 64 bits may wrap between reads as long as it is read at least
 * once per wrap period: the tick reads it HZ times a second (the 24-bit ACPI PM timer wraps every
 * 4.7 s). A change of clocksource folds the time so far into base_ns, so time stays continuous.
 * Before any registration the arch counter (arch_counter, arch_counter_hz) is read the same way.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "clocksource.h"
#include "irqflags.h"
#include "ktime.h"

struct timekeeper {
	struct clocksource *cs; /* NULL: the arch counter */
	u64 mult;		/* ns per cycle << 32; 0 until first use */
	u64 cycle_last;		/* the counter at the last read */
	u64 cycles;		/* counted since base_ns */
	u64 base_ns;
};

static struct timekeeper tk;
static struct clocksource *clocksources;

static u64 tk_mult(u64 hz)
{
	return (NSEC_PER_SEC << 32) / hz;
}

static u64 tk_read(void)
{
	return tk.cs ? tk.cs->read(tk.cs) : arch_counter();
}

static u64 tk_mask(void)
{
	return tk.cs ? tk.cs->mask : ~0ULL;
}

/* Count the cycles since the last read and return the time. Interrupts masked. */
static u64 timekeeping_advance(void)
{
	u64 now;

	if (!tk.mult) {
		tk.mult = tk_mult(arch_counter_hz());
		tk.cycle_last = arch_counter();
	}
	now = tk_read();
	tk.cycles += (now - tk.cycle_last) & tk_mask();
	tk.cycle_last = now;
	return tk.base_ns + (u64)(((unsigned __int128)tk.cycles * tk.mult) >> 32);
}

u64 ktime_get_ns(void)
{
	unsigned long flags;
	u64 ns;

	local_irq_save(flags);
	ns = timekeeping_advance();
	local_irq_restore(flags);
	return ns;
}

/* Continue the time from now on cs. Interrupts masked. */
static void timekeeping_switch(struct clocksource *cs)
{
	tk.base_ns = timekeeping_advance();
	tk.cycles = 0;
	tk.cs = cs;
	tk.mult = tk_mult(cs->hz);
	tk.cycle_last = cs->read(cs);
}

int clocksource_register_hz(struct clocksource *cs, u64 hz)
{
	unsigned long flags;

	if (!hz || !cs->read)
		return -EINVAL;
	local_irq_save(flags);
	cs->hz = hz;
	cs->next = clocksources;
	clocksources = cs;
	if (!tk.cs || cs->rating > tk.cs->rating)
		timekeeping_switch(cs);
	local_irq_restore(flags);
	return 0;
}

struct clocksource *clocksource_current(void)
{
	return tk.cs;
}

struct clocksource *clocksource_find(const char *name)
{
	for (struct clocksource *cs = clocksources; cs; cs = cs->next)
		if (!strcmp(cs->name, name))
			return cs;
	return NULL;
}
