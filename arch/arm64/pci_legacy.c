/* arm64 has no configuration mechanism besides ECAM: without an MCFG there is no PCI. */
#include <errno.h>

#include "drivers/pci/pci.h"

int arch_pci_legacy_init(void)
{
	return -ENODEV;
}
