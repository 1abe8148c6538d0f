/* Page-table dump (mm/ptdump.h), on the read-only walker of mm/pgtable.c. */
#include "lib.h"
#include "memlayout.h"
#include "mm/memory.h"
#include "mm/ptdump.h"

/* The run of leaves being gathered; start == end when there is none. */
struct ptdump_state {
	ptdump_emit_t emit;
	void *priv;
	unsigned long start, end;
	enum pt_level level;
	pgprot_t prot; /* young and dirty cleared: they do not split runs */
};

/* The protection bits that tell runs apart: not young/dirty, which the CPU and mm/ flip. */
static pgprot_t run_prot(pgprot_t prot)
{
	return pte_pgprot(pte_mkold(pte_mkclean(pfn_pte(0, prot))));
}

/* The same with the special bit set, so that prot compares with vm_get_page_prot() results. */
static u64 access_bits(pgprot_t prot)
{
	return pte_val(pte_mkyoung(pte_mkspecial(pfn_pte(0, run_prot(prot)))));
}

/*
 * The VM_READ/WRITE/EXEC/USER flags whose vm_get_page_prot() gives prot (leaving out young,
 * dirty and special), asking the arch rather than reading its bits; ~0UL when none does.
 * Write-only and exec-only mappings read back as R- combinations: no arch tells them apart.
 */
static unsigned long prot_vm_flags(pgprot_t prot)
{
	static const unsigned long access[] = {
		VM_READ, VM_READ | VM_WRITE, VM_READ | VM_EXEC, VM_READ | VM_WRITE | VM_EXEC,
		VM_NONE,
	};
	enum mem_type mt = pgprot_mem_type(prot);
	u64 want = access_bits(prot);

	for (unsigned int i = 0; i < 2 * ARRAY_SIZE(access); i++) {
		unsigned long flags = access[i / 2] | (i & 1 ? VM_USER : 0);

		if (access_bits(vm_get_page_prot(flags, mt)) == want)
			return flags;
	}
	return ~0UL;
}

/* "2G", "6M", "12K": the largest unit that divides size. */
static void format_size(char *buf, size_t len, unsigned long size)
{
	if (IS_ALIGNED(size, SZ_1G))
		ksnprintf(buf, len, "%luG", size >> 30);
	else if (IS_ALIGNED(size, PMD_SIZE))
		ksnprintf(buf, len, "%luM", size >> 20);
	else
		ksnprintf(buf, len, "%luK", size >> 10);
}

static void ptdump_emit_run(struct ptdump_state *st)
{
	static const char *const level_name[] = {
		[PT_PTE] = "PTE",
		[PT_PMD] = "PMD",
		[PT_PUD] = "PUD",
	};
	static const char *const mt_name[] = {
		[MT_NORMAL] = "normal", [MT_DEVICE] = "device", [MT_WC] = "wc"
	};
	unsigned long flags = prot_vm_flags(st->prot);
	char line[PTDUMP_LINE_MAX], size[16], perm[5] = "????";

	if (st->start == st->end)
		return;
	if (flags != ~0UL) {
		perm[0] = flags & VM_READ ? 'R' : '-';
		perm[1] = flags & VM_WRITE ? 'W' : '-';
		perm[2] = flags & VM_EXEC ? 'X' : '-';
		perm[3] = flags & VM_USER ? 'U' : '-';
	}
	format_size(size, sizeof(size), st->end - st->start);
	ksnprintf(line, sizeof(line), "0x%016lx-0x%016lx %6s %s %s %-7s %s", st->start, st->end,
		  size, level_name[st->level], perm,
		  pte_special(pfn_pte(0, st->prot)) ? "special" : "-",
		  mt_name[pgprot_mem_type(st->prot)]);
	st->emit(line, st->priv);
	st->start = st->end;
}

/* Extend the current run with the leaf [addr, next), or emit the run and start a new one. */
static int ptdump_leaf(struct ptdump_state *st, unsigned long addr, unsigned long next,
		       enum pt_level level, pgprot_t prot)
{
	prot = run_prot(prot);
	if (st->start == st->end || addr != st->end || level != st->level ||
	    pgprot_val(prot) != pgprot_val(st->prot)) {
		ptdump_emit_run(st);
		st->start = addr;
		st->level = level;
		st->prot = prot;
	}
	st->end = next;
	return 0;
}

static int ptdump_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	return ptdump_leaf(priv, addr, next, PT_PUD, pud_pgprot(pudp_get(pud)));
}

static int ptdump_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	return ptdump_leaf(priv, addr, next, PT_PMD, pmd_pgprot(pmdp_get(pmd)));
}

static int ptdump_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	return ptdump_leaf(priv, addr, next, PT_PTE, pte_pgprot(ptep_get(pte)));
}

static int ptdump_hole(unsigned long addr, unsigned long next, enum pt_level level, void *priv)
{
	ptdump_emit_run(priv);
	return 0;
}

/*
 * Emit, in address order, one line per run of mm's user-half leaves (see ptdump.h). Takes the
 * page-table lock; emit runs under it and must not change mm.
 */
void ptdump(struct mm_struct *mm, ptdump_emit_t emit, void *priv)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = ptdump_pud,
		.pmd_entry = ptdump_pmd,
		.pte_entry = ptdump_pte,
		.pte_hole = ptdump_hole,
	};
	struct ptdump_state st = { .emit = emit, .priv = priv };

	pt_lock(mm);
	pgtable_walk(mm->pgd, 0, USER_VA_END, &ops, &st);
	ptdump_emit_run(&st);
	pt_unlock(mm);
}
