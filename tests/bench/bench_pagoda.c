/*
 * The Pagoda side of the benchmark: mm/ built for the host, over the host arena of tests/host
 * (host_env.c) with a RAM layout of its own, the TLB stand-ins of host_arch.c and the switch_mm
 * stand-ins of host_context.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "host_arch.h"
#include "host_env.h"
#include "mm/fault.h"
#include "mm/fork.h"
#include "mm/huge_memory.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "mm/mprotect.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

/* Far beyond the arena: the pfnmaps map no RAM and are never touched. */
#define PFNMAP_PFN PHYS_PFN(64UL << 30)

static void fail(const char *what, long err)
{
	fprintf(stderr, "bench: %s failed (%ld)\n", what, err);
	exit(EXIT_FAILURE);
}

/*
 * RAM for the 1 GiB region plus its tables, a clone's tables and mem_map, with room to spare;
 * no more, since all of it is committed up front.
 */
#define BENCH_RAM (BENCH_ANON_SIZE + (256UL << 20))
_Static_assert(BENCH_RAM <= HOST_ARENA_SIZE, "the host arena is too small for the benchmark");

void pagoda_init(void)
{
	static const struct boot_mem_region ram = { HOST_PHYS_BASE, BENCH_RAM, BOOT_MEM_FREE, 0 };
	int err = host_env_load(&ram, 1);

	if (err)
		fail("host_env_load", err);
	bench_prepare_arena(__va(HOST_PHYS_BASE), BENCH_RAM);
}

static struct mm_struct *new_mm(void)
{
	struct mm_struct *mm = mm_create();

	if (!mm)
		fail("mm_create", -1);
	switch_mm(mm);
	return mm;
}

/* Write-fault every page through the fault entry point (find_vma, access check, the ladder). */
static uint64_t fault_pages(unsigned long start, unsigned long len)
{
	uint64_t t0 = bench_now();

	for (unsigned long addr = start; addr < start + len; addr += PAGE_SIZE) {
		int err = handle_page_fault(addr, FAULT_WRITE, FAULT_USER);

		if (err)
			fail("handle_page_fault", err);
	}
	return bench_now() - t0;
}

static uint64_t time_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
			      unsigned long prot)
{
	uint64_t t0 = bench_now();
	int err = mm_mprotect(mm, start, len, prot);

	if (err)
		fail("mm_mprotect", err);
	return bench_now() - t0;
}

/* The clone alone is timed; the child is torn down outside the timing, like Linux's child. */
static uint64_t time_clone(struct mm_struct *mm)
{
	struct mm_struct *child;
	uint64_t t0 = bench_now(), t;
	int err = mm_clone(mm, &child);

	t = bench_now() - t0;
	if (err)
		fail("mm_clone", err);
	mm_destroy(child);
	return t;
}

/* Fault-in, mprotect read-only and back, clone and munmap of len bytes, each timed into t. */
static void anon_sequence(unsigned long len, struct bench_anon_times *t)
{
	struct mm_struct *mm = new_mm();
	unsigned long start;
	uint64_t t0;
	int err;

	err = mm_mmap_anon(mm, 0, len, VM_READ | VM_WRITE, &start);
	if (err)
		fail("mm_mmap_anon", err);
	t->fault = fault_pages(start, len);
	t->mprotect_ro = time_mprotect(mm, start, len, PROT_READ);
	t->mprotect_rw = time_mprotect(mm, start, len, PROT_READ | PROT_WRITE);
	t->clone = time_clone(mm);
	t0 = bench_now();
	err = do_munmap(mm, start, len);
	t->munmap = bench_now() - t0;
	if (err)
		fail("do_munmap", err);
	mm_destroy(mm);
}

/* 4 KiB pages, as the Linux side's sequence is checked to use (pagoda_anon_check). */
void pagoda_anon_once(struct bench_anon_times *t)
{
	thp_set_mode(THP_NEVER);
	anon_sequence(BENCH_ANON_SIZE, t);
}

void pagoda_thp_once(enum thp_mode mode, struct bench_anon_times *t)
{
	thp_set_mode(mode);
	anon_sequence(BENCH_THP_SIZE, t);
}

static int count_cow_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t entry = ptep_get(pte);
	bool shared = !pte_special(entry) && page_count(pfn_to_page(pte_pfn(entry))) == 2;

	if (!pte_write(entry) && shared)
		++*(unsigned long *)priv;
	return 0;
}

static unsigned long cow_ptes(struct mm_struct *mm, unsigned long start)
{
	static const struct pt_walk_ops ops = { .pte_entry = count_cow_pte };
	unsigned long n = 0;

	pgtable_walk(mm->pgd, start, start + BENCH_ANON_SIZE, &ops, &n);
	return n;
}

static void check_count(const char *what, unsigned long got, unsigned long want)
{
	if (got != want) {
		fprintf(stderr, "bench: %s: %lu, expected %lu\n", what, got, want);
		exit(EXIT_FAILURE);
	}
}

void pagoda_anon_check(void)
{
	unsigned long free_before = nr_free_pages(), start;
	struct mm_struct *mm = new_mm(), *child;
	struct mprotect_stats ms = { 0 };
	struct mm_clone_stats cs = { 0 };
	int err;

	thp_set_mode(THP_NEVER);
	err = mm_mmap_anon(mm, 0, BENCH_ANON_SIZE, VM_READ | VM_WRITE, &start);
	if (err)
		fail("mm_mmap_anon", err);
	fault_pages(start, BENCH_ANON_SIZE);
	err = do_mprotect(mm, start, BENCH_ANON_SIZE, PROT_READ, &ms);
	if (err)
		fail("do_mprotect", err);
	check_count("entries mprotect changed", ms.entries_changed, BENCH_ANON_PAGES);
	err = do_mprotect(mm, start, BENCH_ANON_SIZE, PROT_READ | PROT_WRITE, &ms);
	if (err)
		fail("do_mprotect", err);
	check_count("entries mprotect changed back", ms.entries_changed, BENCH_ANON_PAGES);
	err = dup_mm(mm, &child, &cs);
	if (err)
		fail("dup_mm", err);
	check_count("PTEs clone copied", cs.nr_ptes, BENCH_ANON_PAGES);
	check_count("copy-on-write PTEs of the source", cow_ptes(mm, start), BENCH_ANON_PAGES);
	check_count("copy-on-write PTEs of the clone", cow_ptes(child, start), BENCH_ANON_PAGES);
	mm_destroy(child);
	err = do_munmap(mm, start, BENCH_ANON_SIZE);
	if (err)
		fail("do_munmap", err);
	mm_destroy(mm);
	check_count("free pages after teardown", nr_free_pages(), free_before);
}

/* Counts invalidate_range_start/end pairs on the mm it is registered on. */
struct pair_counter {
	struct mmu_notifier sub;
	unsigned long starts, ends;
};

static void count_start(struct mmu_notifier *sub, const struct mmu_notifier_range *range)
{
	container_of(sub, struct pair_counter, sub)->starts++;
}

static void count_end(struct mmu_notifier *sub, const struct mmu_notifier_range *range)
{
	container_of(sub, struct pair_counter, sub)->ends++;
}

static const struct mmu_notifier_ops pair_counter_ops = {
	.invalidate_range_start = count_start,
	.invalidate_range_end = count_end,
};

static unsigned long user_tlb_flushes(void)
{
	return host_arch_calls.flush_tlb_user_range + host_arch_calls.flush_tlb_user_all +
	       host_arch_calls.flush_tlb_all;
}

/* Map size bytes of pfns beyond RAM and fault them in: one PUD leaf per GiB. */
static unsigned long map_pfnmap(struct mm_struct *mm, unsigned long size)
{
	unsigned long start;
	int err = mm_mmap_pfn(mm, 0, PFNMAP_PFN, size, VM_READ | VM_WRITE | VM_SHARED, MT_DEVICE,
			      &start);

	if (err)
		fail("mm_mmap_pfn", err);
	for (unsigned long addr = start; addr < start + size; addr += SZ_1G) {
		err = handle_page_fault(addr, FAULT_READ, FAULT_USER);
		if (err)
			fail("handle_page_fault (pfnmap)", err);
	}
	return start;
}

/*
 * One untimed clone and mprotect of the pfnmap, for the counts: what dup_mm() and do_mprotect()
 * report, and what a notifier subscriber and the TLB stand-ins see of the read-only pass.
 */
static void count_pfnmap(struct mm_struct *mm, unsigned long start, unsigned long size,
			 struct bench_pfnmap_result *r)
{
	struct pair_counter counter = { .sub.ops = &pair_counter_ops };
	struct mm_clone_stats cs = { 0 };
	struct mprotect_stats ms = { 0 };
	struct mm_struct *child;
	unsigned long flushes;
	int err = dup_mm(mm, &child, &cs);

	if (err)
		fail("dup_mm", err);
	r->child_tables = child->nr_pgtables;
	r->clone_puds = cs.nr_puds;
	r->clone_entries = cs.nr_puds + cs.nr_pmds + cs.nr_ptes;
	mm_destroy(child);

	err = mmu_notifier_register(&counter.sub, mm);
	if (err)
		fail("mmu_notifier_register", err);
	flushes = user_tlb_flushes();
	err = do_mprotect(mm, start, size, PROT_READ, &ms);
	if (err)
		fail("do_mprotect", err);
	r->mprotect_tlb_flushes = user_tlb_flushes() - flushes;
	r->mprotect_entries = ms.entries_changed;
	r->mprotect_notifier_pairs = counter.starts == counter.ends ? counter.starts : -1UL;
	mmu_notifier_unregister(&counter.sub);
	err = mm_mprotect(mm, start, size, PROT_READ | PROT_WRITE);
	if (err)
		fail("mm_mprotect", err);
}

void pagoda_pfnmap(unsigned long size, unsigned int reps, struct bench_pfnmap_result *r)
{
	struct mm_struct *mm = new_mm();
	unsigned long start = map_pfnmap(mm, size);
	uint64_t clone[reps], ro[reps], rw[reps];

	r->size = size;
	count_pfnmap(mm, start, size, r);
	for (unsigned int i = 0; i < reps; i++) {
		clone[i] = time_clone(mm);
		ro[i] = time_mprotect(mm, start, size, PROT_READ);
		rw[i] = time_mprotect(mm, start, size, PROT_READ | PROT_WRITE);
	}
	r->clone = bench_median(clone, reps);
	r->mprotect_ro = bench_median(ro, reps);
	r->mprotect_rw = bench_median(rw, reps);
	mm_destroy(mm);
}
