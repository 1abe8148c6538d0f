/* The I/O-port space behind IN and OUT, for drivers that are not x86-only. */
#include <asm/io.h>

#include "arch.h"

int arch_port_read(u16 port, unsigned int size, u32 *val)
{
	*val = size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
	return 0;
}

int arch_port_write(u16 port, unsigned int size, u32 val)
{
	if (size == 1)
		outb(val, port);
	else if (size == 2)
		outw(val, port);
	else
		outl(val, port);
	return 0;
}
