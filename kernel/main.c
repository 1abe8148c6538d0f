/*
 * The kernel's C entry. The loader left us on its page tables (kernel image W^X, direct map of
 * RAM, one identity page) with a boot_info; this brings up exceptions, physical memory, ACPI and
 * the console, prints the banner, then runs the in-kernel tests when the command line asks, else
 * the shell.
 */
#include <asm/pgtable.h>

#include "arch.h"
#include "boot_info.h"
#include "drivers/acpi/acpi.h"
#include "drivers/input/i8042.h"
#include "drivers/irqchip/irqchip.h"
#include "drivers/misc/edu.h"
#include "drivers/pci/pci.h"
#include "drivers/serial/serial.h"
#include "drivers/virtio/virtio_rng.h"
#include "drivers/video/fbcon.h"
#include "irqflags.h"
#include "ktest.h"
#include "ktime.h"
#include "lib.h"
#include "memlayout.h"
#include "mm/huge_memory.h"
#include "mm/ioremap.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "phys.h"
#include "printk.h"
#include "reboot.h"
#include "shell.h"
#include "stack_guard.h"

extern char __kernel_start[], __kernel_end[];

/* The kernel reaches RAM through the direct map the loader built (include/phys.h). */
uintptr_t phys_virt_offset = DIRECT_MAP_BASE;

static struct boot_info *boot_info;

const struct boot_mem_region *boot_mem_regions(unsigned int *nr)
{
	*nr = boot_info->nr_regions;
	return boot_info->regions;
}

const struct boot_fb *boot_framebuffer(void)
{
	return boot_info->fb.format != BOOT_FB_NONE ? &boot_info->fb : NULL;
}

unsigned int boot_entry_el(void)
{
	return boot_info->entry_el;
}

const char *boot_cmdline(void)
{
	return boot_info->cmdline;
}

/* A double free or a free of a reserved page is a kernel bug: stop before memory is corrupted. */
static void bad_free(struct page *page, unsigned int order, const char *why)
{
	panic("bad page free: pfn %#lx order %u: %s", (unsigned long)page_to_pfn(page), order, why);
}

/* Physical memory: the allocator over free RAM, then the loader's memory once nothing uses it. */
static void mem_init(void)
{
	page_alloc_set_bad_free_handler(bad_free);
	if (page_alloc_init(boot_info->regions, boot_info->nr_regions))
		panic("no room for the page allocator's metadata");
	arch_drop_idmap();
	page_alloc_reclaim(boot_info->regions, boot_info->nr_regions);
	if (arch_mm_init())
		panic("cannot prepare the kernel half for address spaces");
}

struct leaf_count {
	unsigned long pud, pmd, pte;
};

static int count_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	((struct leaf_count *)priv)->pud++;
	return 0;
}

static int count_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	((struct leaf_count *)priv)->pmd++;
	return 0;
}

static int count_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	((struct leaf_count *)priv)->pte++;
	return 0;
}

/* Count the direct map's leaves by walking the live tables, not by trusting the loader. */
static struct leaf_count direct_map_leaves(void)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = count_pud,
		.pmd_entry = count_pmd,
		.pte_entry = count_pte,
	};
	struct leaf_count c = { 0 };

	pgtable_walk(swapper_pg_dir, DIRECT_MAP_BASE, DIRECT_MAP_BASE + DIRECT_MAP_SIZE, &ops, &c);
	return c;
}

static void banner(void)
{
	char cpu[96];
	struct leaf_count dm = direct_map_leaves();
	unsigned long free_mib = nr_free_pages() >> (20 - PAGE_SHIFT);

	arch_cpu_model(cpu, sizeof(cpu));
	printk("Pagoda (%s) on %s\n", arch_name(), cpu);
	printk("cpu: %s\n", arch_cpu_mode(boot_info->entry_el));
	printk("memory: %lu MiB usable, %lu MiB free\n", nr_managed_pages() >> (20 - PAGE_SHIFT),
	       free_mib);
	printk("kernel: %#lx-%#lx at phys %#llx\n", (unsigned long)__kernel_start,
	       (unsigned long)__kernel_end, (unsigned long long)boot_info->kernel_phys);
	printk("direct map: %#lx, leaves: %s (%lu x 1 GiB, %lu x 2 MiB, %lu x 4 KiB)\n",
	       DIRECT_MAP_BASE,
	       dm.pud ? "1 GiB" :
	       dm.pmd ? "2 MiB" :
			"4 KiB",
	       dm.pud, dm.pmd, dm.pte);
	printk("command line: %s\n", boot_info->cmdline);
}

/* transparent_hugepage=always|madvise|never, as on Linux; anything else keeps the default. */
static void thp_init(void)
{
	enum thp_mode mode;
	char val[16];

	if (cmdline_get(boot_info->cmdline, "transparent_hugepage", val, sizeof(val)))
		return;
	if (thp_parse_mode(val, &mode))
		printk("transparent_hugepage=%s: not always, madvise or never; ignored\n", val);
	else
		thp_set_mode(mode);
}

static void run_tests(void)
{
	char group[64];

	if (cmdline_get(boot_info->cmdline, "test", group, sizeof(group)) == 0 && group[0])
		ktest_run(group);
	else
		ktest_run(NULL);
	kernel_power_off();
}

void kernel_main(phys_addr_t boot_info_pa)
{
	int err;

	arch_early_init();
	boot_info = __va(boot_info_pa);
	if (boot_info->magic != BOOT_INFO_MAGIC)
		arch_halt(); /* not started by our loader: no console to say so */
	swapper_pg_dir = __va(boot_info->pt_root);
	arch_mmu_init();
	mem_init();
	stack_guard_init();
	err = acpi_init(boot_info->rsdp);
	if (serial_console_init())
		arch_halt(); /* the log has it, but there is nowhere to show it */
	i8042_init();	     /* a keyboard too, when the machine has one (serial stays primary) */
	efifb_init(boot_framebuffer());
	if (err)
		printk("acpi: no usable RSDP (%d)\n", err);
	banner();
	err = irqchip_init();
	if (err)
		printk("irq: no interrupt controller (%d): polled console, busy-waiting sleeps\n",
		       err);
	time_init();
	serial_console_irq_init();
	local_irq_enable();
	thp_init();
	pci_init();
	edu_init(boot_info->cmdline);
	virtio_rng_init();
	if (cmdline_has(boot_info->cmdline, "test"))
		run_tests();
	shell_main(boot_info->cmdline);
}
