/*
 * The boot stack's guard page, run alone by the QEMU runner (`test=stack_guard`), which expects
 * the overflow to be reported as such, the test as `not ok`, then the summary and the power-off:
 * an overflow must be caught at the guard page, reported on a stack of its own, and end only the
 * test.
 */
#include "ktest.h"
#include "types.h"

/* Each level keeps a frame with a live buffer, so the compiler can neither inline nor loop it. */
static __attribute__((noinline)) unsigned long recurse(unsigned long depth)
{
	volatile u8 frame[256];

	frame[0] = (u8)depth;
	if (depth == ~0UL) /* never: keeps the recursion finite to the compiler's eye */
		return frame[0];
	return recurse(depth + 1) + frame[0];
}

KTEST_EXPLICIT(stack_guard, overflow_is_reported)
{
	KCHECK_EQ(recurse(0), 0);
}
