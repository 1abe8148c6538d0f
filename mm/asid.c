/* The ASID/PCID allocator (see asid.h; Linux arch/arm64/mm/context.c). */
#include <string.h>

#include "mm/asid.h"

static bool asid_test_and_set(struct asid_allocator *a, unsigned long asid)
{
	u64 bit = 1ULL << (asid % 64);
	bool was = a->map[asid / 64] & bit;

	a->map[asid / 64] |= bit;
	return was;
}

/* The first free ASID at or after from, or 0 when there is none. */
static unsigned long asid_find_free(const struct asid_allocator *a, unsigned long from)
{
	for (unsigned long asid = from; asid < 1UL << a->bits; asid++)
		if (!(a->map[asid / 64] & 1ULL << (asid % 64)))
			return asid;
	return 0;
}

/*
 * A new generation with an empty bitmap; the TLB may still hold entries of every old ASID, so a
 * full flush is due before any ASID is used again. With SMP this is where each CPU's running
 * ASID becomes reserved (set in the new bitmap) and the flush becomes pending on every CPU.
 */
static void asid_rollover(struct asid_allocator *a)
{
	a->generation++;
	memset(a->map, 0, sizeof(a->map));
	a->next = ASID_FIRST;
	a->flush_pending = true;
}

void asid_allocator_init(struct asid_allocator *a, unsigned int bits)
{
	a->bits = bits;
	asid_rollover(a);
}

/* An ASID for an id from an old generation (or none): its old one if free, else a new one. */
static u64 asid_new_context(struct asid_allocator *a, u64 id)
{
	unsigned long asid = asid_of(id);

	if (asid >= ASID_FIRST && asid < 1UL << a->bits && !asid_test_and_set(a, asid))
		return a->generation << ASID_ID_SHIFT | asid;
	asid = asid_find_free(a, a->next);
	if (!asid) {
		asid_rollover(a);
		a->rollovers++;
		asid = asid_find_free(a, ASID_FIRST);
	}
	asid_test_and_set(a, asid);
	a->next = asid + 1;
	return a->generation << ASID_ID_SHIFT | asid;
}

/*
 * One CPU, no preemption: the body is the allocator's critical section. With SMP it runs under
 * the allocator's spinlock, after a lock-free fast path for an id of the current generation
 * (Linux: the cmpxchg on active_asids).
 */
enum asid_flush asid_check_context(struct asid_allocator *a, u64 *id)
{
	enum asid_flush flush = ASID_FLUSH_NONE;

	if (!asid_id_current(a, *id))
		*id = asid_new_context(a, *id);
	if (a->flush_pending) {
		a->flush_pending = false;
		flush = ASID_FLUSH_ALL;
	}
	return flush;
}
