/*
 * A fake machine bus for the host tests: the arch's port I/O and firmware calls (arch.h) and the
 * ACPI memory accessors (drivers/acpi/acpi.h) land in the device a test plugs in.
 */
#ifndef PAGODA_HOST_IO_H
#define PAGODA_HOST_IO_H

#include "types.h"

enum host_io_space { HOST_IO_PORT, HOST_IO_MEMORY };

struct host_io_dev {
	u32 (*read)(struct host_io_dev *dev, enum host_io_space space, u64 addr, unsigned int size);
	void (*write)(struct host_io_dev *dev, enum host_io_space space, u64 addr,
		      unsigned int size, u32 val);
	/* arch_smccc_call(): its result; NULL: no conduit (as on x86_64, -EOPNOTSUPP) */
	long (*smccc)(struct host_io_dev *dev, int conduit, unsigned long fn);
};

/*
 * The device plugged in, or NULL: then the CPU has no I/O ports (arch_port_*() give -ENODEV, as
 * on arm64), no firmware conduit, and no memory-mapped register can be reached.
 */
extern struct host_io_dev *host_io;

#endif
