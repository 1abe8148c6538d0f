/* Time hardware bring-up, one implementation per arch (drivers/clocksource/{x86,arm}/). */
#ifndef PAGODA_DRIVERS_TIMER_PROBE_H
#define PAGODA_DRIVERS_TIMER_PROBE_H

/*
 * Register every clocksource, clock event device and real-time clock the firmware tables
 * describe (include/clocksource.h, clockchips.h, rtc.h). Called by time_init() after
 * irqchip_init(), with interrupts masked. What is missing is reported on the console.
 */
void timer_probe(void);

#endif
