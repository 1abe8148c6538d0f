/*
 * x86_64 descriptor tables and exception decoding.
 *
 * The kernel runs in ring 0 on one flat 64-bit code segment. The GDT holds that segment, a data
 * segment and the TSS, whose only job for now is the IST stack the double-fault vector switches
 * to: a kernel stack overflow faults while pushing the exception frame, the CPU then raises #DF,
 * and #DF still gets a good stack to report on. Every one of the 256 IDT vectors goes to a stub
 * in entry.S and from there to x86_handle_exception().
 */
#include "arch.h"
#include "pgtable-geometry.h"
#include "printk.h"
#include "reboot.h"
#include "stack_guard.h"
#include "types.h"

#include <errno.h>
#include <stddef.h>

#include "extable.h"
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

/* GDT slots; the TSS descriptor is 16 bytes and takes two. */
enum gdt_index { GDT_NULL, GDT_KERNEL_CS, GDT_KERNEL_DS, GDT_TSS, GDT_TSS_HIGH, GDT_ENTRIES };
#define KERNEL_CS (GDT_KERNEL_CS * 8)
#define KERNEL_DS (GDT_KERNEL_DS * 8)
#define TSS_SELECTOR (GDT_TSS * 8)

/*
 * Segment descriptors (SDM Vol. 3A 3.4.5): access byte P | DPL 0 | S | type with the accessed
 * bit preset (the CPU would otherwise write it), limit 0xfffff with G. Code: execute/read with
 * L=1 (64-bit). Data: read/write with D/B=1.
 */
#define GDT_KERNEL_CODE64 0x00af9b000000ffffUL
#define GDT_KERNEL_DATA 0x00cf93000000ffffUL
#define GDT_TSS_AVAILABLE 0x89UL /* P | type 9: available 64-bit TSS */

#define IDT_INTERRUPT_GATE 0x8e /* P | DPL 0 | type 14: 64-bit interrupt gate (clears IF) */
#define IST_DOUBLE_FAULT 1	/* IST slot (1-based) used by #DF */
#define DF_STACK_SIZE 0x4000

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "64-bit TSS layout");

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate layout");

/* Operand of lgdt/lidt. */
struct desc_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

_Static_assert(PROBE_EFAULT == -EFAULT, "probe.S returns -EFAULT");
_Static_assert(offsetof(struct exec_probe, target) == EXEC_PROBE_TARGET, "probe.S offsets");
_Static_assert(offsetof(struct exec_probe, landing) == EXEC_PROBE_LANDING, "probe.S offsets");
_Static_assert(offsetof(struct exec_probe, sp) == EXEC_PROBE_SP, "probe.S offsets");

static u64 gdt[GDT_ENTRIES] __attribute__((aligned(16))) = {
	[GDT_KERNEL_CS] = GDT_KERNEL_CODE64,
	[GDT_KERNEL_DS] = GDT_KERNEL_DATA,
};
static struct tss tss __attribute__((aligned(16)));
static struct idt_gate idt[X86_NR_VECTORS] __attribute__((aligned(16)));
static u8 df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));

/* How many exceptions are being handled right now; > 1 means a handler faulted. */
static unsigned int exception_depth;
/* The frame of the outermost exception being handled, for the nested report. */
static const struct pt_regs *outer_regs;

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
	[0] = "#DE divide error",
	[1] = "#DB debug",
	[2] = "NMI",
	[3] = "#BP breakpoint",
	[4] = "#OF overflow",
	[5] = "#BR bound range exceeded",
	[6] = "#UD invalid opcode",
	[7] = "#NM device not available",
	[8] = "#DF double fault",
	[9] = "coprocessor segment overrun",
	[10] = "#TS invalid TSS",
	[11] = "#NP segment not present",
	[12] = "#SS stack-segment fault",
	[13] = "#GP general protection",
	[14] = "#PF page fault",
	[16] = "#MF x87 floating-point error",
	[17] = "#AC alignment check",
	[18] = "#MC machine check",
	[19] = "#XM SIMD floating-point",
	[20] = "#VE virtualization exception",
	[21] = "#CP control protection",
	[28] = "#HV hypervisor injection",
	[29] = "#VC VMM communication",
	[30] = "#SX security exception",
};

static const char *vector_name(unsigned long vector)
{
	if (vector >= X86_NR_EXCEPTIONS)
		return "interrupt";
	return exception_names[vector] ? exception_names[vector] : "reserved exception";
}

static void set_tss_descriptor(void)
{
	u64 base = (u64)&tss;
	u64 limit = sizeof(tss) - 1;

	gdt[GDT_TSS] = (limit & 0xffff) | (base & 0xffffff) << 16 | GDT_TSS_AVAILABLE << 40 |
		       ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[GDT_TSS_HIGH] = base >> 32;
}

/*
 * Load the GDT and make every segment register use it: CS through a far return (the only way
 * to reload CS in 64-bit mode), the data registers directly. FS and GS get the null selector,
 * which 64-bit mode allows; the kernel does not use them.
 */
static void load_gdt(void)
{
	struct desc_ptr p = { .limit = sizeof(gdt) - 1, .base = (u64)gdt };

	asm volatile("lgdt %0" : : "m"(p) : "memory");
	asm volatile("pushq %[cs]\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %[ds], %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "xorl %%eax, %%eax\n\t"
		     "movl %%eax, %%fs\n\t"
		     "movl %%eax, %%gs"
		     :
		     : [cs] "i"(KERNEL_CS), [ds] "i"(KERNEL_DS)
		     : "rax", "memory");
	asm volatile("ltr %w0" : : "r"(TSS_SELECTOR) : "memory");
}

static void set_idt_gate(unsigned int vector, unsigned long handler, unsigned int ist)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = handler & 0xffff;
	g->selector = KERNEL_CS;
	g->ist = ist;
	g->type_attr = IDT_INTERRUPT_GATE;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

static void load_idt(void)
{
	struct desc_ptr p = { .limit = sizeof(idt) - 1, .base = (u64)idt };
	unsigned int v;

	for (v = 0; v < X86_NR_VECTORS; v++)
		set_idt_gate(v, (unsigned long)x86_vector_stubs + v * X86_VECTOR_STUB_SIZE,
			     v == X86_TRAP_DF ? IST_DOUBLE_FAULT : 0);
	asm volatile("lidt %0" : : "m"(p) : "memory");
}

/*
 * Replace the firmware's GDT and IDT (which live in memory the kernel will reclaim) with the
 * kernel's own. Must run before anything can fault.
 */
void trap_init(void)
{
	tss.ist[IST_DOUBLE_FAULT - 1] = (u64)df_stack + sizeof(df_stack);
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
	set_tss_descriptor();
	load_gdt();
	load_idt();
}

static enum fault_access pf_access(unsigned long error_code)
{
	if (error_code & X86_PF_INSTR)
		return FAULT_EXEC;
	return (error_code & X86_PF_WRITE) ? FAULT_WRITE : FAULT_READ;
}

static void decode_exception(const struct pt_regs *regs, unsigned long cr2,
			     struct exception_info *info)
{
	info->name = vector_name(regs->vector);
	info->vector = regs->vector;
	info->error_code = regs->error_code;
	info->user = (regs->cs & 3) == 3;
	info->is_page_fault = regs->vector == X86_TRAP_PF;
	info->addr = info->is_page_fault ? cr2 : 0;
	info->access = info->is_page_fault ? pf_access(regs->error_code) : FAULT_READ;
}

/*
 * A handler faulted. Report once and power off; if even that faults (depth 3), the console or
 * the power-off path is what is broken, so just stop.
 */
__attribute__((noreturn)) static void nested_exception(const struct pt_regs *regs)
{
	if (exception_depth > 2)
		arch_halt();
	printk("\nnested exception: %s (vector %lu) at %#lx while handling %s (vector %lu) at %#lx\n",
	       vector_name(regs->vector), regs->vector, regs->rip, vector_name(outer_regs->vector),
	       outer_regs->vector, outer_regs->rip);
	arch_dump_regs(regs);
	kernel_power_off();
}

/*
 * A #DF whose page fault hit the guard page: the stack overflowed and the CPU could not push the
 * page fault's frame. Report it, then let do_exception() decide (a running test is abandoned).
 * What it redirects the context to cannot run on the overflowed stack: it gets the top of the
 * #DF stack, free again once this exception returns (with the alignment a call leaves). The
 * saved CS and SS of a #DF are undefined (SDM Vol. 3A 6.15), so they are set to the kernel's.
 */
static void stack_overflow(struct pt_regs *regs, unsigned long cr2,
			   const struct exception_info *info)
{
	printk("\nkernel stack overflow: %#lx is the guard page below the boot stack (rsp %#lx)\n",
	       cr2, regs->rsp);
	do_exception(regs, info);
	regs->rsp = (u64)df_stack + sizeof(df_stack) - 8;
	regs->cs = KERNEL_CS;
	regs->ss = KERNEL_DS;
}

void x86_handle_exception(struct pt_regs *regs)
{
	unsigned long cr2 = read_cr2(); /* before anything else can fault and overwrite it */
	struct exception_info info;

	if (regs->vector >= X86_NR_EXCEPTIONS) {
		/* not nested: an exception inside a handler is reported with both contexts */
		handle_arch_irq(regs, regs->vector);
		return;
	}
	if (regs->vector == X86_TRAP_NMI) {
		do_nmi(regs); /* not a fault: whatever ran goes on */
		return;
	}
	if (++exception_depth > 1)
		nested_exception(regs);
	outer_regs = regs;
	decode_exception(regs, cr2, &info);
	if (regs->vector == X86_TRAP_DF && stack_guard_hit(cr2))
		stack_overflow(regs, cr2, &info);
	else
		do_exception(regs, &info);
	exception_depth--;
}

void arch_regs_set_pc(struct pt_regs *regs, unsigned long pc)
{
	regs->rip = pc;
}

unsigned long arch_regs_pc(const struct pt_regs *regs)
{
	return regs->rip;
}

static bool is_canonical(unsigned long addr)
{
	return addr < LOWER_HALF_END || addr >= UPPER_HALF_START;
}

/*
 * Only the fetch of the target counts, not a data fault of its first instruction: a #PF on the
 * fetch, or the #GP of a non-canonical target when the CPU reports it at the target (QEMU TCG
 * does; Intel reports it on the call, which the exception table covers).
 */
static bool exec_probe_fixup(struct pt_regs *regs)
{
	bool fetch_fault;

	if (!exec_probe.target || regs->rip != exec_probe.target)
		return false;
	fetch_fault = regs->vector == X86_TRAP_PF ?
			      regs->error_code & X86_PF_INSTR :
			      regs->vector == X86_TRAP_GP && !is_canonical(regs->rip);
	if (!fetch_fault)
		return false;
	regs->rip = exec_probe.landing;
	regs->rsp = exec_probe.sp;
	return true;
}

bool arch_fixup_exception(struct pt_regs *regs)
{
	unsigned long fixup = search_exception_table(regs->rip);

	if (fixup) {
		regs->rip = fixup;
		return true;
	}
	return exec_probe_fixup(regs);
}

static void print_pf_error(unsigned long err)
{
	printk("  [%s %s %s%s%s%s]\n", err & X86_PF_PROT ? "protection" : "not-present",
	       err & X86_PF_INSTR ? "ifetch" :
	       err & X86_PF_WRITE ? "write" :
				    "read",
	       err & X86_PF_USER ? "user" : "supervisor", err & X86_PF_RSVD ? " reserved-bit" : "",
	       err & X86_PF_PK ? " pkey" : "", err & X86_PF_SHSTK ? " shadow-stack" : "");
}

static void print_selector_error(unsigned long err)
{
	const char *table = err & X86_SEL_ERR_IDT ? "IDT" : err & X86_SEL_ERR_TI ? "LDT" : "GDT";

	printk("  [%s index %lu%s]\n", table, err >> X86_SEL_ERR_INDEX_SHIFT,
	       err & X86_SEL_ERR_EXT ? " external" : "");
}

static void print_error_code(const struct pt_regs *regs)
{
	unsigned long v = regs->vector, err = regs->error_code;

	printk("vector %lu (%s) error code 0x%lx", v, vector_name(v), err);
	if (v == X86_TRAP_PF)
		print_pf_error(err);
	else if (err &&
		 (v == X86_TRAP_TS || v == X86_TRAP_NP || v == X86_TRAP_SS || v == X86_TRAP_GP))
		print_selector_error(err);
	else
		printk("\n");
}

void arch_dump_regs(const struct pt_regs *regs)
{
	print_error_code(regs);
	if (regs->vector == X86_TRAP_PF)
		printk("CR2: %016lx (fault address)\n", read_cr2());
	printk("RIP: %04lx:%016lx RSP: %04lx:%016lx RFLAGS: %08lx\n", regs->cs, regs->rip, regs->ss,
	       regs->rsp, regs->rflags);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->rax, regs->rbx, regs->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->rdx, regs->rsi, regs->rdi);
	printk("RBP: %016lx R08: %016lx R09: %016lx\n", regs->rbp, regs->r8, regs->r9);
	printk("R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	printk("R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
	printk("CR0: %016lx CR3: %016lx CR4: %016lx\n", read_cr0(), read_cr3(), read_cr4());
}
