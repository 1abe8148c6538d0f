/* The Arm PL031 real-time clock (drivers/rtc/arm/rtc-pl031.c). */
#ifndef PAGODA_DRIVERS_RTC_ARM_PL031_H
#define PAGODA_DRIVERS_RTC_ARM_PL031_H

#include "types.h"

/*
 * Find the PL031 (see the file comment) and register it as the wall clock. Returns 0, or
 * -ENODEV when there is none (nothing registered).
 */
int pl031_init(void);

#endif
