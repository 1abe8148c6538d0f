/*
 * The HPET's main counter as a clocksource (IA-PC HPET specification 1.0a, 2.3): the period in
 * femtoseconds is in the capabilities register; the counter runs once ENABLE_CNF is set. Its
 * comparators are not used (the local APIC timer is the clock event device).
 */
#include <asm/io.h>

#include "drivers/acpi/acpi.h"
#include "drivers/clocksource/x86/clocks.h"
#include "mm/ioremap.h"

#define HPET_ID 0x000
#define HPET_ID_64BIT BIT(13) /* COUNT_SIZE_CAP */
#define HPET_ID_PERIOD_SHIFT 32
#define HPET_CFG 0x010
#define HPET_CFG_ENABLE BIT(0)
#define HPET_COUNTER 0x0f0
#define HPET_MAX_PERIOD 100000000ull /* fs: at most 100 ns per tick */
#define FSEC_PER_SEC 1000000000000000ull

static void *hpet_regs;

static u64 hpet_read(struct clocksource *cs)
{
	return cs->mask == ~0ull ? readq((u8 *)hpet_regs + HPET_COUNTER) :
				   readl((u8 *)hpet_regs + HPET_COUNTER);
}

static struct clocksource hpet_cs = {
	.name = "hpet",
	.read = hpet_read,
	.rating = 250,
};

struct clocksource *hpet_clocksource_init(void)
{
	u64 address, id, period;

	if (acpi_get_hpet(&address))
		return NULL;
	hpet_regs = ioremap(address, PAGE_SIZE);
	if (!hpet_regs)
		return NULL;
	id = readq((u8 *)hpet_regs + HPET_ID);
	period = id >> HPET_ID_PERIOD_SHIFT;
	if (period == 0 || period > HPET_MAX_PERIOD)
		return NULL;
	hpet_cs.mask = id & HPET_ID_64BIT ? ~0ull : 0xffffffffull;
	writeq(readq((u8 *)hpet_regs + HPET_CFG) | HPET_CFG_ENABLE, (u8 *)hpet_regs + HPET_CFG);
	if (clocksource_register_hz(&hpet_cs, FSEC_PER_SEC / period))
		return NULL;
	return &hpet_cs;
}
