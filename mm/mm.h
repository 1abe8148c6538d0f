/*
 * Address spaces (Linux: mm_struct, mm_alloc/mmput, switch_mm). Each mm has its own root table
 * whose lower half maps its VMAs; the kernel half is shared (docs/rules.md, L7): on x86_64 by
 * copying the kernel's PML4 entries 256..511 into each root (arch_pgd_init), on arm64 by TTBR1,
 * which never switches.
 *
 * Locking: one CPU; the caller owns the mm it passes.
 */
#ifndef PAGODA_MM_MM_H
#define PAGODA_MM_MM_H

#include <mmu_context.h>

#include "mm/mm_types.h"

/*
 * A new, empty address space: no VMAs, a zeroed root table (plus the kernel half where the arch
 * shares it through the root). Returns NULL when out of memory (nothing allocated then).
 */
struct mm_struct *mm_create(void);

/*
 * Tear mm down: unmap and close every VMA (one TLB flush), free every page table, the root
 * and the mm itself. Every page mm owned (tables, anonymous pages, private data of its VMAs,
 * the slab memory of the mm and its VMAs) is back in the page allocator afterwards. If mm is
 * the current one, the CPU switches to no user mappings first. MMU notifier subscribers get
 * ->release before anything is torn down, and are unsubscribed.
 */
void mm_destroy(struct mm_struct *mm);

/*
 * Make mm the address space the CPU translates the lower half with; NULL leaves the lower half
 * unmapped. Takes effect at once, with no stale user translations left in the TLB. mm gets an
 * ASID of the current generation first (mm/asid.h), so the TLB entries of other address spaces
 * can stay: they carry other ASIDs.
 */
void switch_mm(struct mm_struct *mm);

/* The address space switched in, or NULL. */
struct mm_struct *current_mm(void);

/* The ASID (x86: PCID) mm's TLB entries carry; meaningful once mm has been switched in. */
unsigned long mm_asid(const struct mm_struct *mm);

/*
 * Test hook: restart the ASID allocator with bits-bit ASIDs (2..arch_asid_bits()) in a new
 * generation, so that a test can make it roll over with a few address spaces. Every mm gets a
 * new ASID at its next switch; the next switch flushes the whole TLB. Returns the previous width.
 */
unsigned int mm_asid_set_bits(unsigned int bits);

/* How many times the ASID generation rolled over since boot (test hook). */
unsigned long mm_asid_rollovers(void);

#endif
