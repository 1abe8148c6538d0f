/*
 * `make bench`: the mm code built for the host (-O2, no sanitizers) timed against Linux's own
 * system calls on the same machine, in the same run.
 *
 * Each side runs one repetition of the same sequence on 1 GiB of private anonymous memory:
 * fault-in at 4 KiB pages, mprotect to read-only, mprotect back to read-write, clone (fork),
 * munmap. bench_linux.c times the system calls, bench_pagoda.c the mm code over the host arena;
 * bench.c repeats both, takes the median and prints the table. The two sides are separate files
 * because <sys/mman.h> and mm/mprotect.h both define PROT_*.
 */
#ifndef PAGODA_BENCH_H
#define PAGODA_BENCH_H

#include <stdint.h>

#include "mm/huge_memory.h"

#define BENCH_ANON_SIZE (1UL << 30)
#define BENCH_ANON_PAGES (BENCH_ANON_SIZE >> 12)

/* One repetition of the 1 GiB anonymous sequence; every field in nanoseconds. */
struct bench_anon_times {
	uint64_t fault;	   /* every page written once */
	uint64_t populate; /* Linux only: MADV_POPULATE_WRITE, the fault path without traps */
	uint64_t mprotect_ro;
	uint64_t mprotect_rw;
	uint64_t clone; /* Linux: the fork() call in the parent; the child exits at once */
	uint64_t munmap;
};

/* What one pfnmap size measured: median times in nanoseconds and the counts that back them. */
struct bench_pfnmap_result {
	unsigned long size;
	uint64_t clone, mprotect_ro, mprotect_rw;
	unsigned long child_tables;  /* page-table pages of the clone, root included */
	unsigned long clone_entries; /* leaves dup_mm() reports copying, any level */
	unsigned long clone_puds;    /* of which PUD leaves */
	/* The read-only pass: leaves do_mprotect() reports changing, and what was observed. */
	unsigned long mprotect_entries;
	unsigned long mprotect_notifier_pairs; /* start/end pairs a subscriber saw; -1: unpaired */
	unsigned long mprotect_tlb_flushes;    /* user flushes the TLB stand-ins counted */
};

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now(void);

/* Median of v[0..n) (sorts v). */
uint64_t bench_median(uint64_t *v, unsigned int n);

/* Linux side (bench_linux.c). Each exits the program with a message when a system call fails. */
void linux_anon_once(struct bench_anon_times *t);

/*
 * Host arena (bench_linux.c, which may include <sys/mman.h>): commit [va, va + len) now, so that
 * no host page fault lands inside a timed Pagoda operation (a kernel's RAM is simply there), and
 * keep it out of the fork() children. Huge pages are not asked for: committing them took several
 * times longer here and changed the Pagoda figures less than the run-to-run noise.
 */
void bench_prepare_arena(void *va, unsigned long len);

/* Pagoda side (bench_pagoda.c). */
void pagoda_init(void);
void pagoda_anon_once(struct bench_anon_times *t);
/*
 * The same sequence untimed, checked (exits with a message on a mismatch): both mprotects change
 * every page's entry, the clone copies them all and leaves every page copy-on-write on both
 * sides, and teardown gives back every page.
 */
void pagoda_anon_check(void);
/*
 * The same sequence over BENCH_THP_SIZE bytes with the transparent huge page mode given
 * (THP_NEVER: 4 KiB pages; THP_ALWAYS: 2 MiB leaves).
 */
#define BENCH_THP_SIZE (256UL << 20)
void pagoda_thp_once(enum thp_mode mode, struct bench_anon_times *t);
/* Clone and mprotect of a pfnmap of size bytes (a multiple of 1 GiB), beyond RAM, never touched. */
void pagoda_pfnmap(unsigned long size, unsigned int reps, struct bench_pfnmap_result *r);

#define BENCH_NR_VMAS 10000

/* find_vma() among BENCH_NR_VMAS VMAs at random addresses, in nanoseconds per lookup. */
struct bench_find_vma_result {
	double tree_ns;	    /* find_vma(): the red-black tree */
	double list_ns;	    /* a walk of the sorted list, as find_vma() was before the tree */
	uintptr_t checksum; /* of the VMAs found, so that no lookup is optimised away */
};

/* bench_vma.c: exits with a message when the two lookups disagree. */
void pagoda_find_vma(struct bench_find_vma_result *r);

#endif
