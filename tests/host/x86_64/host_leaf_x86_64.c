/* host_leaf_executable() (host_arch.h) for x86_64 entries, from the architecture's bits. */
#include "tests/host/host_arch.h"

/* XD/NX (bit 63) forbids fetches at every privilege level. */
bool host_leaf_executable(u64 entry)
{
	return !(entry & BIT(63));
}
