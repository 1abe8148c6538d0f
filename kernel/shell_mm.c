/*
 * The shell's address-space commands: a small table of address spaces named by IDs (1, 2, ...,
 * never reused), and what can be done to them: map a BAR or anonymous memory, clone, mprotect,
 * mremap, probe an address, dump the page tables, watch the MMU notifier events of a secondary-MMU
 * subscriber (mm/shadow_mmu.h).
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "drivers/pci/bar_map.h"
#include "drivers/pci/pci.h"
#include "kernel/shell_internal.h"
#include "lib.h"
#include "memlayout.h"
#include "mm/fork.h"
#include "mm/mm.h"
#include "mm/madvise.h"
#include "mm/mmap.h"
#include "mm/mprotect.h"
#include "mm/mremap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/ptdump.h"
#include "mm/shadow_mmu.h"
#include "mm/slab.h"
#include "mm/vma.h"
#include "printk.h"

#define SHELL_MAX_AS 16

struct shell_as {
	unsigned int id; /* 0: free slot */
	struct mm_struct *mm;
	struct shadow_mmu *shadow; /* attached by `notify`, or NULL */
};

static struct shell_as as_table[SHELL_MAX_AS];
static unsigned int as_last_id;

static struct shell_as *as_newest(void)
{
	struct shell_as *newest = NULL;

	for (struct shell_as *as = as_table; as < as_table + SHELL_MAX_AS; as++)
		if (as->id && (!newest || as->id > newest->id))
			newest = as;
	return newest;
}

/*
 * The address space whose ID is arg, or the newest when arg is NULL. Returns 0 with *out set;
 * -EINVAL for a bad number; -ENOENT when there is no such address space.
 */
static int as_lookup(struct shell_ctx *ctx, const char *arg, struct shell_as **out)
{
	unsigned long id;
	int err;

	if (!arg) {
		*out = as_newest();
		return *out ? 0 : shell_fail(ctx, -ENOENT, "no address space (try `as new`)");
	}
	err = shell_parse_ulong(ctx, arg, SHELL_NUM_PLAIN, &id);
	if (err)
		return err;
	for (struct shell_as *as = as_table; as < as_table + SHELL_MAX_AS; as++) {
		if (id && as->id == id) {
			*out = as;
			return 0;
		}
	}
	return shell_fail(ctx, -ENOENT, "no address space %lu (see `as list`)", id);
}

/* A free slot of the table, or -ENOSPC (nothing changes) when all are taken. */
static int as_free_slot(struct shell_ctx *ctx, struct shell_as **out)
{
	for (struct shell_as *as = as_table; as < as_table + SHELL_MAX_AS; as++) {
		if (!as->id) {
			*out = as;
			return 0;
		}
	}
	return shell_fail(ctx, -ENOSPC, "%d address spaces already (try `as destroy ID`)",
			  SHELL_MAX_AS);
}

static void as_install(struct shell_as *slot, struct mm_struct *mm)
{
	*slot = (struct shell_as){ .id = ++as_last_id, .mm = mm };
}

/* Create an address space in a free slot; -ENOSPC or -ENOMEM (then nothing changes). */
static int as_create(struct shell_ctx *ctx, struct shell_as **out)
{
	struct mm_struct *mm;
	int err = as_free_slot(ctx, out);

	if (err)
		return err;
	mm = mm_create();
	if (!mm)
		return shell_fail(ctx, -ENOMEM, "no memory for an address space");
	as_install(*out, mm);
	return 0;
}

/*
 * The address space named by arg, or the newest; when arg is NULL and there is none, a new one
 * (so that `map` works on a fresh boot). Errors as as_lookup() and as_create().
 */
static int as_lookup_or_create(struct shell_ctx *ctx, const char *arg, struct shell_as **out)
{
	int err;

	if (arg || as_newest())
		return as_lookup(ctx, arg, out);
	err = as_create(ctx, out);
	if (!err)
		printk("as %u: new\n", (*out)->id);
	return err;
}

/* "2G", "4M", "12K" when n is a whole number of them, else bytes in hex. */
static void format_size(char *buf, size_t len, unsigned long n)
{
	static const char units[] = "GMK";

	for (int i = 0; i < 3; i++) {
		unsigned int shift = 30 - 10 * i;

		if (n && IS_ALIGNED(n, 1UL << shift)) {
			ksnprintf(buf, len, "%lu%c", n >> shift, units[i]);
			return;
		}
	}
	ksnprintf(buf, len, "%#lx", n);
}

static const char *mem_type_name(enum mem_type mt)
{
	return mt == MT_DEVICE ? "device" : mt == MT_WC ? "wc" : "normal";
}

static void print_vmas(const struct mm_struct *mm)
{
	const struct vm_area_struct *vma;

	for_each_vma(mm, vma) {
		unsigned long f = vma->vm_flags;
		char size[24];

		format_size(size, sizeof(size), vma->vm_end - vma->vm_start);
		printk("   %#018lx-%#018lx %6s %c%c%c %s %s %s\n", vma->vm_start, vma->vm_end, size,
		       f & VM_READ ? 'r' : '-', f & VM_WRITE ? 'w' : '-', f & VM_EXEC ? 'x' : '-',
		       f & VM_SHARED ? "shared " : "private", vma->vm_ops->name,
		       mem_type_name(vma->mem_type));
	}
}

static int as_list(void)
{
	printk("ID  VMAs  tables  notify  current\n");
	for (struct shell_as *as = as_table; as < as_table + SHELL_MAX_AS; as++) {
		if (!as->id)
			continue;
		printk("%-3u %-5lu %-7lu %-7s %s\n", as->id, as->mm->map_count, as->mm->nr_pgtables,
		       as->shadow ? "yes" : "-", current_mm() == as->mm ? "*" : "");
		print_vmas(as->mm);
	}
	return 0;
}

static int as_clone(struct shell_ctx *ctx, const char *arg)
{
	struct shell_as *src, *slot;
	struct mm_clone_stats stats;
	struct mm_struct *child;
	int err;

	err = as_lookup(ctx, arg, &src);
	if (!err)
		err = as_free_slot(ctx, &slot);
	if (err)
		return err;
	err = dup_mm(src->mm, &child, &stats);
	if (err)
		return shell_fail(ctx, err, "cannot clone address space %u", src->id);
	as_install(slot, child);
	printk("as %u: clone of %u, leaves copied: %lu PUD, %lu PMD, %lu PTE\n", slot->id, src->id,
	       stats.nr_puds, stats.nr_pmds, stats.nr_ptes);
	return 0;
}

static int as_destroy(struct shell_ctx *ctx, const char *arg)
{
	struct shell_as *as;
	int err = as_lookup(ctx, arg, &as);

	if (err)
		return err;
	/* mm_destroy releases and unsubscribes the subscriber; then its memory can go. */
	mm_destroy(as->mm);
	kfree(as->shadow);
	printk("as %u: destroyed\n", as->id);
	*as = (struct shell_as){ 0 };
	return 0;
}

int shell_cmd_as(struct shell_ctx *ctx, int argc, char **argv)
{
	const char *sub = argv[1];
	struct shell_as *as;
	int err;

	if (!strcmp(sub, "new") && argc == 2) {
		err = as_create(ctx, &as);
		if (!err)
			printk("as %u: new\n", as->id);
		return err;
	}
	if (!strcmp(sub, "list") && argc == 2)
		return as_list();
	if (!strcmp(sub, "clone") && argc == 3)
		return as_clone(ctx, argv[2]);
	if (!strcmp(sub, "destroy") && argc == 3)
		return as_destroy(ctx, argv[2]);
	return shell_fail(ctx, -EINVAL, "usage: as new | as list | as clone ID | as destroy ID");
}

/* ptdump lines of [start, end) only, indented (lines start with the run's VA, mm/ptdump.h). */
struct ptdump_filter {
	unsigned long start, end;
	unsigned long lines;
};

static void print_ptdump_line(const char *line, void *priv)
{
	struct ptdump_filter *f = priv;
	struct shell_ctx ignored;
	char va[20];
	unsigned long addr;

	ksnprintf(va, sizeof(va), "%.18s", line);
	if (shell_parse_ulong(&ignored, va, SHELL_NUM_PLAIN, &addr) || addr < f->start ||
	    addr >= f->end)
		return;
	printk("  %s\n", line);
	f->lines++;
}

static void print_ptdump(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct ptdump_filter f = { .start = start, .end = end };

	ptdump(mm, print_ptdump_line, &f);
	if (!f.lines)
		printk("  (no leaves)\n");
}

int shell_cmd_ptdump(struct shell_ctx *ctx, int argc, char **argv)
{
	struct shell_as *as;
	int err = as_lookup(ctx, argc > 1 ? argv[1] : NULL, &as);

	if (err)
		return err;
	printk("as %u:\n", as->id);
	print_ptdump(as->mm, 0, USER_VA_END);
	return 0;
}

/*
 * Parse one hex field of a PCI address at *p, up to max, followed by stop ('\0': end of
 * string); advance *p past stop. Returns false when the field is empty, not hex or too large.
 */
static bool parse_pci_field(const char **p, unsigned int max, char stop, unsigned int *out)
{
	unsigned int v = 0, n = 0;

	for (; **p && **p != stop; (*p)++, n++) {
		char c = (char)(**p | 0x20);
		unsigned int d = c >= '0' && c <= '9' ? (unsigned int)(c - '0') :
				 c >= 'a' && c <= 'f' ? (unsigned int)(c - 'a' + 10) :
							16;

		if (d > 15 || n >= 4)
			return false;
		v = v * 16 + d;
	}
	if (!n || v > max || **p != stop)
		return false;
	if (stop)
		(*p)++;
	*out = v;
	return true;
}

/* [SSSS:]BB:DD.F (hex) to its function: -EINVAL for a malformed address, -ENODEV for none. */
static int lookup_pci_dev(struct shell_ctx *ctx, const char *s, struct pci_dev **out)
{
	unsigned int seg = 0, bus, dev, fn;
	const char *p = s;
	int colons = 0;

	for (const char *q = s; *q; q++)
		colons += *q == ':';
	if ((colons == 2 && !parse_pci_field(&p, 0xffff, ':', &seg)) || colons < 1 || colons > 2 ||
	    !parse_pci_field(&p, PCI_MAX_BUS - 1, ':', &bus) ||
	    !parse_pci_field(&p, PCI_MAX_DEV - 1, '.', &dev) ||
	    !parse_pci_field(&p, PCI_MAX_FN - 1, '\0', &fn))
		return shell_fail(ctx, -EINVAL, "bad PCI address '%s' (want BB:DD.F)", s);
	*out = pci_get_slot((u16)seg, (u8)bus, (u8)dev, (u8)fn);
	if (!*out)
		return shell_fail(ctx, -ENODEV, "no PCI function %04x:%02x:%02x.%x (see lspci)",
				  seg, bus, dev, fn);
	return 0;
}

struct leaf_counts {
	unsigned long n[PT_PGD];
};

static int leaf_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	*(enum pt_level *)priv = PT_PUD;
	return 1;
}

static int leaf_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	*(enum pt_level *)priv = PT_PMD;
	return 1;
}

static int leaf_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	*(enum pt_level *)priv = PT_PTE;
	return 1;
}

/* The level of the present leaf mapping addr in mm; -ENOENT when none does. */
static int leaf_level(struct mm_struct *mm, unsigned long addr, enum pt_level *level)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = leaf_pud,
		.pmd_entry = leaf_pmd,
		.pte_entry = leaf_pte,
	};

	return pgtable_walk(mm->pgd, addr, addr + 1, &ops, level) > 0 ? 0 : -ENOENT;
}

/*
 * Touch [start, end) of mm through the CPU, one read per leaf (each read faults the leaf in,
 * and the next read goes to the first address past it), counting the leaves per level. mm is
 * current afterwards. Returns 0, or -EFAULT at the first address that does not fault in.
 */
static int fault_in_leaves(struct shell_ctx *ctx, struct mm_struct *mm, unsigned long start,
			   unsigned long end, struct leaf_counts *c)
{
	enum pt_level level;

	switch_mm(mm);
	for (unsigned long addr = start; addr < end;
	     addr = ALIGN_DOWN(addr, pt_level_size(level)) + pt_level_size(level)) {
		if (probe_read((const void *)addr) || leaf_level(mm, addr, &level))
			return shell_fail(ctx, -EFAULT, "cannot fault in %#lx", addr);
		c->n[level]++;
	}
	return 0;
}

/*
 * Does this assigned memory BAR share a page with RAM? pci_mmap_bar() then refuses it with
 * -EINVAL (a device or write-combining alias of RAM is never made), and the shell says why.
 */
static bool bar_overlaps_ram(const struct pci_bar *bar)
{
	return (bar->kind == PCI_BAR_MEM32 || bar->kind == PCI_BAR_MEM64) && bar->assigned &&
	       pfn_range_intersects_ram(PHYS_PFN(bar->addr),
					ALIGN_UP(bar->size, PAGE_SIZE) >> PAGE_SHIFT);
}

static int map_bar(struct shell_ctx *ctx, int argc, char **argv)
{
	struct leaf_counts c = { { 0 } };
	const struct pci_bar *bar;
	struct pci_dev *pdev;
	struct shell_as *as;
	unsigned long nr, va, len;
	char size[24];
	int err;

	err = lookup_pci_dev(ctx, argv[2], &pdev);
	if (!err)
		err = shell_parse_ulong(ctx, argv[3], SHELL_NUM_PLAIN, &nr);
	if (!err && nr >= PCI_NUM_BARS)
		err = shell_fail(ctx, -EINVAL, "no BAR %lu (0-%d)", nr, PCI_NUM_BARS - 1);
	if (!err)
		err = as_lookup_or_create(ctx, argc > 4 ? argv[4] : NULL, &as);
	if (err)
		return err;
	bar = &pdev->bar[nr];
	err = pci_mmap_bar(as->mm, pdev, (int)nr, &va);
	if (err == -EINVAL && bar_overlaps_ram(bar))
		return shell_fail(ctx, err, "BAR %lu of %s at %#llx overlaps RAM: not mapped", nr,
				  argv[2], (unsigned long long)bar->addr);
	if (err)
		return shell_fail(ctx, err, "cannot map BAR %lu of %s (see lspci)", nr, argv[2]);
	len = ALIGN_UP(bar->size, PAGE_SIZE);
	err = fault_in_leaves(ctx, as->mm, va, va + len, &c);
	if (err)
		return err;
	format_size(size, sizeof(size), bar->size);
	printk("as %u: BAR%lu %#llx size %s at %#lx-%#lx, leaves: %lu PUD, %lu PMD, %lu PTE\n",
	       as->id, nr, (unsigned long long)bar->addr, size, va, va + len, c.n[PT_PUD],
	       c.n[PT_PMD], c.n[PT_PTE]);
	print_ptdump(as->mm, va, va + len);
	return 0;
}

static int map_anon(struct shell_ctx *ctx, int argc, char **argv)
{
	unsigned long len, va;
	struct shell_as *as;
	char size[24];
	int err;

	err = shell_parse_ulong(ctx, argv[2], SHELL_NUM_SIZE, &len);
	if (!err)
		err = as_lookup_or_create(ctx, argc > 3 ? argv[3] : NULL, &as);
	if (err)
		return err;
	err = mm_mmap_anon(as->mm, 0, len, VM_READ | VM_WRITE, &va);
	if (err)
		return shell_fail(ctx, err, "cannot map %s bytes", argv[2]);
	format_size(size, sizeof(size), ALIGN_UP(len, PAGE_SIZE));
	printk("as %u: anon %#lx-%#lx (%s) rw-, zero-filled on first touch\n", as->id, va,
	       va + ALIGN_UP(len, PAGE_SIZE), size);
	return 0;
}

int shell_cmd_map(struct shell_ctx *ctx, int argc, char **argv)
{
	if (!strcmp(argv[1], "bar") && argc >= 4)
		return map_bar(ctx, argc, argv);
	if (!strcmp(argv[1], "anon"))
		return map_anon(ctx, argc, argv);
	return shell_fail(ctx, -EINVAL, "usage: map bar BB:DD.F N [ID] | map anon LEN [ID]");
}

/* r, rw, rx or none to PROT_* bits; -EINVAL for anything else. */
static int parse_prot(struct shell_ctx *ctx, const char *s, unsigned long *prot)
{
	static const struct {
		const char *name;
		unsigned long prot;
	} prots[] = {
		{ "r", PROT_READ },
		{ "rw", PROT_READ | PROT_WRITE },
		{ "rx", PROT_READ | PROT_EXEC },
		{ "none", PROT_NONE },
	};

	for (size_t i = 0; i < ARRAY_SIZE(prots); i++) {
		if (!strcmp(s, prots[i].name)) {
			*prot = prots[i].prot;
			return 0;
		}
	}
	return shell_fail(ctx, -EINVAL, "bad protection '%s' (r, rw, rx or none)", s);
}

/* A user address argument: a number below USER_VA_END. */
static int parse_user_addr(struct shell_ctx *ctx, const char *s, unsigned long *addr)
{
	int err = shell_parse_ulong(ctx, s, SHELL_NUM_PLAIN, addr);

	if (!err && *addr >= USER_VA_END)
		err = shell_fail(ctx, -EINVAL, "%s is not a user address (below %#lx)", s,
				 USER_VA_END);
	return err;
}

static const char *mprotect_error(int err, unsigned long addr)
{
	if (err == -EINVAL && !IS_ALIGNED(addr, PAGE_SIZE))
		return "address not page aligned";
	if (err == -ENOMEM)
		return "range not entirely mapped, or out of memory";
	if (err == -EACCES)
		return "the mapping does not allow it";
	return "mprotect failed";
}

int shell_cmd_mprotect(struct shell_ctx *ctx, int argc, char **argv)
{
	unsigned long addr, len, prot;
	struct mprotect_stats st;
	struct shell_as *as;
	int err;

	err = as_lookup(ctx, argv[1], &as);
	if (!err)
		err = parse_user_addr(ctx, argv[2], &addr);
	if (!err)
		err = shell_parse_ulong(ctx, argv[3], SHELL_NUM_SIZE, &len);
	if (!err)
		err = parse_prot(ctx, argv[4], &prot);
	if (err)
		return err;
	err = do_mprotect(as->mm, addr, len, prot, &st);
	if (err)
		return shell_fail(ctx, err, "%s", mprotect_error(err, addr));
	printk("as %u: %#lx-%#lx now %s: %lu entries changed, %lu split, %lu notifier pairs, "
	       "%lu TLB flushes\n",
	       as->id, addr, addr + ALIGN_UP(len, PAGE_SIZE), argv[4], st.entries_changed,
	       st.leaves_split, st.notifier_pairs, st.tlb_flushes);
	return 0;
}

static const char *mremap_error(int err)
{
	if (err == -EFAULT)
		return "range not inside one mapping, or a pfnmap asked to grow";
	if (err == -ENOMEM)
		return "no room to move to, or out of memory";
	return "mremap failed";
}

/* mremap ID ADDR OLDLEN NEWLEN [NEWADDR]: MREMAP_MAYMOVE, plus MREMAP_FIXED with NEWADDR. */
int shell_cmd_mremap(struct shell_ctx *ctx, int argc, char **argv)
{
	unsigned long addr, old_len, new_len, new_addr = 0, flags = MREMAP_MAYMOVE, out;
	struct shell_as *as;
	int err;

	err = as_lookup(ctx, argv[1], &as);
	if (!err)
		err = parse_user_addr(ctx, argv[2], &addr);
	if (!err)
		err = shell_parse_ulong(ctx, argv[3], SHELL_NUM_SIZE, &old_len);
	if (!err)
		err = shell_parse_ulong(ctx, argv[4], SHELL_NUM_SIZE, &new_len);
	if (!err && argc == 6) {
		err = parse_user_addr(ctx, argv[5], &new_addr);
		flags |= MREMAP_FIXED;
	}
	if (err)
		return err;
	err = do_mremap(as->mm, addr, old_len, new_len, flags, new_addr, &out);
	if (err)
		return shell_fail(ctx, err, "%s", mremap_error(err));
	printk("as %u: %#lx-%#lx now %#lx-%#lx\n", as->id, addr,
	       addr + ALIGN_UP(old_len, PAGE_SIZE), out, out + ALIGN_UP(new_len, PAGE_SIZE));
	return 0;
}

static const struct {
	const char *name;
	int advice;
} madvise_names[] = {
	{ "hugepage", MADV_HUGEPAGE },
	{ "nohugepage", MADV_NOHUGEPAGE },
	{ "dontneed", MADV_DONTNEED },
};

/* The MADV_* value named by name, or -EINVAL. */
static int parse_advice(const char *name)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(madvise_names); i++)
		if (!strcmp(name, madvise_names[i].name))
			return madvise_names[i].advice;
	return -EINVAL;
}

/* madvise ID ADDR LEN hugepage|nohugepage|dontneed */
int shell_cmd_madvise(struct shell_ctx *ctx, int argc, char **argv)
{
	unsigned long addr, len;
	struct shell_as *as;
	int advice, err;

	err = as_lookup(ctx, argv[1], &as);
	if (!err)
		err = parse_user_addr(ctx, argv[2], &addr);
	if (!err)
		err = shell_parse_ulong(ctx, argv[3], SHELL_NUM_SIZE, &len);
	if (err)
		return err;
	advice = parse_advice(argv[4]);
	if (advice < 0)
		return shell_fail(ctx, -EINVAL,
				  "bad advice '%s' (hugepage, nohugepage or dontneed)", argv[4]);
	err = do_madvise(as->mm, addr, len, advice);
	if (err)
		return shell_fail(ctx, err, "madvise failed");
	printk("as %u: %#lx-%#lx now %s\n", as->id, addr, addr + ALIGN_UP(len, PAGE_SIZE), argv[4]);
	return 0;
}

int shell_cmd_probe(struct shell_ctx *ctx, int argc, char **argv)
{
	bool write = !strcmp(argv[3], "w");
	unsigned long addr;
	struct shell_as *as;
	int err;

	err = as_lookup(ctx, argv[1], &as);
	if (!err)
		err = parse_user_addr(ctx, argv[2], &addr);
	if (!err && !write && strcmp(argv[3], "r"))
		err = shell_fail(ctx, -EINVAL, "bad access '%s' (r or w)", argv[3]);
	if (err)
		return err;
	switch_mm(as->mm);
	err = write ? probe_write((void *)addr) : probe_read((const void *)addr);
	printk("as %u: %s %#lx: %s\n", as->id, write ? "write" : "read", addr,
	       err ? "fault" : "ok");
	return 0;
}

static void print_report_line(const char *line, void *priv)
{
	printk("  %s\n", line);
}

int shell_cmd_notify(struct shell_ctx *ctx, int argc, char **argv)
{
	struct shell_as *as;
	int err = as_lookup(ctx, argv[1], &as);

	if (err)
		return err;
	if (!as->shadow) {
		as->shadow = kzalloc(sizeof(*as->shadow));
		if (!as->shadow)
			return shell_fail(ctx, -ENOMEM, "no memory for the subscriber");
		shadow_mmu_init(as->shadow);
		shadow_mmu_attach(as->shadow, as->mm);
		printk("as %u: secondary-MMU subscriber attached, events from now on:\n", as->id);
	} else {
		printk("as %u: secondary-MMU subscriber events:\n", as->id);
	}
	shadow_mmu_report(as->shadow, print_report_line, NULL);
	return 0;
}
