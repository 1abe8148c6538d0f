/*
 * The ACPI PM timer as a clocksource: a 24- or 32-bit counter at 3.579545 MHz in I/O or memory
 * space, named by the FADT. It only counts up and wraps; the core handles the wrap through mask.
 */
#include <asm/io.h>

#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "drivers/clocksource/x86/clocks.h"
#include "mm/ioremap.h"

static struct acpi_generic_address pm_blk;
static void *pm_mmio;

static u64 acpi_pm_read(struct clocksource *cs)
{
	u32 v = 0;

	if (pm_mmio)
		v = readl(pm_mmio);
	else
		arch_port_read((u16)pm_blk.address, 4, &v);
	return v & cs->mask;
}

static struct clocksource acpi_pm_cs = {
	.name = "acpi_pm",
	.read = acpi_pm_read,
	.rating = 200,
};

struct clocksource *acpi_pm_clocksource_init(void)
{
	unsigned int bits;

	if (acpi_get_pm_timer(&pm_blk, &bits))
		return NULL;
	if (pm_blk.space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY) {
		phys_addr_t page = pm_blk.address & PAGE_MASK;
		u8 *va = ioremap(page, PAGE_SIZE);

		if (!va)
			return NULL;
		pm_mmio = va + (pm_blk.address - page);
	} else if (pm_blk.space_id != ACPI_ADR_SPACE_SYSTEM_IO) {
		return NULL;
	}
	acpi_pm_cs.mask = bits == 32 ? 0xffffffffull : 0xffffffull;
	if (clocksource_register_hz(&acpi_pm_cs, ACPI_PM_TIMER_FREQUENCY))
		return NULL;
	return &acpi_pm_cs;
}
