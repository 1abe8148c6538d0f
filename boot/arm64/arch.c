/*
 * arm64 part of the loader: EL check (EL1, or EL2 left to the kernel's hyp stub), TCR/MAIR for
 * the kernel, caches and the switch.
 */
#include <efi.h>

#include <asm/pgtable-hwdef.h>

#include "loader.h"
#include "phys.h"

/*
 * TCR_EL1 (docs/hardware.md#arm64-tcr): 48-bit VA in both halves, 4 KiB granules, write-back
 * inner-shareable walks.
 */
#define TCR_T0SZ(n) ((u64)(n) << 0)
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)
#define TCR_TG0_4K (0UL << 14)
#define TCR_T1SZ(n) ((u64)(n) << 16)
#define TCR_IRGN1_WBWA (1UL << 24)
#define TCR_ORGN1_WBWA (1UL << 26)
#define TCR_SH1_INNER (3UL << 28)
#define TCR_TG1_4K (2UL << 30)
#define TCR_IPS_SHIFT 32
#define TCR_IPS_48BIT 5UL /* PARange encoding of 48 bits: our tables hold 48-bit addresses */

/* handoff.S; hyp_vectors is only used when started at EL2. */
__attribute__((noreturn)) void handoff(u64 ttbr1, u64 ttbr0, u64 entry, u64 boot_info, u64 mair,
				       u64 tcr, u64 hyp_vectors);

/* Physical address of the kernel's __hyp_stub_vectors, for VBAR_EL2 (arch/arm64/hyp-stub.S). */
static phys_addr_t hyp_stub_vectors;

static u32 read_current_el(void)
{
	u64 el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	return (el >> 2) & 3;
}

/*
 * The kernel runs at EL1 either way; started at EL2, the hand-off leaves the kernel's hyp stub
 * there, whose address must be known before ExitBootServices (the lookup may need to say why it
 * failed).
 */
EFI_STATUS loader_arch_check(struct boot_info *bi)
{
	bi->entry_el = read_current_el();
	if (bi->entry_el == 2)
		return kernel_symbol_phys(bi, "__hyp_stub_vectors", &hyp_stub_vectors);
	if (bi->entry_el != 1)
		return efi_fail("Pagoda must be started at EL1 or EL2", EFI_UNSUPPORTED);
	return EFI_SUCCESS;
}

bool loader_cpu_has_pud_leaves(void)
{
	return true; /* level-1 blocks exist with the 4 KiB granule */
}

/* TTBR0 gets its own root holding only the identity page; TTBR1 holds the kernel half. */
phys_addr_t loader_idmap_root(struct boot_info *bi)
{
	bi->pt_idmap = pt_alloc_table();
	return bi->pt_idmap;
}

static void clean_dcache_to_poc(u64 start, u64 size)
{
	u64 ctr, line;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4UL << ((ctr >> 16) & 0xf); /* DminLine: log2 of words */
	for (u64 a = ALIGN_DOWN(start, line); a < start + size; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

/*
 * The hand-off code runs with the MMU (and so the data cache) off, and the kernel image was
 * written through the data cache: push both to the point of coherency.
 */
void loader_sync_caches(const struct boot_info *bi, u64 handoff_start, u64 handoff_size)
{
	clean_dcache_to_poc(handoff_start, handoff_size);
	clean_dcache_to_poc(bi->kernel_phys, bi->kernel_size);
	clean_dcache_to_poc((u64)(uintptr_t)bi, sizeof(*bi));
}

static u64 kernel_tcr(void)
{
	u64 mmfr0, pa_range;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	pa_range = MIN(mmfr0 & 0xf, TCR_IPS_48BIT);
	return TCR_T0SZ(16) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
	       TCR_T1SZ(16) | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K |
	       pa_range << TCR_IPS_SHIFT;
}

void loader_enter_kernel(const struct boot_info *bi, u64 entry)
{
	handoff(bi->pt_root, bi->pt_idmap, entry, (u64)(uintptr_t)bi, MAIR_VALUE, kernel_tcr(),
		hyp_stub_vectors);
}
