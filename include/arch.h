/*
 * What each architecture (arch/x86_64, arch/arm64) provides to the arch-neutral kernel, and what
 * the kernel provides back to the arch trap code.
 */
#ifndef PAGODA_ARCH_H
#define PAGODA_ARCH_H

#include "types.h"

struct pt_regs; /* asm/ptrace.h: every general register plus pc, sp and flags */

/* Install the kernel's own descriptor tables / vectors. Called first thing after entry. */
void arch_early_init(void);
/* Enable what the kernel's page tables rely on (x86_64: NXE, WP, PGE, PAT layout; arm64: no-op). */
void arch_mmu_init(void);
/* Drop the loader's hand-off identity map from the lower half and flush it from the TLB. */
void arch_drop_idmap(void);

const char *arch_name(void);
/* A human-readable CPU model: x86_64 CPUID brand string, arm64 decoded MIDR_EL1. */
void arch_cpu_model(char *buf, size_t len);
/*
 * The privilege level the kernel runs at and the one the firmware started the loader at
 * (boot_info's entry_el), for the banner: arm64 "EL1, entered at EL2, EL2 kept (hyp stub)".
 */
const char *arch_cpu_mode(unsigned int entry_el);
/* Can the CPU map 1 GiB leaves (x86_64: CPUID pdpe1gb; arm64: always with 4 KiB granule)? */
bool arch_has_pud_leaves(void);
/*
 * How many physical address bits this CPU translates to (x86_64: CPUID 0x80000008 EAX[7:0];
 * arm64: ID_AA64MMFR0_EL1.PARange, at most 48, all that the descriptors hold). A leaf for an
 * address at or above 1 << arch_phys_addr_bits() would be truncated or set reserved bits.
 */
unsigned int arch_phys_addr_bits(void);

/*
 * A free-running counter for benchmarks and its rate in Hz (x86_64: the TSC, its rate measured
 * once against the PIT; arm64: CNTVCT_EL0 and CNTFRQ_EL0).
 */
u64 arch_counter(void);
u64 arch_counter_hz(void);

/*
 * The CPU's interrupt mask (x86_64 RFLAGS.IF, arm64 PSTATE.I). save masks and returns the
 * previous state for restore. include/irqflags.h wraps these in Linux's local_irq_* names.
 */
unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
void arch_local_irq_enable(void);
void arch_local_irq_disable(void);
bool arch_irqs_disabled(void);

/*
 * Wait for an interrupt and take it. Called with interrupts masked, returns with them masked, so
 * that a caller can test its wake-up condition and idle without losing an interrupt that arrives
 * in between (x86_64: sti; hlt, whose one-instruction interrupt shadow covers the hlt; arm64: wfi
 * with interrupts masked still wakes on a pending one, which is taken once they are unmasked).
 */
void arch_cpu_idle(void);

/* Stop the CPU forever (interrupts off). */
__attribute__((noreturn)) void arch_halt(void);

/* How a firmware call reaches firmware (Arm SMC Calling Convention, Linux's names). */
enum arm_smccc_conduit {
	SMCCC_CONDUIT_HVC, /* to the hypervisor */
	SMCCC_CONDUIT_SMC, /* to the secure monitor */
};

/*
 * Make the argument-less firmware call fn (an SMCCC function ID) through conduit and put its
 * result (x0) in *ret. Returns 0, or -EOPNOTSUPP when the CPU has no such conduit (x86_64:
 * nothing done). A call that does not return (PSCI SYSTEM_OFF) never comes back here.
 */
int arch_smccc_call(enum arm_smccc_conduit conduit, unsigned long fn, long *ret);

/*
 * The CPU's I/O-port space (x86 IN/OUT): read or write size bytes (1, 2 or 4) at port. Return 0,
 * or -ENODEV when the CPU has none (arm64: nothing was accessed, *val untouched). Drivers for
 * PC devices (ACPI fixed hardware, the i8042, PCI mechanism #1) use these, so that they build
 * on every arch and find out at run time that there is nothing to drive.
 */
int arch_port_read(u16 port, unsigned int size, u32 *val);
int arch_port_write(u16 port, unsigned int size, u32 val);

/*
 * Touch one byte at addr through the current translation. Return 0, or -EFAULT when the access
 * faulted (the exception fixup table turns the fault into the error).
 */
int probe_read(const void *addr);
int probe_write(void *addr);
/* Call the code at addr (which must return at once); -EFAULT when the instruction fetch faults. */
int probe_exec(const void *addr);

/* Why an exception was taken, decoded by the arch trap code. */
enum fault_access { FAULT_READ, FAULT_WRITE, FAULT_EXEC };

struct exception_info {
	const char *name;	  /* "page fault", "invalid opcode", "data abort", ... */
	unsigned long vector;	  /* x86_64: vector number; arm64: ESR_EL1 */
	unsigned long error_code; /* x86_64: error code; arm64: ESR_EL1 */
	bool is_page_fault;	  /* translation or permission fault on addr */
	unsigned long addr;	  /* faulting address (CR2 / FAR_EL1) when is_page_fault */
	enum fault_access access; /* only when is_page_fault */
	bool user;		  /* fault taken from user mode (not yet used: no user mode) */
};

/*
 * Arch trap code calls this for every exception. It returns when the exception was handled
 * (page fault resolved, fixup applied, test fault recovered); otherwise it reports and stops.
 */
void do_exception(struct pt_regs *regs, const struct exception_info *info);

/*
 * Arch trap code calls this for every interrupt exception (x86_64: IDT vectors 32-255, with the
 * vector; arm64: the IRQ slots, vector 0), with interrupts masked (kernel/irq/).
 */
void handle_arch_irq(struct pt_regs *regs, unsigned long vector);

/*
 * Arch trap code calls this for a non-maskable interrupt (x86_64 vector 2: the LINT pin the
 * MADT wires to NMI, or an NMI IPI). It is reported and counted, and the interrupted code goes on.
 */
void do_nmi(struct pt_regs *regs);
/* NMIs taken since boot. */
unsigned long nmi_count(void);

/* Redirect the interrupted context so that the exception return lands on pc. */
void arch_regs_set_pc(struct pt_regs *regs, unsigned long pc);
unsigned long arch_regs_pc(const struct pt_regs *regs);
/* Print every register of regs on the console. */
void arch_dump_regs(const struct pt_regs *regs);
/* If pc has an entry in the exception fixup table, point regs at its fixup and return true. */
bool arch_fixup_exception(struct pt_regs *regs);

#endif
