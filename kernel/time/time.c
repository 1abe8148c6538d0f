/*
 * Bring-up of timekeeping, and wall time: the RTC is read once at boot; afterwards the wall clock
 * advances with the monotonic clock (no drift correction: good for `date` and log stamps).
 */
#include "boot_info.h"
#include "clockchips.h"
#include "clocksource.h"
#include "drivers/clocksource/timer_probe.h"
#include "internals.h"
#include "ktime.h"
#include "lib.h"
#include "printk.h"
#include "rtc.h"

static u64 boot_real_seconds; /* the RTC at boot_real_ns; 0 without an RTC */
static u64 boot_real_ns;

/* "2.1 GHz", "62.5 MHz", "3579 kHz": a rate for the boot line. */
static void format_hz(char *buf, size_t len, u64 hz)
{
	static const struct {
		u64 unit;
		const char *name;
	} units[] = { { 1000000000, "GHz" }, { 1000000, "MHz" }, { 1000, "kHz" }, { 1, "Hz" } };
	unsigned int i = 0;

	while (hz < units[i].unit && units[i].unit > 1)
		i++;
	ksnprintf(buf, len, "%llu.%llu %s", (unsigned long long)(hz / units[i].unit),
		  (unsigned long long)(hz % units[i].unit * 10 / units[i].unit), units[i].name);
}

static void wall_clock_init(void)
{
	struct rtc_time tm;

	if (rtc_read_time(&tm))
		return;
	boot_real_seconds = rtc_tm_to_time64(&tm);
	boot_real_ns = ktime_get_ns();
}

static void print_time_line(void)
{
	struct clocksource *cs = clocksource_current();
	struct clock_event_device *ced = clockevent_current();
	char cs_rate[24] = "", ced_rate[24] = "", wall[40] = "no rtc";
	struct rtc_time tm;

	if (cs)
		format_hz(cs_rate, sizeof(cs_rate), cs->hz);
	if (ced)
		format_hz(ced_rate, sizeof(ced_rate), ced->hz);
	if (boot_real_seconds) {
		rtc_time64_to_tm(boot_real_seconds, &tm);
		ksnprintf(wall, sizeof(wall), "rtc %s %04d-%02d-%02d %02d:%02d:%02d UTC",
			  rtc_get()->name, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			  tm.tm_min, tm.tm_sec);
	}
	printk("time: clocksource %s%s%s%s, clockevent %s%s%s%s, %s\n",
	       cs ? cs->name : "none (cpu counter)", cs ? " (" : "", cs_rate, cs ? ")" : "",
	       ced ? ced->name : "none", ced ? " (" : "", ced_rate, ced ? ")" : "", wall);
}

void time_init(void)
{
	idle_setup(boot_cmdline());
	timer_probe();
	tick_start();
	wall_clock_init();
	print_time_line();
}

u64 ktime_get_real_seconds(void)
{
	if (!boot_real_seconds)
		return 0;
	return boot_real_seconds + (ktime_get_ns() - boot_real_ns) / NSEC_PER_SEC;
}
