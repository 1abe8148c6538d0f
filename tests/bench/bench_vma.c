/*
 * find_vma() among many VMAs (Pagoda only: Linux has no system call that is just a VMA lookup).
 * 10 000 one-page anonymous mappings with one-page gaps between them, looked up at random
 * addresses over their whole span (inside VMAs and in gaps), through the tree; and, for scale,
 * through a walk of the address-ordered list, which is how find_vma() worked before the tree.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/vma.h"

#define NR_LOOKUPS 1000000
#define NR_LIST_LOOKUPS 20000

static unsigned long addrs[NR_LOOKUPS];

static unsigned long rnd(unsigned long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* The list walk find_vma() used to be: O(number of VMAs). */
static struct vm_area_struct *find_vma_list(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for_each_vma(mm, vma)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

static void fail(const char *what, long err)
{
	fprintf(stderr, "bench: %s failed (%ld)\n", what, err);
	exit(EXIT_FAILURE);
}

/* Nanoseconds per lookup over addrs[0..n); *sum folds the results so none is optimised away. */
static double time_lookups(struct mm_struct *mm, unsigned int n, uintptr_t *sum,
			   struct vm_area_struct *(*find)(struct mm_struct *, unsigned long))
{
	uint64_t t0 = bench_now();

	for (unsigned int i = 0; i < n; i++)
		*sum += (uintptr_t)find(mm, addrs[i]);
	return (double)(bench_now() - t0) / n;
}

/* The tree and the list must agree on the addresses both were timed on. */
static void check_lookups(struct mm_struct *mm)
{
	for (unsigned int i = 0; i < NR_LIST_LOOKUPS; i++)
		if (find_vma(mm, addrs[i]) != find_vma_list(mm, addrs[i]))
			fail("find_vma agreeing with the list walk", (long)i);
}

void pagoda_find_vma(struct bench_find_vma_result *r)
{
	struct mm_struct *mm = mm_create();
	unsigned long state = 0x9e3779b97f4a7c15UL, addr;
	int err;

	if (!mm)
		fail("mm_create", -1);
	for (unsigned long i = 0; i < BENCH_NR_VMAS; i++) {
		err = mm_mmap_anon(mm, MMAP_BASE + 2 * i * PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE,
				   &addr);
		if (err)
			fail("mm_mmap_anon", err);
	}
	if (mm->map_count != BENCH_NR_VMAS)
		fail("one VMA per mapping", (long)mm->map_count);
	for (unsigned int i = 0; i < NR_LOOKUPS; i++)
		addrs[i] = MMAP_BASE + rnd(&state) % (2 * BENCH_NR_VMAS * PAGE_SIZE);
	check_lookups(mm);
	r->tree_ns = time_lookups(mm, NR_LOOKUPS, &r->checksum, find_vma);
	r->list_ns = time_lookups(mm, NR_LIST_LOOKUPS, &r->checksum, find_vma_list);
	mm_destroy(mm);
}
