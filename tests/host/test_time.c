/*
 * Host tests of kernel/time with fake clocksources and clock event devices. The clock is global,
 * so every test registers its own devices (static: the kernel keeps them listed) rated above all
 * before, so each becomes current, and leaves no timer armed. Expected times are computed here in floating point, not with the
 * kernel's fixed-point conversion.
 */
#include "clockchips.h"
#include "clocksource.h"
#include "host_arch.h"
#include "hrtimer.h"
#include "kernel/time/internals.h"
#include "ktime.h"
#include "tap.h"

#include <errno.h>

struct fake_cs {
	struct clocksource cs;
	u64 value; /* the counter, before the mask */
};

struct fake_ced {
	struct clock_event_device ced;
	unsigned long last_delta;
	unsigned int programs, shutdowns;
	bool too_late_once; /* answer the next set_next_event with -ETIME */
};

static int next_rating = 1000;

static u64 fake_cs_read(struct clocksource *cs)
{
	struct fake_cs *f = container_of(cs, struct fake_cs, cs);

	return f->value & cs->mask;
}

static int fake_set_next_event(unsigned long delta, struct clock_event_device *ced)
{
	struct fake_ced *f = container_of(ced, struct fake_ced, ced);

	if (f->too_late_once) {
		f->too_late_once = false;
		return -ETIME;
	}
	f->last_delta = delta;
	f->programs++;
	return 0;
}

static int fake_shutdown(struct clock_event_device *ced)
{
	container_of(ced, struct fake_ced, ced)->shutdowns++;
	return 0;
}

/* Make f (counting at hz, mask bits wide, starting at value) the clock. */
static void fake_cs_register(struct fake_cs *f, const char *name, unsigned int bits, u64 hz,
			     u64 value)
{
	*f = (struct fake_cs){
		.cs = { .name = name, .read = fake_cs_read, .rating = next_rating++ },
		.value = value,
	};
	f->cs.mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
	CHECK_EQ(clocksource_register_hz(&f->cs, hz), 0);
	CHECK(clocksource_current() == &f->cs);
}

/* Make f the clock event device (counting at hz, deltas min..max). */
static void fake_ced_register(struct fake_ced *f, u64 hz, unsigned long min, unsigned long max)
{
	*f = (struct fake_ced){
		.ced = { .name = "fake",
			 .set_next_event = fake_set_next_event,
			 .set_state_shutdown = fake_shutdown,
			 .rating = next_rating++ },
	};
	clockevents_config_and_register(&f->ced, hz, min, max);
	CHECK(clockevent_current() == &f->ced);
}

/* A 1 GHz clock and a 1 GHz device: one cycle is one nanosecond. */
struct fake_time {
	struct fake_cs cs;
	struct fake_ced ced;
};

static void fake_time_setup(struct fake_time *t)
{
	fake_cs_register(&t->cs, "fake-1ghz", 64, NSEC_PER_SEC, 1ULL << 40);
	fake_ced_register(&t->ced, NSEC_PER_SEC, 100, 100 * NSEC_PER_MSEC);
}

/* Advance the clock by ns and take the device's interrupt. */
static void fake_time_fire(struct fake_time *t, u64 ns)
{
	t->cs.value += ns;
	t->ced.ced.event_handler(&t->ced.ced);
}

TEST(time_clock_exact_across_24bit_wraps)
{
	const u64 hz = 3579545; /* the ACPI PM timer */
	static struct fake_cs pm;
	u64 t0, prev, cycles = 0;

	fake_cs_register(&pm, "pm-24bit", 24, hz, 0xfffff0);
	t0 = prev = ktime_get_ns();
	for (int i = 0; i < 12; i++) { /* 6 wraps, read twice per wrap */
		u64 now;

		pm.value += 0x7fffff;
		cycles += 0x7fffff;
		now = ktime_get_ns();
		CHECK(now > prev);
		prev = now;
	}
	double want = (double)cycles * 1e9 / (double)hz;
	double got = (double)(prev - t0);

	CHECK(got > want - 2 && got < want + 2);
}

TEST(time_clock_continuous_across_clocksource_switch)
{
	static struct fake_cs slow, fast, worse;
	u64 before, after;

	fake_cs_register(&slow, "slow", 32, 19200000, 123);
	slow.value += 19200000 / 2; /* half a second */
	before = ktime_get_ns();
	fake_cs_register(&fast, "fast", 64, NSEC_PER_SEC, 987654321);
	after = ktime_get_ns();
	CHECK_EQ(after, before); /* the new counter has not moved: neither has the time */
	fast.value += 1500;
	CHECK_EQ(ktime_get_ns(), before + 1500);

	/* A lower rated clocksource is listed but does not take over. */
	worse = (struct fake_cs){
		.cs = { .name = "worse", .read = fake_cs_read, .mask = ~0ULL, .rating = 1 }
	};
	CHECK_EQ(clocksource_register_hz(&worse.cs, 1000), 0);
	CHECK(clocksource_current() == &fast.cs);
	CHECK(clocksource_find("worse") == &worse.cs);
	CHECK(clocksource_find("slow") == &slow.cs);
	CHECK(clocksource_find("none such") == NULL);
	CHECK_EQ(worse.cs.hz, 1000);
	CHECK_EQ(clocksource_register_hz(&worse.cs, 0), (u64)-EINVAL);
}

struct order_timer {
	struct hrtimer timer;
	int id;
};

static int fired[8], nr_fired;

static enum hrtimer_restart record_fire(struct hrtimer *timer)
{
	if (nr_fired < 8)
		fired[nr_fired++] = container_of(timer, struct order_timer, timer)->id;
	return HRTIMER_NORESTART;
}

TEST(time_hrtimers_fire_in_order_once_and_program_the_earliest)
{
	static struct fake_time t;
	struct order_timer a = { .id = 1 }, b = { .id = 2 }, c = { .id = 3 };
	u64 now;

	fake_time_setup(&t);
	now = ktime_get_ns();
	nr_fired = 0;
	hrtimer_setup(&a.timer, record_fire);
	hrtimer_setup(&b.timer, record_fire);
	hrtimer_setup(&c.timer, record_fire);
	hrtimer_start(&c.timer, now + 5000);
	CHECK_EQ(t.ced.last_delta, 5000);
	hrtimer_start(&a.timer, now + 1000);
	CHECK_EQ(t.ced.last_delta, 1000);
	hrtimer_start(&b.timer, now + 3000);
	CHECK_EQ(t.ced.last_delta, 1000); /* not the first: nothing reprogrammed */

	fake_time_fire(&t, 999); /* early: nothing due */
	CHECK_EQ(nr_fired, 0);
	CHECK_EQ(t.ced.last_delta, 100); /* 1 ns left, clamped to min_delta */
	fake_time_fire(&t, 1);
	CHECK_EQ(nr_fired, 1);
	CHECK_EQ(t.ced.last_delta, 2000);
	fake_time_fire(&t, 4500);
	CHECK_EQ(nr_fired, 3);
	CHECK_EQ(fired[0], 1);
	CHECK_EQ(fired[1], 2);
	CHECK_EQ(fired[2], 3);
	fake_time_fire(&t, 100000);
	CHECK_EQ(nr_fired, 3);
	CHECK(!a.timer.queued && !b.timer.queued && !c.timer.queued);
}

TEST(time_hrtimer_cancel_clamp_and_too_late)
{
	static struct fake_time t;
	struct order_timer a = { .id = 1 };
	u64 now;

	fake_time_setup(&t);
	now = ktime_get_ns();
	nr_fired = 0;
	hrtimer_setup(&a.timer, record_fire);
	hrtimer_start(&a.timer, now + 10 * NSEC_PER_SEC);
	CHECK_EQ(t.ced.last_delta, 100 * NSEC_PER_MSEC); /* clamped to max_delta: fires early */
	fake_time_fire(&t, 100 * NSEC_PER_MSEC);
	CHECK_EQ(t.ced.last_delta, 100 * NSEC_PER_MSEC); /* ... and programs the rest again */
	CHECK_EQ(nr_fired, 0);
	CHECK(hrtimer_cancel(&a.timer));
	CHECK(!hrtimer_cancel(&a.timer));
	fake_time_fire(&t, 20 * NSEC_PER_SEC);
	CHECK_EQ(nr_fired, 0);

	now = ktime_get_ns();
	hrtimer_start(&a.timer, now - 5); /* in the past */
	CHECK_EQ(t.ced.last_delta, 100);
	t.ced.too_late_once = true;
	hrtimer_start(&a.timer, now + 50000);
	CHECK_EQ(t.ced.last_delta, 100); /* -ETIME: programmed at once instead */
	fake_time_fire(&t, 50000);
	CHECK_EQ(nr_fired, 1);
}

static unsigned int periodic_runs;

static enum hrtimer_restart periodic(struct hrtimer *timer)
{
	periodic_runs++;
	hrtimer_forward_now(timer, 1000);
	return periodic_runs < 4 ? HRTIMER_RESTART : HRTIMER_NORESTART;
}

TEST(time_hrtimer_rearms_from_its_callback)
{
	static struct fake_time t;
	struct hrtimer timer;
	u64 start;

	fake_time_setup(&t);
	start = ktime_get_ns();
	periodic_runs = 0;
	hrtimer_setup(&timer, periodic);
	hrtimer_start(&timer, start + 1000);
	fake_time_fire(&t, 1000);
	CHECK_EQ(periodic_runs, 1);
	CHECK_EQ(timer.expires, start + 2000);
	CHECK_EQ(t.ced.last_delta, 1000);
	fake_time_fire(&t, 3500); /* three periods late: one run, expiry past now on the grid */
	CHECK_EQ(periodic_runs, 2);
	CHECK_EQ(timer.expires, start + 5000);
	fake_time_fire(&t, 500);
	fake_time_fire(&t, 1000);
	CHECK_EQ(periodic_runs, 4);
	CHECK(!timer.queued);
}

TEST(time_clockevent_converts_and_switches_device)
{
	static struct fake_time t;
	static struct fake_ced arm;
	struct hrtimer timer;
	u64 now;

	fake_time_setup(&t);
	hrtimer_setup(&timer, periodic);
	now = ktime_get_ns();
	hrtimer_start(&timer, now + NSEC_PER_MSEC);
	fake_ced_register(&arm, 19200000, 2, 1UL << 31);
	CHECK_EQ(t.ced.shutdowns, 1);
	CHECK_EQ(arm.last_delta, 19200); /* 1 ms at 19.2 MHz, programmed at registration */
	hrtimer_start(&timer, now + 1);
	CHECK_EQ(arm.last_delta, 2); /* 0.0192 cycles round up to 1, clamped to 2 */
	hrtimer_start(&timer, now + 3 * NSEC_PER_SEC + 1);
	CHECK_EQ(arm.last_delta, 3 * 19200000 + 1);
	CHECK(hrtimer_cancel(&timer));
}

static struct fake_time *sleep_time;
static unsigned int idles;

/* The CPU idles: the next interrupt is the timer's, 1 ms later. */
static void idle_one_ms(void)
{
	CHECK(host_irqs_masked);
	idles++;
	fake_time_fire(sleep_time, NSEC_PER_MSEC);
}

TEST(time_msleep_idles_until_its_timer)
{
	static struct fake_time t;
	u64 start;

	fake_time_setup(&t);
	sleep_time = &t;
	idles = 0;
	host_idle_hook = idle_one_ms;
	host_irqs_masked = false;
	start = ktime_get_ns();
	msleep(10);
	CHECK(ktime_get_ns() - start >= 10 * NSEC_PER_MSEC);
	CHECK_EQ(idles, 10);
	CHECK(!host_irqs_masked);
	host_idle_hook = NULL;
}

/* Last: the tick stays armed from here on. */
TEST(time_tick_counts_jiffies_and_catches_up)
{
	static struct fake_time t;
	unsigned long j0;

	fake_time_setup(&t);
	tick_start();
	j0 = jiffies;
	CHECK_EQ(t.ced.last_delta, NSEC_PER_SEC / HZ);
	fake_time_fire(&t, NSEC_PER_SEC / HZ);
	CHECK_EQ(jiffies, j0 + 1);
	fake_time_fire(&t, 3 * NSEC_PER_SEC / HZ + NSEC_PER_SEC / HZ / 2);
	CHECK_EQ(jiffies, j0 + 4);
	CHECK_EQ(t.ced.last_delta, NSEC_PER_SEC / HZ / 2);
}
