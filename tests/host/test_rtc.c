/* Host tests of the calendar conversions (lib/rtc.c) against the C library's gmtime and timegm. */
#define _GNU_SOURCE
#include <time.h>

#include "rtc.h"
#include "tap.h"

/* The C library's answer for t, as a struct rtc_time. */
static struct rtc_time libc_tm(u64 t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	return (struct rtc_time){ tm.tm_sec, tm.tm_min,	 tm.tm_hour, tm.tm_mday,
				  tm.tm_mon, tm.tm_year, tm.tm_wday, tm.tm_yday };
}

static void check_round_trip(u64 t)
{
	struct rtc_time want = libc_tm(t), got;

	rtc_time64_to_tm(t, &got);
	CHECK_EQ(got.tm_year, want.tm_year);
	CHECK_EQ(got.tm_mon, want.tm_mon);
	CHECK_EQ(got.tm_mday, want.tm_mday);
	CHECK_EQ(got.tm_hour, want.tm_hour);
	CHECK_EQ(got.tm_min, want.tm_min);
	CHECK_EQ(got.tm_sec, want.tm_sec);
	CHECK_EQ(got.tm_wday, want.tm_wday);
	CHECK_EQ(got.tm_yday, want.tm_yday);
	CHECK(rtc_valid_tm(&got));
	CHECK_EQ(rtc_tm_to_time64(&want), t);
}

/* Seconds since 1970 of a date, by the C library. */
static u64 libc_time(int year, int mon, int mday, int hour, int min, int sec)
{
	struct tm tm = { .tm_year = year - 1900,
			 .tm_mon = mon,
			 .tm_mday = mday,
			 .tm_hour = hour,
			 .tm_min = min,
			 .tm_sec = sec };

	return (u64)timegm(&tm);
}

TEST(rtc_conversions_match_libc)
{
	static const int years[] = { 1971, 1999, 2000, 2024, 2038, 2100, 2400, 2401 };

	check_round_trip(0);
	check_round_trip(0x7fffffff); /* 2038-01-19 03:14:07 */
	check_round_trip(0x80000000); /* past the 32-bit time_t */
	check_round_trip(4102444799); /* 2099-12-31 23:59:59 */
	for (unsigned int i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		/* around the end of February and the turn of the year (day 0: the last of before) */
		for (int day = -1; day <= 2; day++) {
			check_round_trip(libc_time(years[i], 2, day, 12, 34, 56));
			check_round_trip(libc_time(years[i], 0, day, 0, 0, 0));
		}
	}
	for (u64 t = 0; t < 5000000000ULL;
	     t += 7919 * 3607) /* a stride that visits every hour, weekday */
		check_round_trip(t);
}

TEST(rtc_valid_tm_knows_month_lengths_and_leap_years)
{
	struct rtc_time tm = { .tm_mday = 29, .tm_mon = 1 };

	tm.tm_year = 2000 - 1900;
	CHECK(rtc_valid_tm(&tm)); /* divisible by 400: leap */
	tm.tm_year = 2100 - 1900;
	CHECK(!rtc_valid_tm(&tm)); /* divisible by 100 only: not */
	tm.tm_year = 2024 - 1900;
	CHECK(rtc_valid_tm(&tm));
	tm.tm_year = 2023 - 1900;
	CHECK(!rtc_valid_tm(&tm));
	tm = (struct rtc_time){ .tm_mday = 31, .tm_mon = 3, .tm_year = 124 }; /* April 31st */
	CHECK(!rtc_valid_tm(&tm));
	tm = (struct rtc_time){ .tm_mday = 1, .tm_mon = 12, .tm_year = 124 };
	CHECK(!rtc_valid_tm(&tm));
	tm = (struct rtc_time){ .tm_mday = 1, .tm_hour = 24, .tm_year = 124 };
	CHECK(!rtc_valid_tm(&tm));
	tm = (struct rtc_time){ .tm_mday = 1, .tm_year = 69 }; /* before 1970 */
	CHECK(!rtc_valid_tm(&tm));
}
