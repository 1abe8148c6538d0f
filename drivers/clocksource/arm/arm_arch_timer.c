/*
 * The Arm generic timer, as the kernel at EL1 uses it:
 *   - clocksource "arch_sys_counter": the virtual counter CNTVCT_EL0 at CNTFRQ_EL0 (rating 400);
 *   - clock event device on the EL1 virtual timer (CNTV_TVAL_EL0 / CNTV_CTL_EL0), one-shot,
 *     interrupting on the PPI the GTDT gives (level triggered);
 *   - clocksource "arch_sys_counter_phys": the physical counter CNTPCT_EL0, rated low so that it
 *     is never picked, as an independent reference the time tests compare against.
 *
 * Why the virtual timer: Pagoda always runs at EL1, also when the firmware started it at EL2
 * (the loader leaves a hyp stub there, docs/arm64-el2.md). At EL1 the virtual timer is the one
 * a hypervisor leaves to its guest, and the one Linux uses at EL1 too; the stub sets
 * CNTVOFF_EL2 to 0, so virtual and physical counts agree. A VHE kernel (running at EL2 with
 * HCR_EL2.E2H set) would instead use the EL2 physical timer (the GTDT's non-secure EL2 PPI),
 * reached through the CNTP_* names that E2H redirects to CNTHP_*, as Linux does.
 *
 * Names as in Linux's drivers/clocksource/arm_arch_timer.c.
 */
#include "drivers/acpi/gtdt.h"
#include "drivers/clocksource/timer_probe.h"
#include "drivers/rtc/arm/pl031.h"

#include "boot_info.h"
#include "clockchips.h"
#include "clocksource.h"
#include "irq.h"
#include "printk.h"

#include <errno.h>

#include <asm/sysreg.h>

#define ARCH_TIMER_CTRL_ENABLE BIT(0)
#define ARCH_TIMER_CTRL_IT_MASK BIT(1)
#define ARCH_TIMER_CTRL_IT_STAT BIT(2)

/* The architected PPI of the EL1 virtual timer (Server Base System Architecture), as a GSI. */
#define ARCH_TIMER_VIRT_PPI_DEFAULT 27
/* Counters are at least 56 bits wide. */
#define ARCH_COUNTER_MASK ((1ULL << 56) - 1)
#define ARCH_TIMER_MIN_DELTA 0xf
#define ARCH_TIMER_MAX_DELTA 0x7fffffff /* TVAL is a signed 32-bit count */
#define ID_AA64PFR0_EL2(pfr0) (((pfr0) >> 8) & 0xf)

static u64 arch_counter_get_cntvct(struct clocksource *cs)
{
	isb(); /* not read ahead of the code before it */
	return read_sysreg(cntvct_el0);
}

static u64 arch_counter_get_cntpct(struct clocksource *cs)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static struct clocksource arch_counter = {
	.name = "arch_sys_counter",
	.read = arch_counter_get_cntvct,
	.mask = ARCH_COUNTER_MASK,
	.rating = 400,
};

static struct clocksource arch_counter_phys = {
	.name = "arch_sys_counter_phys",
	.read = arch_counter_get_cntpct,
	.mask = ARCH_COUNTER_MASK,
	.rating = 50,
};

static int arch_timer_set_next_event(unsigned long delta, struct clock_event_device *ced)
{
	write_sysreg(delta, cntv_tval_el0);
	write_sysreg(ARCH_TIMER_CTRL_ENABLE, cntv_ctl_el0);
	isb();
	return 0;
}

static int arch_timer_shutdown(struct clock_event_device *ced)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
	return 0;
}

static struct clock_event_device arch_timer_ced = {
	.name = "arch_sys_timer",
	.set_next_event = arch_timer_set_next_event,
	.set_state_shutdown = arch_timer_shutdown,
	.rating = 450,
};

/*
 * The timer's output stays asserted while the condition holds: mask it here, and the next
 * set_next_event() unmasks it.
 */
static irqreturn_t arch_timer_handler_virt(unsigned int irq, void *dev_id)
{
	struct clock_event_device *ced = dev_id;
	u64 ctl = read_sysreg(cntv_ctl_el0);

	if (!(ctl & ARCH_TIMER_CTRL_IT_STAT))
		return IRQ_NONE;
	write_sysreg(ctl | ARCH_TIMER_CTRL_IT_MASK, cntv_ctl_el0);
	isb();
	ced->event_handler(ced);
	return IRQ_HANDLED;
}

/*
 * Can EL1 read CNTPCT_EL0 without trapping? Yes when there is no EL2, and when the loader entered
 * at EL2 (its hand-off sets CNTHCTL_EL2.EL1PCTEN). Entered at EL1 above an EL2 (a hypervisor),
 * EL1PCTEN is unknown and a read may trap to it: no.
 */
static bool arch_phys_counter_readable(void)
{
	return boot_entry_el() == 2 || ID_AA64PFR0_EL2(read_sysreg(id_aa64pfr0_el1)) == 0;
}

/* The virtual timer's GSI and trigger from the GTDT, else the architected PPI, level. */
static void arch_timer_gsi(u32 *gsi, unsigned int *type)
{
	struct acpi_gtdt_info gtdt;

	*gsi = ARCH_TIMER_VIRT_PPI_DEFAULT;
	*type = IRQ_TYPE_LEVEL_HIGH;
	if (acpi_gtdt_get(&gtdt) || !gtdt.el1_virt.gsiv) {
		printk("timer: no GTDT virtual timer, using PPI %u\n", *gsi);
		return;
	}
	*gsi = gtdt.el1_virt.gsiv;
	*type = gtdt.el1_virt.type;
}

/* The clock event device on the virtual timer; its interrupt requested first. */
static int arch_timer_register(u64 hz)
{
	unsigned int type;
	u32 gsi;
	int irq, err;

	arch_timer_gsi(&gsi, &type);
	arch_timer_shutdown(&arch_timer_ced);
	irq = irq_map_gsi(gsi, type);
	if (irq < 0)
		return irq;
	err = request_irq(irq, arch_timer_handler_virt, 0, "arch_timer", &arch_timer_ced);
	if (err)
		return err;
	arch_timer_ced.irq = irq;
	clockevents_config_and_register(&arch_timer_ced, hz, ARCH_TIMER_MIN_DELTA,
					ARCH_TIMER_MAX_DELTA);
	printk("timer: arch timer at %llu Hz, virtual timer on GSI %u (irq %d)\n",
	       (unsigned long long)hz, gsi, irq);
	return 0;
}

void timer_probe(void)
{
	u64 hz = read_sysreg(cntfrq_el0);
	int err;

	if (!hz) {
		printk("timer: CNTFRQ_EL0 is 0: firmware did not set the counter frequency\n");
		return;
	}
	clocksource_register_hz(&arch_counter, hz);
	if (arch_phys_counter_readable())
		clocksource_register_hz(&arch_counter_phys, hz);
	else
		printk("timer: physical counter may trap to the hypervisor: not registered\n");
	err = arch_timer_register(hz);
	if (err)
		printk("timer: no clock event device (%d)\n", err);
	pl031_init();
}
