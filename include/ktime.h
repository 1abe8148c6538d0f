/*
 * Time as the rest of the kernel sees it (kernel/time/): a monotonic clock in nanoseconds since
 * boot, the tick count, sleeping that idles the CPU, and wall time from the machine's RTC.
 */
#ifndef PAGODA_KTIME_H
#define PAGODA_KTIME_H

#include "types.h"

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL

/* Periodic ticks per second (the scheduler's time slice will be counted in them). */
#define HZ 100

/*
 * Start timekeeping: probe the time hardware (timer_probe), pick the clocksource and clock event
 * device, start the periodic tick and read the wall clock. After irqchip_init().
 */
void time_init(void);

/* Ticks since the tick started (Linux jiffies). */
extern volatile unsigned long jiffies;

/*
 * Nanoseconds since boot from the best clocksource registered (include/clocksource.h); before
 * any is registered, from the arch counter. Never goes backwards, also across a change of
 * clocksource.
 */
u64 ktime_get_ns(void);

/* Busy-wait at least us microseconds (for device timing; interrupts stay as they are). */
void udelay(unsigned long us);

/*
 * Sleep at least ms milliseconds by the monotonic clock, idling the CPU (hlt / wfi) until a
 * timer interrupt ends the sleep. Must be called with interrupts enabled, outside an interrupt.
 */
void msleep(unsigned int ms);

/*
 * Idle the CPU until the next interrupt, unless the kernel runs with idle=poll on its command
 * line, in which case spin a moment with interrupts enabled (how Linux's idle=poll behaves, kept
 * to compare idle costs). Called with interrupts masked, returns with them masked, like
 * arch_cpu_idle(): the caller tests its wake-up condition in between.
 */
void cpu_idle_once(void);

/* Seconds since 1970-01-01 UTC: the RTC read at boot plus the monotonic time since; 0 without. */
u64 ktime_get_real_seconds(void);

#endif
