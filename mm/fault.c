/* Page-fault entry (mm/fault.h). */
#include <errno.h>

#include "mm/fault.h"

/*
 * The kernel's own mappings are built eagerly and never fault in, and there is no address space
 * with demand-faulted VMAs yet, so every fault is a bad access: the caller's fixup or report
 * decides what happens next.
 */
int handle_page_fault(unsigned long addr, enum fault_access access, bool user)
{
	return -EFAULT;
}
