/* Idle waits for device interrupts (idle_wait.h). */
#include <errno.h>

#include "arch.h"
#include "drivers/misc/idle_wait.h"

int idle_wait_masked(bool (*done)(void *arg), void *arg, unsigned int timeout_s,
		     unsigned long *idles)
{
	u64 deadline = arch_counter() + arch_counter_hz() * timeout_s;

	while (!done(arg)) {
		if (arch_counter() > deadline)
			return -ETIMEDOUT;
		(*idles)++;
		arch_cpu_idle();
	}
	return 0;
}
