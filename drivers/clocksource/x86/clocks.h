/*
 * The x86 time hardware, probed in this order by timer_probe() (timer_probe.c): the HPET and
 * the ACPI PM timer (fixed, known rates), then what must be measured against one of them: the
 * TSC (unless CPUID states its rate) and the local APIC timer.
 */
#ifndef PAGODA_DRIVERS_CLOCKSOURCE_X86_CLOCKS_H
#define PAGODA_DRIVERS_CLOCKSOURCE_X86_CLOCKS_H

#include "clocksource.h"
#include "types.h"

/* How long a calibration measures: long enough that a few microseconds of jitter stay << 1%. */
#define CALIBRATE_MS 50

/*
 * The rate of a counter that read() returns counting up, measured while ref advances by ms
 * milliseconds (interrupts masked meanwhile). 0 when the counter did not move.
 */
u64 calibrate_hz(u64 (*read)(void), struct clocksource *ref, unsigned int ms);

/* Register the HPET from the ACPI table; its clocksource, or NULL when there is none. */
struct clocksource *hpet_clocksource_init(void);
/* Register the ACPI PM timer from the FADT; its clocksource, or NULL. */
struct clocksource *acpi_pm_clocksource_init(void);

/* Where the TSC's rate came from (the boot line says it). */
enum tsc_freq_source {
	TSC_FREQ_NONE, /* nothing to measure it against */
	TSC_FREQ_CPUID_15H,
	TSC_FREQ_CPUID_16H,
	TSC_FREQ_CALIBRATED,
};

struct tsc_info {
	u64 hz;
	enum tsc_freq_source source;
	bool invariant; /* CPUID 0x80000007 EDX[8]: registered as a clocksource only then */
};
/* Find the TSC's rate (ref: what to calibrate against, may be NULL) and register it if invariant. */
void tsc_init(struct clocksource *ref, struct tsc_info *out);

/*
 * Calibrate the local APIC timer against ref, request its interrupt and register it as the clock
 * event device. Returns its rate, or 0 (nothing registered) without a local APIC, without ref,
 * or when the interrupt cannot be set up.
 */
u64 lapic_timer_init(struct clocksource *ref);
/* The divide configuration the timer runs with (counts once per this many bus clocks). */
#define LAPIC_TIMER_DIVISOR 16

#endif
