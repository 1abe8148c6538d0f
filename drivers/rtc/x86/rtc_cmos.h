/* The PC CMOS real-time clock (rtc_cmos.c). */
#ifndef PAGODA_DRIVERS_RTC_X86_RTC_CMOS_H
#define PAGODA_DRIVERS_RTC_X86_RTC_CMOS_H

/* Register the CMOS clock as the wall clock, with the FADT's century byte when it names one. */
void rtc_cmos_init(void);

#endif
