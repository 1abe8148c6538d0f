/*
 * The local APIC timer as the clock event device, one-shot: writing the initial count starts a
 * countdown at the bus clock / LAPIC_TIMER_DIVISOR and the LVT's vector fires at zero. Divide by
 * 16 (Linux's choice too): at bus clocks of 100 MHz-1 GHz (QEMU's is 1 GHz) that is 6-62 MHz,
 * fine enough for timers, and the 32-bit count still reaches over a minute. The bus clock is
 * not reported anywhere dependable, so the rate is measured against the HPET or the PM timer.
 */
#include <errno.h>

#include "clockchips.h"
#include "drivers/clocksource/x86/clocks.h"
#include "drivers/irqchip/x86/apic.h"
#include "drivers/irqchip/x86/vector.h"

#define APIC_TDR_DIV_16 0x3 /* divide configuration bits 3,1:0 = 0,11 */
#define LAPIC_MIN_DELTA 0xf
#define LAPIC_MAX_DELTA 0x7fffffff

static unsigned int lapic_vector;

static int lapic_next_event(unsigned long delta, struct clock_event_device *ced)
{
	apic_write(APIC_LVTT, APIC_LVT_TIMER_ONESHOT | lapic_vector);
	apic_write(APIC_TMICT, (u32)delta);
	return 0;
}

static int lapic_shutdown(struct clock_event_device *ced)
{
	apic_write(APIC_LVTT, APIC_LVT_MASKED | lapic_vector);
	apic_write(APIC_TMICT, 0);
	return 0;
}

static struct clock_event_device lapic_ced = {
	.name = "lapic",
	.set_next_event = lapic_next_event,
	.set_state_shutdown = lapic_shutdown,
	.rating = 100,
};

static irqreturn_t lapic_timer_interrupt(unsigned int irq, void *dev_id)
{
	struct clock_event_device *ced = dev_id;

	if (ced->event_handler)
		ced->event_handler(ced);
	return IRQ_HANDLED;
}

/* Elapsed counts of a free countdown from ~0, as a counter going up. */
static u64 lapic_count_up(void)
{
	return 0xffffffffu - apic_read(APIC_TMCCT);
}

/* The timer's rate: a masked countdown from ~0 measured against ref. */
static u64 lapic_timer_calibrate(struct clocksource *ref)
{
	u64 hz;

	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | lapic_vector);
	apic_write(APIC_TMICT, 0xffffffffu);
	hz = calibrate_hz(lapic_count_up, ref, CALIBRATE_MS);
	apic_write(APIC_TMICT, 0);
	return hz;
}

u64 lapic_timer_init(struct clocksource *ref)
{
	int irq;
	u64 hz;

	if (apic_mode() == APIC_MODE_NONE || !ref)
		return 0;
	irq = x86_vector_alloc_irqs(1, &lapic_vector_chip, handle_edge_irq, NULL);
	if (irq < 0)
		return 0;
	lapic_vector = x86_irq_vector(irq);
	hz = lapic_timer_calibrate(ref);
	if (!hz || request_irq(irq, lapic_timer_interrupt, 0, "lapic timer", &lapic_ced)) {
		x86_vector_free_irqs(irq, 1);
		return 0;
	}
	lapic_ced.irq = irq;
	clockevents_config_and_register(&lapic_ced, hz, LAPIC_MIN_DELTA, LAPIC_MAX_DELTA);
	return hz;
}
