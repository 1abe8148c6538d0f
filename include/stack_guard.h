/*
 * The boot stack's guard page: the page right below the stack (arch/<arch>/head.S), left out of
 * the kernel image mapping so that an overflow faults at once instead of overwriting what lies
 * below. The arch trap code recognises such a fault by its address and reports it on a stack of
 * its own (x86_64: the double-fault IST stack; arm64: the vector entry's emergency stack).
 */
#ifndef PAGODA_STACK_GUARD_H
#define PAGODA_STACK_GUARD_H

#include "types.h"

/* arch/<arch>/head.S: one page-aligned page, immediately below the boot stack. */
extern char boot_stack_guard[];

/*
 * Unmap the guard page from the kernel image mapping (kernel/stack_guard.c). Call once the
 * kernel's own tables are in use; panics if the image is not mapped with 4 KiB pages there.
 */
void stack_guard_init(void);

/* Does addr (a fault address) lie in the guard page? */
static inline bool stack_guard_hit(unsigned long addr)
{
	return addr - (unsigned long)boot_stack_guard < PAGE_SIZE;
}

#endif
