/* host_leaf_executable() (host_arch.h) for arm64 descriptors, from the architecture's bits. */
#include "tests/host/host_arch.h"

/* UXN (bit 54) forbids EL0 fetches, PXN (bit 53) EL1 fetches: executable unless both are set. */
bool host_leaf_executable(u64 entry)
{
	return !(entry & BIT(54)) || !(entry & BIT(53));
}
