/*
 * The shell's command table, and the commands that do not touch address spaces (those are in
 * kernel/shell_mm.c).
 */
#include <errno.h>

#include "arch.h"
#include "drivers/pci/pci.h"
#include "kernel/shell_internal.h"
#include "ktest.h"
#include "mm/huge_memory.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "printk.h"
#include "reboot.h"

static int cmd_help(struct shell_ctx *ctx, int argc, char **argv)
{
	for (unsigned int i = 0; i < shell_nr_cmds; i++) {
		const struct shell_cmd *c = &shell_cmds[i];

		printk("  %-8s %-34s  %s\n", c->name, c->usage, c->help);
	}
	printk("numbers: decimal or 0x hex; lengths also take K, M, G; [ID] defaults to the newest "
	       "address space\n");
	return 0;
}

static void print_line(void *priv, const char *line)
{
	printk("%s\n", line);
}

static int cmd_lspci(struct shell_ctx *ctx, int argc, char **argv)
{
	if (!pci_dev_first())
		return shell_fail(ctx, -ENODEV, "no PCI functions found at boot");
	pci_print_all(print_line, NULL);
	return 0;
}

static unsigned long pages_to_kib(unsigned long pages)
{
	return pages << (PAGE_SHIFT - 10);
}

static int cmd_mem(struct shell_ctx *ctx, int argc, char **argv)
{
	unsigned long managed = nr_managed_pages(), free = nr_free_pages();

	printk("pages: %lu managed, %lu free, %lu used (%lu KiB used)\n", managed, free,
	       managed - free, pages_to_kib(managed - free));
	printk("page tables: %lu pages; slab: %lu pages\n", nr_pgtable_pages(), nr_slab_pages());
	printk("free blocks per order (order: blocks):\n");
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++)
		printk(" %2u:%6lu%s", order, nr_free_pages_order(order),
		       order % 6 == 5 || order == MAX_PAGE_ORDER ? "\n" : "");
	/* /proc/meminfo's line, and Pagoda's own for 1 GiB anonymous pages. */
	printk("AnonHugePages:    %8lu kB\n", thp_anon_bytes(PMD_ORDER) >> 10);
	printk("AnonHugePudPages: %8lu kB\n", thp_anon_bytes(PUD_ORDER) >> 10);
	return 0;
}

/* Show or set the transparent huge page mode, as Linux's sysfs file does. */
static int cmd_thp(struct shell_ctx *ctx, int argc, char **argv)
{
	enum thp_mode mode;
	char buf[32];

	if (argc == 2) {
		if (thp_parse_mode(argv[1], &mode))
			return shell_fail(ctx, -EINVAL, "bad mode '%s' (always, madvise or never)",
					  argv[1]);
		thp_set_mode(mode);
	}
	thp_format_mode(buf, sizeof(buf));
	printk("%s\n", buf);
	return 0;
}

static int cmd_test(struct shell_ctx *ctx, int argc, char **argv)
{
	ktest_run(argc == 2 ? argv[1] : NULL);
	return 0;
}

static int cmd_poweroff(struct shell_ctx *ctx, int argc, char **argv)
{
	printk("powering off\n");
	kernel_power_off();
}

const struct shell_cmd shell_cmds[] = {
	{ "help", "", "this list", 0, 0, cmd_help },
	{ "lspci", "", "PCI functions and their BARs", 0, 0, cmd_lspci },
	{ "mem", "", "pages used and free, page tables, free lists", 0, 0, cmd_mem },
	{ "as", "new | list | clone ID | destroy ID", "address spaces", 1, 2, shell_cmd_as },
	{ "ptdump", "[ID]", "page tables of an address space", 0, 1, shell_cmd_ptdump },
	{ "map", "bar BB:DD.F N [ID] | anon LEN [ID]", "map a BAR (leaves faulted in) or memory", 2,
	  4, shell_cmd_map },
	{ "mprotect", "ID ADDR LEN r|rw|rx|none", "change the protection of a range", 4, 4,
	  shell_cmd_mprotect },
	{ "mremap", "ID ADDR OLDLEN NEWLEN [NEWADDR]", "resize or move a range (MREMAP_MAYMOVE)", 4,
	  5, shell_cmd_mremap },
	{ "madvise", "ID ADDR LEN hugepage|nohugepage|dontneed",
	  "advise huge pages for a range, or drop its pages", 4, 4, shell_cmd_madvise },
	{ "thp", "[always|madvise|never]", "transparent huge page mode", 0, 1, cmd_thp },
	{ "probe", "ID ADDR r|w", "touch ADDR in that address space", 3, 3, shell_cmd_probe },
	{ "notify", "ID", "attach the secondary-MMU subscriber, show its events", 1, 1,
	  shell_cmd_notify },
	{ "irq", "", "interrupts: count, controller, trigger, handler", 0, 0, shell_cmd_irq },
	{ "uptime", "", "time since boot", 0, 0, shell_cmd_uptime },
	{ "sleep", "MS", "sleep MS milliseconds (the CPU idles)", 1, 1, shell_cmd_sleep },
	{ "date", "", "the wall clock, UTC", 0, 0, shell_cmd_date },
	{ "test", "[GROUP]", "run the in-kernel tests", 0, 1, cmd_test },
	{ "poweroff", "", "power the machine off", 0, 0, cmd_poweroff },
};
const unsigned int shell_nr_cmds = ARRAY_SIZE(shell_cmds);
