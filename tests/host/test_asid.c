/*
 * The ASID allocator (mm/asid.c) against a model of the TLB: every context that ran leaves
 * entries tagged with its ASID until a full flush; a switch must never load an ASID under which
 * another context's entries may still be cached. Then switch_mm() and the mmu_gather as the arch
 * hooks see them (host_context.c, host_arch.c).
 */
#include <memlayout.h>
#include <stdlib.h>
#include <string.h>

#include "host_arch.h"
#include "host_context.h"
#include "host_env.h"
#include "mm/asid.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/vma.h"
#include "tap.h"

#define NO_OWNER (-1)

/* What the TLB may hold: per ASID, the context whose entries it caches (or NO_OWNER). */
struct tlb_model {
	int owner[1 << ASID_BITS_MAX];
};

static void tlb_model_flush(struct tlb_model *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(t->owner); i++)
		t->owner[i] = NO_OWNER;
}

/* Switch context ctx in; false when its ASID could hit another context's entries. */
static bool tlb_model_switch(struct tlb_model *t, struct asid_allocator *a, u64 *ids, int ctx)
{
	unsigned long asid;

	if (asid_check_context(a, &ids[ctx]) == ASID_FLUSH_ALL)
		tlb_model_flush(t);
	asid = asid_of(ids[ctx]);
	if (asid < ASID_FIRST || asid >= 1UL << a->bits)
		return false;
	if (t->owner[asid] != NO_OWNER && t->owner[asid] != ctx)
		return false;
	t->owner[asid] = ctx;
	return true;
}

/* No two contexts of the current generation share an ASID. */
static bool asids_unique(const struct asid_allocator *a, const u64 *ids, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (asid_id_current(a, ids[i]) && asid_id_current(a, ids[j]) &&
			    asid_of(ids[i]) == asid_of(ids[j]))
				return false;
	return true;
}

TEST(asid_generation_fills_then_rolls_over_once)
{
	static struct asid_allocator a;
	u64 ids[8] = { 0 };

	memset(&a, 0, sizeof(a));
	asid_allocator_init(&a, 3);				   /* ASIDs 1..7 */
	CHECK_EQ(asid_check_context(&a, &ids[0]), ASID_FLUSH_ALL); /* the init's flush */
	for (int i = 1; i < 7; i++)
		CHECK_EQ(asid_check_context(&a, &ids[i]), ASID_FLUSH_NONE);
	CHECK(asids_unique(&a, ids, 7));
	for (int i = 0; i < 7; i++) {
		CHECK(asid_id_current(&a, ids[i]));
		CHECK(asid_of(ids[i]) >= ASID_FIRST);
	}
	CHECK_EQ(a.rollovers, 0);
	/* A current id stays as it is, with no flush. */
	u64 keep = ids[3];
	CHECK_EQ(asid_check_context(&a, &ids[3]), ASID_FLUSH_NONE);
	CHECK_EQ(ids[3], keep);
	/* The eighth context finds no free ASID: new generation, one full flush. */
	CHECK_EQ(asid_check_context(&a, &ids[7]), ASID_FLUSH_ALL);
	CHECK_EQ(a.rollovers, 1);
	CHECK(asid_id_current(&a, ids[7]));
	for (int i = 0; i < 7; i++)
		CHECK(!asid_id_current(&a, ids[i]));
	/* An old context gets its old ASID back when nobody took it, without another flush. */
	int back = asid_of(ids[7]) == asid_of(ids[0]) ? 1 : 0;
	unsigned long old = asid_of(ids[back]);

	CHECK_EQ(asid_check_context(&a, &ids[back]), ASID_FLUSH_NONE);
	CHECK_EQ(asid_of(ids[back]), old);
	CHECK(asid_id_current(&a, ids[back]));
	CHECK(asids_unique(&a, ids, 8));
}

TEST(asid_random_switches_never_meet_stale_entries)
{
	static struct asid_allocator a;
	static struct tlb_model t;
	enum { CONTEXTS = 40, SWITCHES = 20000 };
	u64 ids[CONTEXTS] = { 0 };
	bool ok = true;

	srand(7);
	for (unsigned int bits = 2; bits <= 6; bits++) {
		memset(&a, 0, sizeof(a));
		memset(ids, 0, sizeof(ids));
		tlb_model_flush(&t);
		asid_allocator_init(&a, bits);
		for (int i = 0; i < SWITCHES && ok; i++) {
			/* A context that is freed never runs again; its slot starts a new one. */
			int ctx = rand() % CONTEXTS;

			if (rand() % 16 == 0)
				ids[ctx] = 0;
			ok = tlb_model_switch(&t, &a, ids, ctx) && asids_unique(&a, ids, CONTEXTS);
		}
		CHECK(ok);
		CHECK(a.rollovers > 0);
	}
}

TEST(asid_switch_mm_loads_the_asid_and_flushes_at_rollover)
{
	struct mm_struct *mm[5];
	unsigned long flushes, free_before, old_bits;

	host_env_init();
	free_before = nr_free_pages();
	for (int i = 0; i < 5; i++)
		mm[i] = mm_create();
	old_bits = mm_asid_set_bits(2); /* ASIDs 1..3 */
	flushes = host_arch_calls.flush_tlb_all;
	switch_mm(mm[0]);
	CHECK_EQ(host_arch_calls.flush_tlb_all, flushes + 1); /* the restart's flush */
	CHECK_EQ(host_loaded_root, mm[0]->pgd_pa);
	CHECK_EQ(host_loaded_asid, mm_asid(mm[0]));
	for (int i = 1; i < 3; i++) {
		switch_mm(mm[i]);
		CHECK_EQ(host_loaded_asid, mm_asid(mm[i]));
		CHECK(mm_asid(mm[i]) != mm_asid(mm[i - 1]));
	}
	CHECK_EQ(host_arch_calls.flush_tlb_all, flushes + 1);
	unsigned long rollovers = mm_asid_rollovers();

	switch_mm(mm[3]);
	CHECK_EQ(mm_asid_rollovers(), rollovers + 1);
	CHECK_EQ(host_arch_calls.flush_tlb_all, flushes + 2);
	CHECK_EQ(host_loaded_asid, mm_asid(mm[3]));
	/* Switching to no mm loads ASID 0 with root 0. */
	switch_mm(NULL);
	CHECK_EQ(host_loaded_root, 0);
	CHECK_EQ(host_loaded_asid, 0);
	for (int i = 0; i < 5; i++)
		mm_destroy(mm[i]);
	mm_asid_set_bits(old_bits);
	CHECK_EQ(nr_free_pages(), free_before);
}

/* A flush of an mm names its ASID, and whether that mm is the one loaded. */
TEST(asid_mmu_gather_flush_names_the_mm_and_its_state)
{
	struct mm_struct *a, *b;
	unsigned long va;

	host_env_init();
	a = mm_create();
	b = mm_create();
	switch_mm(a);
	switch_mm(b);
	CHECK(mm_asid(a) != mm_asid(b));
	CHECK_EQ(mm_mmap_anon(a, 0, 4 * PAGE_SIZE, VM_READ | VM_WRITE, &va), 0);
	CHECK_EQ(mm_mmap_anon(b, 0, 4 * PAGE_SIZE, VM_READ | VM_WRITE, &va), 0);
	CHECK(!(handle_mm_fault(find_vma(a, va), va, FAULT_FLAG_WRITE) & VM_FAULT_ERROR));
	CHECK(!(handle_mm_fault(find_vma(b, va), va, FAULT_FLAG_WRITE) & VM_FAULT_ERROR));
	CHECK_EQ(do_munmap(a, va, PAGE_SIZE), 0);
	CHECK_EQ(host_arch_calls.last_asid, mm_asid(a));
	CHECK_EQ(host_arch_calls.last_state, TLB_MM_INACTIVE);
	CHECK_EQ(do_munmap(b, va, PAGE_SIZE), 0);
	CHECK_EQ(host_arch_calls.last_asid, mm_asid(b));
	CHECK_EQ(host_arch_calls.last_state, TLB_MM_ACTIVE);
	switch_mm(NULL);
	mm_destroy(a);
	mm_destroy(b);
}
