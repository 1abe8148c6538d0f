/*
 * x86 PCIDs between tlb.c, which flushes them, and context.c, which loads them: a user flush of a
 * PCID that is not loaded cannot reach its TLB entries (INVPCID is not assumed), so tlb.c marks
 * it stale and the next switch to it flushes while loading.
 */
#ifndef PAGODA_ASM_PCID_H
#define PAGODA_ASM_PCID_H

#include "types.h"

/*
 * Was pcid marked stale by a flush while it was not loaded? Clears the mark: the caller loads
 * pcid with a flushing CR3 write.
 */
bool pcid_test_and_clear_stale(unsigned long pcid);

#endif
