/*
 * Waiting: udelay spins on the clock; msleep arms an hrtimer and idles the CPU until it fired
 * (busy-waits when there is no clock event device to wake it); cpu_idle_once is the idle step.
 */
#include <string.h>

#include "arch.h"
#include "clockchips.h"
#include "hrtimer.h"
#include "internals.h"
#include "irqflags.h"
#include "ktime.h"
#include "lib.h"

/* How long one idle=poll step spins with interrupts enabled before looking at its caller again. */
#define POLL_STEP_NS (50 * NSEC_PER_USEC)

enum idle_mode {
	IDLE_HALT, /* hlt / wfi until an interrupt */
	IDLE_POLL, /* spin: idle=poll */
};

static enum idle_mode idle_mode;

void idle_setup(const char *cmdline)
{
	char val[8];

	if (cmdline_get(cmdline, "idle", val, sizeof(val)) == 0 && !strcmp(val, "poll"))
		idle_mode = IDLE_POLL;
}

static void spin_until(u64 end_ns)
{
	while (ktime_get_ns() < end_ns)
		;
}

void cpu_idle_once(void)
{
	if (idle_mode == IDLE_HALT) {
		arch_cpu_idle();
		return;
	}
	local_irq_enable();
	spin_until(ktime_get_ns() + POLL_STEP_NS);
	local_irq_disable();
}

void udelay(unsigned long us)
{
	spin_until(ktime_get_ns() + us * NSEC_PER_USEC);
}

struct sleeper {
	struct hrtimer timer;
	volatile bool done;
};

static enum hrtimer_restart sleeper_wake(struct hrtimer *timer)
{
	container_of(timer, struct sleeper, timer)->done = true;
	return HRTIMER_NORESTART;
}

void msleep(unsigned int ms)
{
	u64 end = ktime_get_ns() + ms * NSEC_PER_MSEC;
	struct sleeper s = { .done = false };
	unsigned long flags;

	if (!clockevent_current()) {
		spin_until(end);
		return;
	}
	hrtimer_setup(&s.timer, sleeper_wake);
	/* Masked between the test of done and the idle, so the wake-up cannot slip in between. */
	local_irq_save(flags);
	hrtimer_start(&s.timer, end);
	while (!s.done)
		cpu_idle_once();
	local_irq_restore(flags);
}
