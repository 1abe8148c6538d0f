/*
 * arm64 CPUs have no I/O-port space: PCI I/O BARs are reached through the host bridge's memory
 * window instead, which is the PCI code's business, not a CPU primitive.
 */
#include <errno.h>

#include "arch.h"

int arch_port_read(u16 port, unsigned int size, u32 *val)
{
	return -ENODEV;
}

int arch_port_write(u16 port, unsigned int size, u32 val)
{
	return -ENODEV;
}
