/*
 * timer_probe() for x86_64: the fixed-rate counters first (the HPET, the ACPI PM timer), then
 * the TSC and the local APIC timer measured against the better of them, then the CMOS clock.
 * One boot line says what was found and where each rate came from.
 */
#include "drivers/clocksource/timer_probe.h"
#include "drivers/clocksource/x86/clocks.h"
#include "drivers/rtc/x86/rtc_cmos.h"
#include "printk.h"

static const char *const tsc_sources[] = {
	[TSC_FREQ_NONE] = "unknown rate",
	[TSC_FREQ_CPUID_15H] = "CPUID 0x15",
	[TSC_FREQ_CPUID_16H] = "CPUID 0x16",
	[TSC_FREQ_CALIBRATED] = "calibrated against ",
};

void timer_probe(void)
{
	struct clocksource *hpet = hpet_clocksource_init();
	struct clocksource *pm = acpi_pm_clocksource_init();
	struct clocksource *ref = hpet ? hpet : pm;
	struct tsc_info tsc;
	u64 lapic_hz;

	tsc_init(ref, &tsc);
	lapic_hz = lapic_timer_init(ref);
	rtc_cmos_init();
	printk("clocks: hpet %s, acpi_pm %s, tsc %llu kHz (%s%s)%s, lapic timer ",
	       hpet ? "yes" : "no", pm ? (pm->mask == 0xffffffffull ? "32-bit" : "24-bit") : "no",
	       (unsigned long long)tsc.hz / 1000, tsc_sources[tsc.source],
	       tsc.source == TSC_FREQ_CALIBRATED ? ref->name : "",
	       tsc.invariant ? "" : " not invariant: no clocksource");
	if (lapic_hz)
		printk("%llu kHz (divide by %u, calibrated against %s)\n",
		       (unsigned long long)lapic_hz / 1000, LAPIC_TIMER_DIVISOR, ref->name);
	else
		printk("none\n");
}
