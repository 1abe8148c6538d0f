/*
 * Where every exception ends up after the arch code has saved the registers and decoded the
 * cause (include/arch.h). In order: the mm fault handler, the exception fixup table
 * (probe_read/probe_write/probe_exec), then a report; a test that faulted is abandoned as failed,
 * anything else stops the machine. A non-maskable interrupt is counted and reported, and the
 * interrupted code goes on (do_nmi).
 */
#include "arch.h"
#include "irq.h"
#include "ktest.h"
#include "mm/fault.h"
#include "printk.h"
#include "reboot.h"

static const char *const access_names[] = {
	[FAULT_READ] = "read",
	[FAULT_WRITE] = "write",
	[FAULT_EXEC] = "instruction fetch",
};

static int reporting; /* an exception while reporting one must not recurse */

static void report(struct pt_regs *regs, const struct exception_info *info)
{
	printk("\nEXCEPTION: %s (vector %#lx, error %#lx)\n", info->name, info->vector,
	       info->error_code);
	if (info->is_page_fault)
		printk("  %s at %#lx (%s mode)\n", access_names[info->access], info->addr,
		       info->user ? "user" : "kernel");
	arch_dump_regs(regs);
	if (in_interrupt()) {
		printk("  in an interrupt handler; the context it interrupted:\n");
		arch_dump_regs(get_irq_regs());
	}
}

void do_exception(struct pt_regs *regs, const struct exception_info *info)
{
	enum fault_origin origin = info->user ? FAULT_USER : FAULT_KERNEL;

	if (info->is_page_fault && handle_page_fault(info->addr, info->access, origin) == 0)
		return;
	if (arch_fixup_exception(regs))
		return;
	if (reporting++) {
		printk("\nEXCEPTION while reporting an exception: %s at pc %#lx; halted\n",
		       info->name, arch_regs_pc(regs));
		arch_halt();
	}
	report(regs, info);
	/* A test cannot be abandoned from a handler: the controller still waits for its end. */
	if (!in_interrupt() && ktest_recover(regs)) {
		reporting = 0;
		return;
	}
	printk("KERNEL FAULT: system halted\n");
	kernel_power_off();
}

static unsigned long nmis;

void do_nmi(struct pt_regs *regs)
{
	nmis++;
	printk("NMI at pc %#lx (%lu since boot); continuing\n", arch_regs_pc(regs), nmis);
}

unsigned long nmi_count(void)
{
	return nmis;
}
