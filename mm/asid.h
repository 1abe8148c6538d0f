/*
 * Address-space identifiers (Linux arch/arm64/mm/context.c, used on both arches): arm64 ASIDs
 * (8 or 16 bits, in TTBR0_EL1[63:48]) and x86 PCIDs (12 bits, in CR3[11:0]) tag every non-global
 * TLB entry, so switching address spaces need not flush the TLB.
 *
 * A generation-based allocator hands them out. An mm's context id is its generation and its
 * ASID together; it is valid while its generation is the allocator's. When every ASID of the
 * generation is taken, the generation rolls over: the bitmap empties, the whole TLB is flushed
 * once (before the next ASID is used), and every mm whose id is from an old generation gets an
 * ASID again at its next switch, its old number if nobody took it yet. An ASID is never freed
 * within a generation (not even when its mm is destroyed), so a number that comes round again
 * always has a full flush behind it.
 *
 * ASID 0 is never given to an mm: it tags the kernel's own context (no lower half), so that
 * switching to no address space leaves no user entry that could hit.
 *
 * Locking: one CPU for now; asid_check_context() is the critical section a spinlock will cover
 * (generation, bitmap, pending flush). With SMP, each CPU will also keep its active ASID, and a
 * rollover will reserve what each CPU is running (Linux's active_asids/reserved_asids) and mark
 * a flush pending per CPU (tlb_flush_pending): the place is asid_rollover() in asid.c.
 */
#ifndef PAGODA_MM_ASID_H
#define PAGODA_MM_ASID_H

#include "types.h"

#define ASID_BITS_MAX 16
/* Context id = generation << ASID_ID_SHIFT | ASID; generation 0 is never current. */
#define ASID_ID_SHIFT ASID_BITS_MAX
#define ASID_FIRST 1 /* ASID 0 tags the kernel's context */

/* What the CPU must do before it uses the ASID asid_check_context() returned. */
enum asid_flush { ASID_FLUSH_NONE, ASID_FLUSH_ALL };

struct asid_allocator {
	unsigned int bits;	 /* ASIDs are [ASID_FIRST, 1 << bits) */
	u64 generation;		 /* current generation, from 1 */
	unsigned long next;	 /* where the search for a free ASID resumes */
	bool flush_pending;	 /* a rollover happened: flush the whole TLB before the next use */
	unsigned long rollovers; /* generations completed, for tests and the shell */
	u64 map[(1UL << ASID_BITS_MAX) / 64]; /* ASIDs taken in this generation */
};

/*
 * Start allocating bits-bit ASIDs (2 <= bits <= ASID_BITS_MAX) in a new generation: every id
 * given out before is invalid from now on and the next asid_check_context() asks for a full
 * flush. Used at boot and by tests that want a small ASID space.
 */
void asid_allocator_init(struct asid_allocator *a, unsigned int bits);

/*
 * Make *id (an mm's context id, 0 for an mm that never ran) valid in the current generation:
 * keep it when it is, else give it its old ASID when that is still free, else a free one, rolling
 * the generation over when none is left. Returns ASID_FLUSH_ALL when the whole TLB must be
 * flushed before the ASID is used (once per rollover). Cannot fail.
 */
enum asid_flush asid_check_context(struct asid_allocator *a, u64 *id);

/* The ASID of a context id (what TTBR0 or CR3 is loaded with). */
static inline unsigned long asid_of(u64 id)
{
	return id & ((1UL << ASID_ID_SHIFT) - 1);
}

/* Is the context id valid in a's current generation? */
static inline bool asid_id_current(const struct asid_allocator *a, u64 id)
{
	return id >> ASID_ID_SHIFT == a->generation;
}

#endif
