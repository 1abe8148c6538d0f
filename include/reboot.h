/* Stopping the machine for good (Linux: include/linux/reboot.h). */
#ifndef PAGODA_REBOOT_H
#define PAGODA_REBOOT_H

/*
 * Power the machine off the way its firmware tables say (kernel/power.c); when that fails, say
 * why on the console and halt the CPU.
 */
__attribute__((noreturn)) void kernel_power_off(void);

#endif
