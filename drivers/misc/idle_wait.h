/*
 * Waiting for a device's request to end, for the drivers of devices that signal it by an
 * interrupt (edu, virtio): with the CPU idle when the interrupt is there, by polling the device
 * when it is not (no MSI domain). There is no scheduler yet: the caller is the only thing running.
 */
#ifndef PAGODA_DRIVERS_MISC_IDLE_WAIT_H
#define PAGODA_DRIVERS_MISC_IDLE_WAIT_H

#include "types.h"

/*
 * Idle the CPU (cpu_idle_once(): hlt / wfi, or a spin with idle=poll) until done(arg) is true,
 * counting each idle in *idles.
 * Called with interrupts masked, and the request started masked too: an interrupt arriving
 * before or between the test and the idle then still ends the idle, it can never be missed
 * or overtake the wait. The deadline, timeout_s seconds of arch_counter(), is checked at each
 * wake-up (the tick wakes the CPU when the device never answers). Returns 0, or -ETIMEDOUT;
 * interrupts are masked on return either way.
 */
int idle_wait_masked(bool (*done)(void *arg), void *arg, unsigned int timeout_s,
		     unsigned long *idles);

/* Spin until done(arg) (it reads the device), for at most timeout_s seconds: 0 or -ETIMEDOUT. */
int poll_wait(bool (*done)(void *arg), void *arg, unsigned int timeout_s);

#endif
