#ifndef PAGODA_DRIVERS_INPUT_I8042_H
#define PAGODA_DRIVERS_INPUT_I8042_H

/*
 * Find the PC keyboard controller (ACPI FADT, else a self-test) and register its PS/2 keyboard
 * as a console input. Needs acpi_init() done. Returns 0; -ENODEV when there is no controller
 * (always on a CPU without I/O ports); -ETIMEDOUT when it stops answering during setup (nothing
 * registered). A controller without a keyboard plugged in is registered all the same (it types
 * nothing).
 */
int i8042_init(void);

#endif
