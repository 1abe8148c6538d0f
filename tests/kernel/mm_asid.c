/*
 * ASIDs (x86: PCIDs) on the real MMU. Address spaces that map the same virtual address to
 * different pages are switched back and forth without a TLB flush: each must read its own page
 * (written through the direct map, not through the address under test), before and after the
 * ASID generation rolls over, and when a destroyed address space's ASID comes round again.
 * QEMU's TCG drops its own TLB on an ASID change, so these prove the switching and the
 * allocator's bookkeeping, not the barriers (those must be right by construction).
 *
 * `test=bench_switch` (run by `make bench`) times switches between two such spaces.
 */
#include <errno.h>

#include <tlbflush.h>

#include "arch.h"
#include "ktest.h"
#include "printk.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"

#define SHARED_VA 0x40000000UL /* the same address in every space */
#define NR_SPACES 5
#define SMALL_ASID_BITS 2 /* ASIDs 1..3: a rollover every few new spaces */

struct space {
	struct mm_struct *mm;
	struct page *page;
	u64 pattern;
};

/* An address space mapping SHARED_VA to a page of its own that holds pattern. */
static bool space_create(struct space *s, u64 pattern)
{
	unsigned long va;

	s->mm = mm_create();
	s->page = alloc_page();
	s->pattern = pattern;
	if (!s->mm || !s->page)
		return false;
	*(volatile u64 *)page_address(s->page) = pattern;
	return mm_mmap_pfn(s->mm, SHARED_VA, page_to_pfn(s->page), PAGE_SIZE,
			   VM_READ | VM_WRITE | VM_SHARED, MT_NORMAL, &va) == 0;
}

static void space_destroy(struct space *s)
{
	if (s->mm)
		mm_destroy(s->mm);
	if (s->page)
		__free_page(s->page);
	s->mm = NULL;
	s->page = NULL;
}

/* Switch to s and read SHARED_VA through the MMU: s's own pattern, and nobody else's. */
static void space_check(struct space *s)
{
	switch_mm(s->mm);
	KCHECK_EQ(*(volatile u64 *)SHARED_VA, s->pattern);
}

static bool spaces_create(struct space *s, unsigned int n)
{
	bool ok = true;

	for (unsigned int i = 0; i < n; i++)
		ok &= space_create(&s[i], 0xa51d0000UL + i);
	KCHECK(ok);
	return ok;
}

static void spaces_destroy(struct space *s, unsigned int n)
{
	switch_mm(NULL);
	for (unsigned int i = 0; i < n; i++)
		space_destroy(&s[i]);
}

KTEST(mm_asid, same_va_in_two_spaces_reads_each_own_page)
{
	unsigned long free_before = nr_free_pages();
	struct space s[2] = { 0 };

	if (spaces_create(s, 2)) {
		for (int round = 0; round < 16; round++) {
			space_check(&s[0]);
			space_check(&s[1]);
		}
		KCHECK(mm_asid(s[0].mm) != mm_asid(s[1].mm));
		/* A write through one space lands in its page only (read via the direct map). */
		switch_mm(s[1].mm);
		*(volatile u64 *)SHARED_VA = 0x5a5a;
		KCHECK_EQ(*(volatile u64 *)page_address(s[1].page), 0x5a5a);
		KCHECK_EQ(*(volatile u64 *)page_address(s[0].page), s[0].pattern);
		s[1].pattern = 0x5a5a;
		space_check(&s[0]);
		space_check(&s[1]);
	}
	spaces_destroy(s, 2);
	KCHECK_EQ(nr_free_pages(), free_before);
}

/*
 * An address space changed while another is loaded: the flush names its ASID (x86 PCIDs: marks
 * it stale), and at its next switch the old translation is gone.
 */
KTEST(mm_asid, unmap_in_an_inactive_space_takes_effect)
{
	struct space s[2] = { 0 };

	if (spaces_create(s, 2)) {
		space_check(&s[0]);
		space_check(&s[1]);
		KCHECK_EQ(do_munmap(s[0].mm, SHARED_VA, PAGE_SIZE), 0);
		space_check(&s[1]);
		switch_mm(s[0].mm);
		KCHECK_EQ(probe_read((const void *)SHARED_VA), -EFAULT);
		space_check(&s[1]);
	}
	spaces_destroy(s, 2);
}

KTEST(mm_asid, rollover_keeps_spaces_apart)
{
	unsigned int old_bits = mm_asid_set_bits(SMALL_ASID_BITS);
	unsigned long rollovers = mm_asid_rollovers();
	struct space s[NR_SPACES] = { 0 };

	if (spaces_create(s, NR_SPACES))
		for (int round = 0; round < 4; round++)
			for (int i = 0; i < NR_SPACES; i++)
				space_check(&s[round % 2 ? NR_SPACES - 1 - i : i]);
	KCHECK(mm_asid_rollovers() > rollovers);
	printk("# %d spaces, 3 ASIDs: %lu rollovers\n", NR_SPACES, mm_asid_rollovers() - rollovers);
	spaces_destroy(s, NR_SPACES);
	mm_asid_set_bits(old_bits);
}

/* A destroyed space's ASID is given to a new space with other contents, which reads its own. */
KTEST(mm_asid, asid_of_a_destroyed_space_is_reused_cleanly)
{
	unsigned int old_bits = mm_asid_set_bits(SMALL_ASID_BITS);
	struct space gone = { 0 }, s[NR_SPACES] = { 0 };
	unsigned long asid;
	bool reused = false;

	if (space_create(&gone, 0x90e)) {
		space_check(&gone);
		asid = mm_asid(gone.mm);
		switch_mm(NULL);
		space_destroy(&gone);
		for (int i = 0; i < NR_SPACES && !reused; i++) {
			if (!space_create(&s[i], 0xbe0 + i))
				break;
			space_check(&s[i]);
			reused = mm_asid(s[i].mm) == asid;
		}
	}
	KCHECK(reused);
	spaces_destroy(s, NR_SPACES);
	space_destroy(&gone);
	mm_asid_set_bits(old_bits);
}

#define BENCH_SWITCHES 20000

/* Whether each switch also drops the whole TLB, as switching did before ASIDs. */
enum bench_flush { BENCH_ASID, BENCH_FLUSH_ALL };

/* Nanoseconds per switch between s[0] and s[1], each followed by a read of the shared page. */
static u64 time_switches(struct space *s, enum bench_flush flush)
{
	u64 start, ticks, sum = 0;

	start = arch_counter();
	for (unsigned int i = 0; i < BENCH_SWITCHES; i++) {
		switch_mm(s[i % 2].mm);
		if (flush == BENCH_FLUSH_ALL)
			flush_tlb_all();
		sum += *(volatile u64 *)SHARED_VA;
	}
	ticks = arch_counter() - start;
	KCHECK_EQ(sum, BENCH_SWITCHES / 2 * (s[0].pattern + s[1].pattern));
	return ticks * 1000000 / (arch_counter_hz() / 1000) / BENCH_SWITCHES;
}

/* Figures, never pass/fail: under QEMU's TCG they measure the emulator as much as the CPU. */
KTEST_EXPLICIT(bench_switch, two_spaces_one_page_each)
{
	struct space s[2] = { 0 };

	if (spaces_create(s, 2)) {
		time_switches(s, BENCH_ASID); /* warm-up: ASIDs given, pages touched */
		printk("# as switch: %llu ns (one page read after each switch)\n",
		       (unsigned long long)time_switches(s, BENCH_ASID));
		printk("# as switch with a full TLB flush each time: %llu ns\n",
		       (unsigned long long)time_switches(s, BENCH_FLUSH_ALL));
	}
	spaces_destroy(s, 2);
}
