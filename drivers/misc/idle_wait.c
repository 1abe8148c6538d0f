/* Waits for the end of a device request (idle_wait.h). */
#include <errno.h>

#include "arch.h"
#include "drivers/misc/idle_wait.h"
#include "ktime.h"

static u64 wait_deadline(unsigned int timeout_s)
{
	return arch_counter() + arch_counter_hz() * timeout_s;
}

int idle_wait_masked(bool (*done)(void *arg), void *arg, unsigned int timeout_s,
		     unsigned long *idles)
{
	u64 deadline = wait_deadline(timeout_s);

	while (!done(arg)) {
		if (arch_counter() > deadline)
			return -ETIMEDOUT;
		(*idles)++;
		cpu_idle_once();
	}
	return 0;
}

int poll_wait(bool (*done)(void *arg), void *arg, unsigned int timeout_s)
{
	u64 deadline = wait_deadline(timeout_s);

	while (!done(arg))
		if (arch_counter() > deadline)
			return -ETIMEDOUT;
	return 0;
}
