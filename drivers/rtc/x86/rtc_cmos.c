/*
 * The PC CMOS real-time clock (MC146818 layout) through index port 0x70 and data port 0x71.
 * A read can race the once-a-second update, so it waits out update-in-progress and repeats
 * until two whole reads agree. Status register B says whether the fields are BCD or binary and
 * whether hours are 12-hour (bit 7 of the hour then marks PM). The century byte is where the
 * FADT says; without one the year is taken to be 20xx.
 */
#include <errno.h>

#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "drivers/rtc/x86/rtc_cmos.h"
#include "rtc.h"

#define RTC_PORT_INDEX 0x70
#define RTC_PORT_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0a
#define RTC_UIP BIT(7) /* update in progress: the fields may be mid-change */
#define RTC_REG_B 0x0b
#define RTC_24H BIT(1)
#define RTC_DM_BINARY BIT(2)
#define RTC_HOUR_PM BIT(7)
#define RTC_UIP_TRIES 1000000 /* an update takes at most 2 ms */
#define RTC_READ_TRIES 10

/* The raw registers of one read. */
struct cmos_fields {
	u8 sec, min, hour, mday, mon, year, century, reg_b;
};

static u8 century_index;

static u8 cmos_read(u8 reg)
{
	u32 v = 0;

	arch_port_write(RTC_PORT_INDEX, 1, reg);
	arch_port_read(RTC_PORT_DATA, 1, &v);
	return (u8)v;
}

static int cmos_read_fields(struct cmos_fields *f)
{
	unsigned int tries = RTC_UIP_TRIES;

	while (cmos_read(RTC_REG_A) & RTC_UIP)
		if (!--tries)
			return -EIO;
	*f = (struct cmos_fields){
		.sec = cmos_read(RTC_SECONDS),
		.min = cmos_read(RTC_MINUTES),
		.hour = cmos_read(RTC_HOURS),
		.mday = cmos_read(RTC_DAY_OF_MONTH),
		.mon = cmos_read(RTC_MONTH),
		.year = cmos_read(RTC_YEAR),
		.century = century_index ? cmos_read(century_index) : 0,
		.reg_b = cmos_read(RTC_REG_B),
	};
	return 0;
}

static bool fields_equal(const struct cmos_fields *a, const struct cmos_fields *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour && a->mday == b->mday &&
	       a->mon == b->mon && a->year == b->year && a->century == b->century &&
	       a->reg_b == b->reg_b;
}

/* A field's value, BCD or binary as register B says. */
static int field(u8 v, u8 reg_b)
{
	return reg_b & RTC_DM_BINARY ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* 12-hour mode: 12 AM is hour 0, 12 PM is 12, bit 7 marks PM. */
static int hour24(u8 raw, u8 reg_b)
{
	if (reg_b & RTC_24H)
		return field(raw, reg_b);
	return field(raw & ~RTC_HOUR_PM, reg_b) % 12 + (raw & RTC_HOUR_PM ? 12 : 0);
}

static void decode(const struct cmos_fields *f, struct rtc_time *tm)
{
	int century = f->century ? field(f->century, f->reg_b) : 20;

	*tm = (struct rtc_time){
		.tm_sec = field(f->sec, f->reg_b),
		.tm_min = field(f->min, f->reg_b),
		.tm_hour = hour24(f->hour, f->reg_b),
		.tm_mday = field(f->mday, f->reg_b),
		.tm_mon = field(f->mon, f->reg_b) - 1,
		.tm_year = century * 100 + field(f->year, f->reg_b) - 1900,
	};
}

static int cmos_read_time(struct rtc_device *rtc, struct rtc_time *tm)
{
	struct cmos_fields a, b;
	int err = cmos_read_fields(&a);

	for (unsigned int i = 0; !err && i < RTC_READ_TRIES; i++) {
		err = cmos_read_fields(&b);
		if (err)
			break;
		if (fields_equal(&a, &b)) {
			decode(&b, tm);
			return rtc_valid_tm(tm) ? 0 : -EIO;
		}
		a = b;
	}
	return -EIO;
}

static struct rtc_device rtc_cmos = {
	.name = "cmos",
	.read_time = cmos_read_time,
};

void rtc_cmos_init(void)
{
	if (acpi_get_rtc_century(&century_index))
		century_index = 0;
	rtc_register(&rtc_cmos);
}
