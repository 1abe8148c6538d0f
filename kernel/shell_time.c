/* The shell's interrupt and time commands: irq, uptime, sleep, date. */
#include <errno.h>

#include "irq.h"
#include "kernel/shell_internal.h"
#include "ktime.h"
#include "printk.h"
#include "rtc.h"

/* Linux's /proc/interrupts, one CPU: number, count, controller, hwirq, trigger, handler. */
int shell_cmd_irq(struct shell_ctx *ctx, int argc, char **argv)
{
	struct irq_stat st;

	printk("%5s %10s  %-10s %8s %-5s  %s\n", "IRQ", "CPU0", "CHIP", "HWIRQ", "TYPE", "NAME");
	for (int irq = irq_stat_next(0, &st); irq >= 0; irq = irq_stat_next(irq + 1, &st))
		printk("%4u: %10lu  %-10s %8lu %-5s  %s\n", st.irq, st.count, st.chip, st.hwirq,
		       irq_type_name(st.type), st.name ? st.name : "-");
	printk("%4s: %10lu\n", "ERR", irq_spurious_count());
	return 0;
}

/* Seconds since boot with two decimals, then Linux uptime's `up H:MM` (or `up N min`). */
int shell_cmd_uptime(struct shell_ctx *ctx, int argc, char **argv)
{
	u64 cs = ktime_get_ns() / (10 * NSEC_PER_MSEC);
	u64 min = cs / 6000;

	printk("%llu.%02llu s, up ", (unsigned long long)(cs / 100),
	       (unsigned long long)(cs % 100));
	if (min < 60)
		printk("%llu min\n", (unsigned long long)min);
	else
		printk("%llu:%02llu\n", (unsigned long long)(min / 60),
		       (unsigned long long)(min % 60));
	return 0;
}

int shell_cmd_sleep(struct shell_ctx *ctx, int argc, char **argv)
{
	unsigned long ms;

	if (shell_parse_ulong(ctx, argv[1], SHELL_NUM_PLAIN, &ms) || ms > 3600 * 1000)
		return shell_fail(ctx, -EINVAL, "usage: sleep MS (milliseconds, at most 3600000)");
	msleep(ms);
	return 0;
}

/* The time as `date -u` prints it: `Sun Dec  6 01:23:45 UTC 2026`. */
int shell_cmd_date(struct shell_ctx *ctx, int argc, char **argv)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	u64 now = ktime_get_real_seconds();
	struct rtc_time tm;

	if (!now)
		return shell_fail(ctx, -ENODEV, "no real-time clock");
	rtc_time64_to_tm(now, &tm);
	printk("%s %s %2d %02d:%02d:%02d UTC %d\n", days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday,
	       tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
	return 0;
}
