/*
 * Host stand-ins for the CPU operations mm/ calls: those of <tlbflush.h> have nothing to
 * execute on the build machine, so each call is counted (and the last range kept, with the
 * allocator's state at user flushes) for tests to check; arch_has_pud_leaves() (arch.h)
 * answers what a test sets.
 */
#ifndef PAGODA_HOST_ARCH_H
#define PAGODA_HOST_ARCH_H

#include <tlbflush.h>

#include "types.h"

struct host_arch_calls {
	unsigned long flush_tlb_all;
	unsigned long flush_tlb_kernel_range;
	unsigned long flush_tlb_kernel_pgtable_range;
	unsigned long pgtable_sync;
	unsigned long publish_barrier;	    /* pgtable_publish_barrier() calls */
	unsigned long last_start, last_end; /* of the latest range flush */
	unsigned long flush_tlb_user_all;
	unsigned long flush_tlb_user_range;
	unsigned int last_stride_shift; /* of the latest user range flush */
	enum tlb_flush_kind last_kind;	/* of the latest user range flush */
	unsigned long last_asid;	/* of the latest user range flush */
	enum tlb_mm_state last_state;	/* of the latest user range flush */
	/*
	 * Allocator state at the latest user flush (either kind), so a test can tell whether pages
	 * and tables were freed before or after the flush that made them unreachable.
	 */
	unsigned long pgtables_at_user_flush;
	unsigned long free_pages_at_user_flush;
	/* When set, called at every user flush after the counts, with its range (all: 0, ~0UL). */
	void (*user_flush_hook)(unsigned long start, unsigned long end);
};

extern struct host_arch_calls host_arch_calls;

/*
 * Called by every pgtable_publish_barrier() when set, so that a test can look at the tables at
 * the moment a new table is about to become reachable. Tests set it and clear it again.
 */
extern void (*host_publish_hook)(void);
/* The simulated interrupt mask (arch_local_irq_*), and what arch_cpu_idle() runs: a test plays
 * the interrupt that would wake the CPU. */
extern bool host_irqs_masked;
extern void (*host_idle_hook)(void);
/* What arch_counter() returns (arch_counter_hz() is 1 GHz): the clock before any clocksource. */
extern u64 host_counter;

/* What arch_has_pud_leaves() returns; true unless a test clears it (and restores it). */
extern bool host_arch_pud_leaves;
/* What arch_phys_addr_bits() returns; 48 unless a test changes it (and restores it). */
extern unsigned int host_arch_pa_bits;

/*
 * Can the CPU fetch instructions through the leaf entry (any level, kernel or user)? Read from
 * the raw bits by tests/host/<arch>/host_leaf_<arch>.c, not through the <asm/pgtable.h> helpers.
 */
bool host_leaf_executable(u64 entry);

#endif
