/* TEMPORARY while the controller and time drivers are written on their branches. */
#include "drivers/clocksource/timer_probe.h"
#include "drivers/irqchip/irqchip.h"

#include <errno.h>

__attribute__((weak)) int irqchip_init(void)
{
	return -ENODEV;
}

__attribute__((weak)) void timer_probe(void)
{
}

__attribute__((weak)) void time_init(void)
{
}
