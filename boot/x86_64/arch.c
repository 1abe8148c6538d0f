/* x86_64 part of the loader: CPU checks and the switch into the kernel. */
#include <efi.h>

#include <asm/cpuid.h>

#include "loader.h"

/* handoff.S */
__attribute__((noreturn)) void handoff(u64 cr3, u64 entry, u64 boot_info);

EFI_STATUS loader_arch_check(struct boot_info *bi)
{
	return EFI_SUCCESS; /* long mode, NX on: docs/hardware.md#ovmf-hand-off */
}

bool loader_cpu_has_pud_leaves(void)
{
	return cpu_has_gbpages();
}

/* One root for both halves: the identity page sits in the lower half the kernel clears. */
phys_addr_t loader_idmap_root(struct boot_info *bi)
{
	return bi->pt_root;
}

/* Caches are coherent with instruction fetch; the CR3 write serialises. */
void loader_sync_caches(const struct boot_info *bi, u64 handoff_start, u64 handoff_size)
{
}

void loader_enter_kernel(const struct boot_info *bi, u64 entry)
{
	handoff(bi->pt_root, entry, (u64)(uintptr_t)bi);
}
