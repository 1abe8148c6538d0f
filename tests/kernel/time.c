/*
 * In-kernel tests of timekeeping (group `time`, both arches): the clock event device interrupts
 * while the CPU is busy, the monotonic clock and sleeps measured by another clocksource read
 * directly, a one-shot hrtimer, and the RTC.
 */
#include "clockchips.h"
#include "clocksource.h"
#include "hrtimer.h"
#include "irq.h"
#include "irqflags.h"
#include "ktest.h"
#include "ktime.h"
#include "printk.h"
#include "rtc.h"

/* Every clocksource the time drivers register; the reference is any but the current one. */
static const char *const clocksource_names[] = { "hpet", "acpi_pm", "tsc", "arch_sys_counter",
						 "arch_sys_counter_phys" };

static struct clocksource *reference_clocksource(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(clocksource_names); i++) {
		struct clocksource *cs = clocksource_find(clocksource_names[i]);

		if (cs && cs != clocksource_current())
			return cs;
	}
	return NULL;
}

/* Nanoseconds of cs between readings a and b (less than one wrap apart). */
static u64 reference_ns(struct clocksource *cs, u64 a, u64 b)
{
	return ((b - a) & cs->mask) * NSEC_PER_SEC / cs->hz;
}

static unsigned long irq_count(unsigned int irq)
{
	struct irq_stat st;

	return irq_stat_next(irq, &st) == (int)irq ? st.count : 0;
}

KTEST(time, timer_interrupts_during_busy_loop)
{
	const u64 period = NSEC_PER_SEC / HZ;
	struct clock_event_device *ced = clockevent_current();
	unsigned long count, j, ran_ticks;
	u64 now, prev, end, stolen = 0;

	if (!ced)
		KSKIP("no clock event device");
	KCHECK(!irqs_disabled());
	count = irq_count(ced->irq);
	j = jiffies;
	prev = ktime_get_ns();
	end = prev + 200 * NSEC_PER_MSEC;
	while ((now = ktime_get_ns()) < end) {
		/*
		 * A gap of half a tick between two reads means the virtual CPU did not run (a loaded
		 * host deschedules QEMU); ticks missed then are coalesced, as on Linux, so only the
		 * time the CPU ran counts towards the interrupts it must have seen.
		 */
		if (now - prev > period / 2)
			stolen += now - prev;
		prev = now;
	}
	ran_ticks = (200 * NSEC_PER_MSEC - stolen) / period;
	printk("# 200 ms busy: %lu timer interrupts, %lu ticks; %llu us not running\n",
	       irq_count(ced->irq) - count, jiffies - j, (unsigned long long)stolen / 1000);
	/* 10% slack for the first and last tick */
	KCHECK(irq_count(ced->irq) - count >= ran_ticks * 9 / 10);
	KCHECK(jiffies - j >= HZ / 5 * 9 / 10);
}

KTEST(time, monotonic_agrees_with_reference)
{
	struct clocksource *ref = reference_clocksource();
	u64 t0, r0, t1, r1, ns, ref_ns;

	if (!ref)
		KSKIP("no second clocksource");
	t0 = ktime_get_ns();
	r0 = ref->read(ref);
	udelay(200 * 1000);
	t1 = ktime_get_ns();
	r1 = ref->read(ref);
	ns = t1 - t0;
	ref_ns = reference_ns(ref, r0, r1);
	printk("# 200 ms: %llu ns by %s, %llu ns by %s\n", (unsigned long long)ns,
	       clocksource_current() ? clocksource_current()->name : "cpu counter",
	       (unsigned long long)ref_ns, ref->name);
	KCHECK(ns * 100 >= ref_ns * 99 && ns * 100 <= ref_ns * 101);
}

KTEST(time, msleep_100_lasts_100ms_by_reference)
{
	struct clocksource *ref = reference_clocksource();
	u64 r0, ns;

	if (!ref)
		KSKIP("no second clocksource");
	r0 = ref->read(ref);
	msleep(100);
	ns = reference_ns(ref, r0, ref->read(ref));
	printk("# msleep(100) took %llu us by %s\n", (unsigned long long)(ns / 1000), ref->name);
	KCHECK(ns >= 99 * NSEC_PER_MSEC); /* 1% for the two clocks' rates */
	KCHECK(ns < 300 * NSEC_PER_MSEC);
}

struct one_shot {
	struct hrtimer timer;
	unsigned int runs;
	u64 ran_at;
};

static enum hrtimer_restart one_shot_fn(struct hrtimer *timer)
{
	struct one_shot *s = container_of(timer, struct one_shot, timer);

	s->runs++;
	s->ran_at = ktime_get_ns();
	return HRTIMER_NORESTART;
}

KTEST(time, hrtimer_one_shot_fires_once_after_expiry)
{
	struct one_shot s = { .runs = 0 };
	u64 expires;

	if (!clockevent_current())
		KSKIP("no clock event device");
	hrtimer_setup(&s.timer, one_shot_fn);
	expires = ktime_get_ns() + 20 * NSEC_PER_MSEC;
	hrtimer_start(&s.timer, expires);
	msleep(100);
	KCHECK(!hrtimer_cancel(&s.timer)); /* already fired: nothing left to cancel */
	KCHECK_EQ(s.runs, 1);
	KCHECK(s.ran_at >= expires);
	KCHECK(s.ran_at < expires + 50 * NSEC_PER_MSEC);
}

KTEST(time, rtc_reads_a_valid_date)
{
	struct rtc_time tm;

	if (!rtc_get())
		KSKIP("no real-time clock");
	KCHECK_EQ(rtc_read_time(&tm), 0);
	KCHECK(rtc_valid_tm(&tm));
	KCHECK(tm.tm_year + 1900 >= 2024);
	/* the wall clock started from it and kept going */
	KCHECK(ktime_get_real_seconds() >= rtc_tm_to_time64(&tm) - 1);
	KCHECK(ktime_get_real_seconds() <= rtc_tm_to_time64(&tm) + 1);
}
