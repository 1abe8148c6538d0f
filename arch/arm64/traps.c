/*
 * arm64 exceptions: decode the frame entry.S saved (ESR_EL1 class and syndrome, FAR_EL1) into
 * struct exception_info for do_exception(), apply the probe fixups, and print complete reports.
 */
#include <errno.h>

#include "extable.h"
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/traps.h>

#include "arch.h"
#include "lib.h"
#include "printk.h"
#include "stack_guard.h"

_Static_assert(PROBE_EFAULT == -EFAULT, "probe.S returns PROBE_EFAULT for -EFAULT");

static const char *const kind_names[] = {
	[VEC_SYNC] = "synchronous exception",
	[VEC_IRQ] = "IRQ",
	[VEC_FIQ] = "FIQ",
	[VEC_SERROR] = "SError",
};

static const char *const group_names[] = {
	"EL1 on SP_EL0",
	"EL1 on SP_EL1",
	"EL0 (AArch64)",
	"EL0 (AArch32)",
};

static const char *const ec_names[ESR_ELx_EC_MAX + 1] = {
	[ESR_ELx_EC_UNKNOWN] = "undefined instruction (unknown reason)",
	[ESR_ELx_EC_WFx] = "WFI/WFE trapped",
	[ESR_ELx_EC_FP_ASIMD] = "FP/SIMD access trapped",
	[ESR_ELx_EC_BTI] = "branch target exception",
	[ESR_ELx_EC_ILL] = "illegal execution state",
	[ESR_ELx_EC_SVC32] = "SVC (AArch32)",
	[ESR_ELx_EC_SVC64] = "SVC",
	[ESR_ELx_EC_HVC64] = "HVC",
	[ESR_ELx_EC_SMC64] = "SMC",
	[ESR_ELx_EC_SYS64] = "system register access trapped",
	[ESR_ELx_EC_SVE] = "SVE access trapped",
	[ESR_ELx_EC_FPAC] = "pointer authentication failure",
	[ESR_ELx_EC_IABT_LOW] = "instruction abort (from EL0)",
	[ESR_ELx_EC_IABT_CUR] = "instruction abort",
	[ESR_ELx_EC_PC_ALIGN] = "PC alignment fault",
	[ESR_ELx_EC_DABT_LOW] = "data abort (from EL0)",
	[ESR_ELx_EC_DABT_CUR] = "data abort",
	[ESR_ELx_EC_SP_ALIGN] = "SP alignment fault",
	[ESR_ELx_EC_FP_EXC32] = "FP exception (AArch32)",
	[ESR_ELx_EC_FP_EXC64] = "FP exception",
	[ESR_ELx_EC_SERROR] = "SError",
	[ESR_ELx_EC_BREAKPT_LOW] = "breakpoint (from EL0)",
	[ESR_ELx_EC_BREAKPT_CUR] = "breakpoint",
	[ESR_ELx_EC_SOFTSTP_LOW] = "software step (from EL0)",
	[ESR_ELx_EC_SOFTSTP_CUR] = "software step",
	[ESR_ELx_EC_WATCHPT_LOW] = "watchpoint (from EL0)",
	[ESR_ELx_EC_WATCHPT_CUR] = "watchpoint",
	[ESR_ELx_EC_BKPT32] = "BKPT (AArch32)",
	[ESR_ELx_EC_BRK64] = "BRK instruction",
};

static const char *ec_name(unsigned int ec)
{
	return ec_names[ec] ? ec_names[ec] : "reserved exception class";
}

static bool ec_is_abort(unsigned int ec)
{
	return ec == ESR_ELx_EC_IABT_LOW || ec == ESR_ELx_EC_IABT_CUR ||
	       ec == ESR_ELx_EC_DABT_LOW || ec == ESR_ELx_EC_DABT_CUR;
}

static bool ec_is_data_abort(unsigned int ec)
{
	return ec == ESR_ELx_EC_DABT_LOW || ec == ESR_ELx_EC_DABT_CUR;
}

/* Does FAR_EL1 hold the faulting address for this synchronous exception? */
static bool esr_far_valid(u64 esr)
{
	unsigned int ec = ESR_ELx_EC(esr);

	if (ec_is_abort(ec))
		return !(esr & ESR_ELx_FnV);
	/* Also written for these: the misaligned pc, the watched data address. */
	return ec == ESR_ELx_EC_PC_ALIGN || ec == ESR_ELx_EC_WATCHPT_LOW ||
	       ec == ESR_ELx_EC_WATCHPT_CUR;
}

/* Translation, access flag and permission faults are what the mm fault handler may resolve. */
static bool fsc_is_page_fault(unsigned int fsc)
{
	unsigned int type = ESR_ELx_FSC_TYPE(fsc);

	return type == ESR_ELx_FSC_FAULT || type == ESR_ELx_FSC_ACCESS || type == ESR_ELx_FSC_PERM;
}

/* The access an abort made. Precondition: ESR is an instruction or data abort. */
static enum fault_access abort_access(u64 esr)
{
	unsigned int ec = ESR_ELx_EC(esr);

	if (!ec_is_data_abort(ec))
		return FAULT_EXEC;
	/* Cache maintenance reports WnR=1 but needs no write permission (Linux: is_write_abort). */
	return (esr & ESR_ELx_WNR) && !(esr & ESR_ELx_CM) ? FAULT_WRITE : FAULT_READ;
}

/*
 * Name of a DFSC/IFSC fault status code. *level is the translation table level it names, or -1
 * when the code has no level.
 */
static const char *fsc_name(unsigned int fsc, int *level)
{
	*level = ESR_ELx_FSC_LEVEL(fsc);
	switch (ESR_ELx_FSC_TYPE(fsc)) {
	case ESR_ELx_FSC_ADDRSZ:
		return "address size fault";
	case ESR_ELx_FSC_FAULT:
		return "translation fault";
	case ESR_ELx_FSC_ACCESS:
		return "access flag fault";
	case ESR_ELx_FSC_PERM:
		return "permission fault";
	case ESR_ELx_FSC_SEA_TTW:
		return "synchronous external abort on table walk";
	case ESR_ELx_FSC_SECC_TTW:
		return "parity/ECC error on table walk";
	}
	*level = -1;
	switch (fsc) {
	case ESR_ELx_FSC_EXTABT:
		return "synchronous external abort";
	case ESR_ELx_FSC_MTE:
		return "tag check fault";
	case ESR_ELx_FSC_SECC:
		return "parity/ECC error";
	case ESR_ELx_FSC_ALIGN:
		return "alignment fault";
	case ESR_ELx_FSC_TLB_CONFLICT:
		return "TLB conflict abort";
	case ESR_ELx_FSC_ATOMIC_HW:
		return "unsupported atomic hardware update";
	case ESR_ELx_FSC_EXCL_ATOMIC:
		return "unsupported exclusive or atomic access";
	}
	return "reserved fault status code";
}

/* Synchronous exceptions are named by their class, the others by their kind. */
static const char *exception_name(const struct pt_regs *regs)
{
	unsigned int kind = regs->vector & VEC_KIND_MASK;

	return kind == VEC_SYNC ? ec_name(ESR_ELx_EC(regs->esr)) : kind_names[kind];
}

static void decode_exception(const struct pt_regs *regs, struct exception_info *info)
{
	unsigned int kind = regs->vector & VEC_KIND_MASK;
	unsigned int ec = ESR_ELx_EC(regs->esr);

	*info = (struct exception_info){
		.name = exception_name(regs),
		.user = (regs->vector & VEC_GROUP_MASK) >= VEC_GROUP_LOWER_64,
	};
	if (kind == VEC_IRQ || kind == VEC_FIQ)
		return; /* they do not write ESR_EL1: vector and error code stay 0 */
	info->vector = info->error_code = regs->esr;
	if (kind == VEC_SYNC && ec_is_abort(ec) && esr_far_valid(regs->esr)) {
		info->addr = regs->far;
		info->access = abort_access(regs->esr);
		info->is_page_fault = fsc_is_page_fault(ESR_ELx_FSC(regs->esr));
	}
}

/* Nesting depth of arm64_handle_exception(): above 1, the exception path itself faulted. */
static unsigned int exception_depth;

static __attribute__((noreturn)) void nested_exception(const struct pt_regs *regs)
{
	if (exception_depth > 2)
		arch_halt(); /* reporting the nested one faulted too: stay silent */
	printk("\nEXCEPTION while handling an exception: %s at pc %#lx; halted\n",
	       exception_name(regs), regs->pc);
	arch_dump_regs(regs);
	arch_halt();
}

void arm64_handle_exception(struct pt_regs *regs)
{
	struct exception_info info;

	if ((regs->vector & VEC_KIND_MASK) == VEC_IRQ) {
		/* not nested: an exception inside a handler is reported with both contexts */
		handle_arch_irq(regs, 0);
		return;
	}
	if (exception_depth++)
		nested_exception(regs);
	decode_exception(regs, &info);
	do_exception(regs, &info);
	exception_depth--;
}

/*
 * The frame store faulted in the guard page: the stack overflowed. Report it and let
 * do_exception() decide (a running test is abandoned); entry.S then returns on the emergency
 * stack, so whatever the context was redirected to runs there, not on the overflowed stack.
 */
static void stack_overflow(struct pt_regs *regs)
{
	struct exception_info info;

	printk("\nkernel stack overflow: %#lx is the guard page below the boot stack (sp %#lx)\n",
	       regs->far, regs->sp);
	decode_exception(regs, &info);
	do_exception(regs, &info);
}

void arm64_bad_stack(struct pt_regs *regs)
{
	static bool reported;

	if (stack_guard_hit(regs->far)) {
		stack_overflow(regs);
		return;
	}
	if (reported)
		arch_halt(); /* the report itself faulted */
	reported = true;
	printk("\nEXCEPTION while saving registers: sp %#lx cannot take the frame; halted\n",
	       regs->sp);
	arch_dump_regs(regs);
	arch_halt();
}

/* A fetch fault of the armed probe_exec() target, before it ran anything: resume at landing. */
static bool fixup_exec_probe(struct pt_regs *regs, unsigned int ec)
{
	if (ec != ESR_ELx_EC_IABT_CUR && ec != ESR_ELx_EC_PC_ALIGN)
		return false;
	if (!exec_probe.target || regs->pc != exec_probe.target || regs->sp != exec_probe.sp)
		return false;
	regs->pc = exec_probe.landing;
	return true;
}

static bool fixup_extable(struct pt_regs *regs)
{
	unsigned long fixup = search_exception_table(regs->pc);

	if (fixup)
		regs->pc = fixup;
	return fixup != 0;
}

/* Only synchronous aborts taken by the kernel itself are fixed up; anything else is a bug. */
bool arch_fixup_exception(struct pt_regs *regs)
{
	unsigned int ec = ESR_ELx_EC(regs->esr);

	if (regs->vector != VEC_GROUP_CUR_SPX + VEC_SYNC)
		return false;
	if (ec == ESR_ELx_EC_DABT_CUR)
		return fixup_extable(regs);
	return fixup_exec_probe(regs, ec);
}

void arch_regs_set_pc(struct pt_regs *regs, unsigned long pc)
{
	regs->pc = pc;
}

unsigned long arch_regs_pc(const struct pt_regs *regs)
{
	return regs->pc;
}

/* The abort syndrome: fault status, direction, the access when ISV, and FAR_EL1. */
static void print_abort(u64 esr, u64 far)
{
	unsigned int fsc = ESR_ELx_FSC(esr);
	bool data = ec_is_data_abort(ESR_ELx_EC(esr));
	int level;
	const char *what = fsc_name(fsc, &level);
	static const char *const access_names[] = { "read", "write", "instruction fetch" };
	char where[16] = "";

	if (level >= 0)
		ksnprintf(where, sizeof(where), ", level %d", level);
	printk("  %s 0x%02x: %s%s, %s%s%s%s\n", data ? "DFSC" : "IFSC", fsc, what, where,
	       access_names[abort_access(esr)], esr & ESR_ELx_CM ? " (cache maintenance)" : "",
	       esr & ESR_ELx_S1PTW ? " (stage-1 table walk)" : "",
	       esr & ESR_ELx_EA ? " (external abort type set)" : "");
	if (data && (esr & ESR_ELx_ISV))
		printk("  access: %u bytes through x%lu\n", 1U << ESR_ELx_SAS(esr),
		       ESR_ELx_SRT(esr));
	if (esr & ESR_ELx_FnV)
		printk("  FAR not valid\n");
	else
		printk("  FAR %016lx\n", far);
}

/* ESR_EL1 with its class and the class's syndrome fields, and FAR_EL1 where it is valid. */
static void print_esr(u64 esr, u64 far)
{
	unsigned int ec = ESR_ELx_EC(esr);

	printk("  ESR %016lx: EC 0x%02x %s, IL %s, ISS 0x%07lx\n", esr, ec, ec_name(ec),
	       esr & ESR_ELx_IL ? "32-bit" : "16-bit", ESR_ELx_ISS(esr));
	if (ec_is_abort(ec))
		print_abort(esr, far);
	else if (esr_far_valid(esr))
		printk("  FAR %016lx\n", far);
	else if (ec == ESR_ELx_EC_SVC64 || ec == ESR_ELx_EC_HVC64 || ec == ESR_ELx_EC_SMC64 ||
		 ec == ESR_ELx_EC_BRK64)
		printk("  immediate 0x%04lx\n", ESR_ELx_IMM16(esr));
}

static const char *psr_mode_name(u64 pstate)
{
	static const char *const names[16] = {
		[0] = "EL0t", [4] = "EL1t", [5] = "EL1h", [8] = "EL2t", [9] = "EL2h",
	};
	const char *name = names[pstate & PSR_MODE_MASK];

	if (pstate & PSR_MODE32)
		return "AArch32";
	return name ? name : "reserved mode";
}

/* Set flags upper case, clear ones lower case, as Linux prints them ("nZCv daIF"). */
static void psr_flags(u64 bits, const char *letters, char *out)
{
	for (int i = 0; i < 4; i++)
		out[i] = (bits & BIT(3 - i)) ? letters[i] : (char)(letters[i] - 'A' + 'a');
	out[4] = '\0';
}

void arch_dump_regs(const struct pt_regs *regs)
{
	unsigned int kind = regs->vector & VEC_KIND_MASK;
	const u64 *x = regs->regs;
	char nzcv[5], daif[5];

	printk("  vector %lu: %s from %s\n", regs->vector, kind_names[kind],
	       group_names[(regs->vector & VEC_GROUP_MASK) / 4]);
	if (kind == VEC_SYNC || kind == VEC_SERROR)
		print_esr(regs->esr, regs->far);
	psr_flags(regs->pstate >> PSR_NZCV_SHIFT, "NZCV", nzcv);
	psr_flags(regs->pstate >> PSR_DAIF_SHIFT, "DAIF", daif);
	printk("  pc (ELR) %016lx  pstate (SPSR) %08lx: %s %s %s\n", regs->pc, regs->pstate,
	       psr_mode_name(regs->pstate), nzcv, daif);
	for (int i = 0; i < 28; i += 4)
		printk("  x%-2d %016lx  x%-2d %016lx  x%-2d %016lx  x%-2d %016lx\n", i, x[i], i + 1,
		       x[i + 1], i + 2, x[i + 2], i + 3, x[i + 3]);
	printk("  x28 %016lx  x29 %016lx  x30 %016lx  sp  %016lx\n", x[28], x[29], x[30], regs->sp);
	printk("  TTBR0 %016lx  TTBR1 %016lx  TCR %016lx  SCTLR %016lx\n", read_sysreg(ttbr0_el1),
	       read_sysreg(ttbr1_el1), read_sysreg(tcr_el1), read_sysreg(sctlr_el1));
}
