/*
 * arm64 CPU bring-up after the loader's hand-off: our own exception vectors, checks that the
 * translation regime is the one the page-table code assumes, the removal of the hand-off
 * identity map, and CPU identification.
 */
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <tlbflush.h>
#include <asm/traps.h>

#include "arch.h"
#include "lib.h"
#include "printk.h"

/* VBAR_EL1 still points into firmware memory that the kernel will reclaim: replace it first. */
void arch_early_init(void)
{
	write_sysreg(vectors, vbar_el1);
	isb();
}

/*
 * The loader programmed MAIR_EL1 and TCR_EL1 (the MMU was already on for the kernel); check that
 * they are what asm/pgtable-hwdef.h and the memory layout assume: the attribute indices in every
 * descriptor, 48-bit VA with the 4 KiB granule in both halves. Panics otherwise, since every
 * mapping the kernel makes would then mean something else.
 */
void arch_mmu_init(void)
{
	u64 mair = read_sysreg(mair_el1);
	u64 tcr = read_sysreg(tcr_el1);

	if (ID_AA64MMFR0_TGRAN4(read_sysreg(id_aa64mmfr0_el1)) == ID_AA64MMFR0_TGRAN4_NI)
		panic("this CPU has no 4 KiB translation granule");
	if (mair != MAIR_VALUE)
		panic("MAIR_EL1 is %#lx, the page tables are built for %#lx", mair, MAIR_VALUE);
	if (TCR_T0SZ(tcr) != 64 - VA_BITS || TCR_T1SZ(tcr) != 64 - VA_BITS ||
	    TCR_TG0(tcr) != TCR_TG0_4K || TCR_TG1(tcr) != TCR_TG1_4K)
		panic("TCR_EL1 is %#lx, not %d-bit with 4 KiB granules in both halves", tcr,
		      VA_BITS);
}

/*
 * TTBR0 still holds the loader's identity page. EPD0 stops walks through TTBR0 altogether, so
 * lower-half accesses fault until an address space installs its root and clears EPD0; the TLB
 * flush drops what the walker had already cached from the old root.
 */
void arch_drop_idmap(void)
{
	write_sysreg(read_sysreg(tcr_el1) | TCR_EPD0, tcr_el1);
	isb();
	write_sysreg(0, ttbr0_el1);
	isb();
	flush_tlb_all();
}

const char *arch_name(void)
{
	return "arm64";
}

/* Started at EL2, the loader left the hyp stub there and dropped to EL1 (docs/arm64-el2.md). */
const char *arch_cpu_mode(unsigned int entry_el)
{
	return entry_el == 2 ? "EL1, entered at EL2, EL2 kept (hyp stub)" : "EL1, entered at EL1";
}

/* MIDR_EL1 implementer codes (Arm ARM, "MIDR_EL1"; Linux asm/cputype.h). */
static const struct {
	u8 code;
	const char *name;
} implementers[] = {
	{ 0x00, "software-defined" }, /* "reserved for software use": QEMU's own CPU models */
	{ 0x41, "Arm" },
	{ 0x42, "Broadcom" },
	{ 0x43, "Cavium" },
	{ 0x46, "Fujitsu" },
	{ 0x48, "HiSilicon" },
	{ 0x4e, "NVIDIA" },
	{ 0x50, "APM" },
	{ 0x51, "Qualcomm" },
	{ 0x61, "Apple" },
	{ 0xc0, "Ampere" },
};

/* Parts QEMU can emulate and the common hardware they stand for, with their makers' names. */
static const struct {
	u8 implementer;
	u16 part;
	const char *name;
} parts[] = {
	{ 0x41, 0xd03, "Arm Cortex-A53" },
	{ 0x41, 0xd04, "Arm Cortex-A35" },
	{ 0x41, 0xd05, "Arm Cortex-A55" },
	{ 0x41, 0xd07, "Arm Cortex-A57" },
	{ 0x41, 0xd08, "Arm Cortex-A72" },
	{ 0x41, 0xd09, "Arm Cortex-A73" },
	{ 0x41, 0xd0a, "Arm Cortex-A75" },
	{ 0x41, 0xd0b, "Arm Cortex-A76" },
	{ 0x41, 0xd0c, "Arm Neoverse-N1" },
	{ 0x41, 0xd40, "Arm Neoverse-V1" },
	{ 0x41, 0xd41, "Arm Cortex-A78" },
	{ 0x41, 0xd47, "Arm Cortex-A710" },
	{ 0x41, 0xd49, "Arm Neoverse-N2" },
	{ 0x46, 0x001, "Fujitsu A64FX" },
	/* QEMU's -cpu max: implementer 0, part 'Q' (QEMU target/arm aarch64_max_tcg_initfn). */
	{ 0x00, 0x051, "QEMU max" },
};

static const char *midr_implementer_name(unsigned int code)
{
	for (size_t i = 0; i < ARRAY_SIZE(implementers); i++)
		if (implementers[i].code == code)
			return implementers[i].name;
	return NULL;
}

static const char *midr_part_name(unsigned int implementer, unsigned int part)
{
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i].implementer == implementer && parts[i].part == part)
			return parts[i].name;
	return NULL;
}

/*
 * "Arm Cortex-A72 r0p3", "QEMU max r0p0", or as much as is known: "Arm part 0xd0d r1p0",
 * "implementer 0x6d part 0x123 r0p0". The raw MIDR follows in each case.
 */
void arch_cpu_model(char *buf, size_t len)
{
	u64 midr = read_sysreg(midr_el1);
	unsigned int impl = MIDR_IMPLEMENTER(midr), part = MIDR_PARTNUM(midr);
	const char *impl_name = midr_implementer_name(impl);
	const char *part_name = midr_part_name(impl, part);
	int n;

	if (part_name)
		n = ksnprintf(buf, len, "%s", part_name);
	else if (impl_name)
		n = ksnprintf(buf, len, "%s part %#x", impl_name, part);
	else
		n = ksnprintf(buf, len, "implementer %#x part %#x", impl, part);
	if (n >= 0 && (size_t)n < len)
		ksnprintf(buf + n, len - n, " r%lup%lu (MIDR %#lx)", MIDR_VARIANT(midr),
			  MIDR_REVISION(midr), midr);
}

/* Level-1 blocks (1 GiB) always exist with the 4 KiB granule. */
bool arch_has_pud_leaves(void)
{
	return true;
}

/* The virtual count: the same rate on every CPU, readable at EL1 without setup. */
u64 arch_counter(void)
{
	isb(); /* not read ahead of what came before */
	return read_sysreg(cntvct_el0);
}

u64 arch_counter_hz(void)
{
	return read_sysreg(cntfrq_el0);
}
