/* x86_64 CPU bring-up: control registers, PAT, the hand-off identity map, CPU identification. */
#include "arch.h"
#include "lib.h"
#include "phys.h"
#include "pgtable-types.h"
#include "types.h"

#include <string.h>

#include <asm/cpuid.h>
#include <asm/io.h>
#include <asm/pgtable-hwdef.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define CPUID_VENDOR 0
#define CPUID_SIGNATURE 1	      /* EAX: stepping, model, family */
#define CPUID_BRAND_FIRST 0x80000002u /* three leaves of 16 brand-string bytes */
#define CPUID_BRAND_LAST 0x80000004u

void arch_early_init(void)
{
	trap_init();
}

/*
 * Drop every TLB entry, global ones included: toggling CR4.PGE does that; with PGE clear there
 * are no global entries and reloading CR3 is enough (SDM 4.10.4.1).
 */
static void flush_tlb_global(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

/*
 * Program IA32_PAT with X86_PAT_VALUE. The SDM (11.12.4, by way of the MTRR procedure in
 * 11.11.8) asks for caches and TLBs to be flushed around the change with caching disabled, so
 * that no line or translation cached under the old memory types survives. Interrupts are off.
 */
static void pat_init(void)
{
	unsigned long cr0 = read_cr0();

	write_cr0((cr0 | X86_CR0_CD) & ~X86_CR0_NW); /* no-fill cache mode */
	wbinvd();
	flush_tlb_global();
	wrmsr(MSR_IA32_CR_PAT, X86_PAT_VALUE);
	wbinvd();
	flush_tlb_global();
	write_cr0(cr0);
}

/*
 * Turn on what the kernel's page tables rely on: NX bits (EFER.NXE), read-only pages that bind
 * the kernel too (CR0.WP), Linux's PAT layout for the cache bits, and global pages (CR4.PGE),
 * enabled last so that the PAT flushes above need not toggle it.
 */
void arch_mmu_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NX);
	write_cr0(read_cr0() | X86_CR0_WP);
	pat_init();
	write_cr4(read_cr4() | X86_CR4_PGE);
}

/*
 * The loader's identity page lives in the lower half of the current root, which belongs to
 * address spaces: clear every lower-half PML4 entry and flush (globals too, in case the loader
 * marked the page global). The tables below those entries stay allocated: they are loader
 * memory (BOOT_MEM_KERNEL) that the kernel never reclaims.
 */
void arch_drop_idmap(void)
{
	pgd_t *pgd = __va(read_cr3() & X86_CR3_ADDR_MASK);
	unsigned int i;

	for (i = 0; i < pgd_index(LOWER_HALF_END); i++)
		pgd_clear(&pgd[i]);
	flush_tlb_global();
}

const char *arch_name(void)
{
	return "x86_64";
}

/* UEFI hands over in 64-bit long mode at CPL 0, and the kernel stays there. */
const char *arch_cpu_mode(unsigned int entry_el)
{
	return "ring 0, long mode";
}

/* Copy the CPUID brand string without its padding blanks; false when the CPU has none. */
static bool cpu_brand_string(char *buf, size_t len)
{
	u32 regs[12];
	char *s = (char *)regs, *end = s + sizeof(regs);
	u32 leaf;

	if (cpuid_max_ext_leaf() < CPUID_BRAND_LAST)
		return false;
	for (leaf = CPUID_BRAND_FIRST; leaf <= CPUID_BRAND_LAST; leaf++) {
		u32 *r = &regs[(leaf - CPUID_BRAND_FIRST) * 4];

		cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
	}
	end = memchr(s, '\0', sizeof(regs)) ?: end;
	while (s < end && *s == ' ')
		s++;
	while (end > s && end[-1] == ' ')
		end--;
	if (s == end)
		return false;
	ksnprintf(buf, len, "%.*s", (int)(end - s), s);
	return true;
}

/* "GenuineIntel family 6 model 85 stepping 7", decoded as SDM Vol. 2A CPUID.01H:EAX says. */
static void cpu_signature(char *buf, size_t len)
{
	u32 max, vendor[3], sig, b, c, d;
	unsigned int family, model;

	cpuid(CPUID_VENDOR, 0, &max, &vendor[0], &vendor[2], &vendor[1]);
	cpuid(CPUID_SIGNATURE, 0, &sig, &b, &c, &d);
	family = (sig >> 8) & 0xf;
	model = (sig >> 4) & 0xf;
	if (family == 0xf)
		family += (sig >> 20) & 0xff;
	if (family == 0x6 || family >= 0xf)
		model |= ((sig >> 16) & 0xf) << 4;
	ksnprintf(buf, len, "%.12s family %u model %u stepping %u", (const char *)vendor, family,
		  model, sig & 0xf);
}

void arch_cpu_model(char *buf, size_t len)
{
	if (!cpu_brand_string(buf, len))
		cpu_signature(buf, len);
}

bool arch_has_pud_leaves(void)
{
	return cpu_has_gbpages();
}

/*
 * PIT channel 2 (Linux pit_calibrate_tsc): gated through port 0x61 bit 0, with the speaker off
 * (bit 1); in mode 0 its output, read back in port 0x61 bit 5, goes high when the count it was
 * loaded with (binary, low byte then high byte) runs out.
 */
#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_MODE_CH2_LOHI_MODE0 0xb0
#define PORT_61 0x61
#define PORT_61_GATE2 BIT(0)
#define PORT_61_SPEAKER BIT(1)
#define PORT_61_OUT2 BIT(5)
#define CALIBRATE_HZ 20 /* measure for 1/20 s */

u64 arch_counter(void)
{
	return rdtsc();
}

/* TSC ticks in 1/CALIBRATE_HZ s of the PIT, times CALIBRATE_HZ; measured on first use. */
u64 arch_counter_hz(void)
{
	static u64 tsc_hz;
	unsigned int count = PIT_HZ / CALIBRATE_HZ;
	u64 start;

	if (tsc_hz)
		return tsc_hz;
	outb((inb(PORT_61) & ~PORT_61_SPEAKER) | PORT_61_GATE2, PORT_61);
	outb(PIT_MODE_CH2_LOHI_MODE0, PIT_MODE);
	outb(count & 0xff, PIT_CH2);
	outb(count >> 8, PIT_CH2);
	start = rdtsc();
	while (!(inb(PORT_61) & PORT_61_OUT2))
		cpu_relax();
	tsc_hz = (rdtsc() - start) * CALIBRATE_HZ;
	return tsc_hz;
}
