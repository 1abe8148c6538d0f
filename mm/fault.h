#ifndef PAGODA_MM_FAULT_H
#define PAGODA_MM_FAULT_H

#include "arch.h"

/* Which mode the faulting access ran in: user accesses may only reach VM_USER VMAs. */
enum fault_origin { FAULT_KERNEL, FAULT_USER };

/*
 * The one entry point for page faults. Returns 0 when the fault was resolved (the access can be
 * retried), -EFAULT when the access is not allowed.
 */
int handle_page_fault(unsigned long addr, enum fault_access access, enum fault_origin origin);

#endif
