/* What the files of kernel/time/ call in one another. */
#ifndef PAGODA_KERNEL_TIME_INTERNALS_H
#define PAGODA_KERNEL_TIME_INTERNALS_H

#include "clockchips.h"
#include "types.h"

/*
 * The clock event device's interrupt (its event_handler): run every expired hrtimer, then
 * program the device for the next one. Interrupts masked.
 */
void hrtimer_interrupt(struct clock_event_device *ced);

/*
 * Program the current clock event device to interrupt at expires_ns (monotonic), clamped to what
 * it accepts; a time already past gets its shortest delay. Nothing without a device.
 */
void clockevents_program_event(u64 expires_ns);

/* Program the device for the earliest queued hrtimer (after a change of device). */
void hrtimer_reprogram(void);

/* Start the periodic tick that counts jiffies. Once, from time_init(). */
void tick_start(void);

/* Read `idle=` from the kernel command line (cpu_idle_once's mode). */
void idle_setup(const char *cmdline);

#endif
