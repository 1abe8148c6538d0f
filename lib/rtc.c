/*
 * The wall clock's registry and the calendar: seconds since 1970 to and from a broken-down UTC
 * date in the proleptic Gregorian calendar (leap years: every 4th, not every 100th, every 400th).
 * Days are counted from 0000-03-01, which puts the leap day at the end of each counted year and
 * makes every 400-year era 146097 days long (Howard Hinnant's days_from_civil).
 */
#include <errno.h>

#include "rtc.h"

#define SECS_PER_DAY 86400
#define DAYS_PER_ERA 146097	       /* 400 years */
#define DAYS_0000_03_01_TO_1970 719468 /* from the era origin to the epoch */

static struct rtc_device *rtc;

void rtc_register(struct rtc_device *dev)
{
	rtc = dev;
}

struct rtc_device *rtc_get(void)
{
	return rtc;
}

static bool is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int month_days(int mon, int year)
{
	static const u8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[mon] + (mon == 1 && is_leap_year(year));
}

bool rtc_valid_tm(const struct rtc_time *tm)
{
	return tm->tm_year >= 70 && tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 &&
	       tm->tm_mday <= month_days(tm->tm_mon, tm->tm_year + 1900) && tm->tm_hour >= 0 &&
	       tm->tm_hour < 24 && tm->tm_min >= 0 && tm->tm_min < 60 && tm->tm_sec >= 0 &&
	       tm->tm_sec < 60;
}

int rtc_read_time(struct rtc_time *tm)
{
	int err;

	if (!rtc)
		return -ENODEV;
	err = rtc->read_time(rtc, tm);
	if (!err && !rtc_valid_tm(tm))
		err = -EIO;
	return err;
}

/* Days since 1970-01-01 of year-mon-mday (mon 1-12), for years from 1970. */
static u64 days_from_civil(u64 year, unsigned int mon, unsigned int mday)
{
	u64 era, yoe, doy, doe;

	year -= mon <= 2; /* January and February count with the year before */
	era = year / 400;
	yoe = year - era * 400;
	doy = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + mday - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * DAYS_PER_ERA + doe - DAYS_0000_03_01_TO_1970;
}

u64 rtc_tm_to_time64(const struct rtc_time *tm)
{
	u64 days = days_from_civil(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);

	return days * SECS_PER_DAY + tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

void rtc_time64_to_tm(u64 time, struct rtc_time *tm)
{
	u64 days = time / SECS_PER_DAY, secs = time % SECS_PER_DAY;
	u64 z = days + DAYS_0000_03_01_TO_1970;
	u64 era = z / DAYS_PER_ERA, doe = z % DAYS_PER_ERA;
	u64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	u64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	u64 mp = (5 * doy + 2) / 153;
	unsigned int mon = mp < 10 ? mp + 3 : mp - 9; /* 1-12 */
	u64 year = era * 400 + yoe + (mon <= 2);

	tm->tm_mday = doy - (153 * mp + 2) / 5 + 1;
	tm->tm_mon = mon - 1;
	tm->tm_year = year - 1900;
	tm->tm_hour = secs / 3600;
	tm->tm_min = secs / 60 % 60;
	tm->tm_sec = secs % 60;
	tm->tm_wday = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	tm->tm_yday = days - days_from_civil(year, 1, 1);
}
