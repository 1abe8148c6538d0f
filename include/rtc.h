/*
 * Real-time clocks (wall time): the PC CMOS clock, the Arm PL031. Linux's struct rtc_time and
 * the conversions to and from seconds since 1970 (lib/rtc.c).
 */
#ifndef PAGODA_RTC_H
#define PAGODA_RTC_H

#include "types.h"

struct rtc_time {
	int tm_sec, tm_min, tm_hour; /* 0-59, 0-59, 0-23 */
	int tm_mday;		     /* 1-31 */
	int tm_mon;		     /* 0-11 */
	int tm_year;		     /* years since 1900 */
	int tm_wday, tm_yday;	     /* filled by rtc_time64_to_tm */
};

struct rtc_device {
	const char *name;
	/* Read the time; 0, or a negative errno (-EIO for a clock that reads garbage). */
	int (*read_time)(struct rtc_device *rtc, struct rtc_time *tm);
};

/* Make rtc the wall clock (one per machine; the last registered wins). */
void rtc_register(struct rtc_device *rtc);
/* Read the wall clock; -ENODEV when none is registered. */
int rtc_read_time(struct rtc_time *tm);
/* The registered clock, or NULL. */
struct rtc_device *rtc_get(void);

/* Seconds since 1970-01-01 00:00 UTC for a valid tm (proleptic Gregorian). */
u64 rtc_tm_to_time64(const struct rtc_time *tm);
/* The inverse, with weekday and day of year. */
void rtc_time64_to_tm(u64 time, struct rtc_time *tm);
/* Is tm a real date and time (month length, leap years)? */
bool rtc_valid_tm(const struct rtc_time *tm);

#endif
