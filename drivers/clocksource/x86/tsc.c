/*
 * The TSC as a clocksource, only when CPUID says it is invariant (constant rate in every
 * P-, C- and T-state); otherwise its rate could change under the clock. The rate comes from
 * CPUID 0x15 (crystal * numerator / denominator), from 0x16's base MHz when 0x15 gives the ratio
 * but not the crystal, else from a measurement against the HPET or the PM timer.
 */
#include <asm/cpuid.h>
#include <asm/processor.h>

#include "drivers/clocksource/x86/clocks.h"

#define CPUID_TSC_CRYSTAL 0x15u /* EAX denominator, EBX numerator, ECX crystal Hz */
#define CPUID_FREQUENCIES 0x16u /* EAX base MHz */
#define CPUID_APM 0x80000007u	/* EDX[8]: invariant TSC */
#define CPUID_APM_EDX_INVARIANT_TSC BIT(8)

static u64 tsc_cs_read(struct clocksource *cs)
{
	return rdtsc();
}

static u64 tsc_read(void)
{
	return rdtsc();
}

static struct clocksource tsc_cs = {
	.name = "tsc",
	.read = tsc_cs_read,
	.mask = ~0ull,
	.rating = 300,
};

static u32 cpuid_max_leaf(void)
{
	u32 a, b, c, d;

	cpuid(0, 0, &a, &b, &c, &d);
	return a;
}

static bool tsc_invariant(void)
{
	u32 a, b, c, d;

	if (cpuid_max_ext_leaf() < CPUID_APM)
		return false;
	cpuid(CPUID_APM, 0, &a, &b, &c, &d);
	return d & CPUID_APM_EDX_INVARIANT_TSC;
}

/* The rate CPUID states, or 0 with *source untouched. */
static u64 tsc_cpuid_hz(enum tsc_freq_source *source)
{
	u32 max = cpuid_max_leaf(), den, num, crystal, d, base_mhz;

	if (max < CPUID_TSC_CRYSTAL)
		return 0;
	cpuid(CPUID_TSC_CRYSTAL, 0, &den, &num, &crystal, &d);
	if (!den || !num)
		return 0;
	if (crystal) {
		*source = TSC_FREQ_CPUID_15H;
		return (u64)crystal * num / den;
	}
	if (max < CPUID_FREQUENCIES)
		return 0;
	cpuid(CPUID_FREQUENCIES, 0, &base_mhz, &num, &crystal, &d);
	if (!(base_mhz & 0xffff))
		return 0;
	*source = TSC_FREQ_CPUID_16H;
	return (u64)(base_mhz & 0xffff) * 1000000;
}

void tsc_init(struct clocksource *ref, struct tsc_info *out)
{
	*out = (struct tsc_info){ .invariant = tsc_invariant() };
	out->hz = tsc_cpuid_hz(&out->source);
	if (!out->hz && ref) {
		out->hz = calibrate_hz(tsc_read, ref, CALIBRATE_MS);
		out->source = TSC_FREQ_CALIBRATED;
	}
	if (out->hz && out->invariant)
		clocksource_register_hz(&tsc_cs, out->hz);
}
