/*
 * arm64 exception entry and return (arch/arm64/entry.S): a fault that is fixed up must resume
 * with every general register and the condition flags exactly as they were.
 */
#if defined(__aarch64__)

#include "ktest.h"

#define X1_TO_X29 "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29"

/*
 * Give x1..x29 the values n * 0x0101010101010101 and x30 a marker, set NZCV to N=1, load a byte
 * from address 0 into w30 (faults; the fixup resumes at the next instruction, so the load never
 * happens), then count in x0 every register and flag that changed. x29 is saved around it by
 * hand because the compiler uses it as the frame pointer.
 */
static u64 count_clobbered_by_fixup(void)
{
	register u64 bad asm("x0");

	asm volatile("stp	x29, x30, [sp, #-16]!\n"
		     ".irp n," X1_TO_X29 "\n"
		     "	ldr	x\\n, =(\\n * 0x0101010101010101)\n"
		     ".endr\n"
		     "	mov	x30, #0x77\n"
		     "	mov	x0, #0\n"
		     "	cmp	x0, #1\n" /* N=1 Z=0 C=0 V=0 */
		     "1:	ldrb	w30, [x0]\n"
		     "2:	mov	x0, #0\n"
		     "	cinc	x0, x0, pl\n"
		     "	cinc	x0, x0, eq\n"
		     "	cinc	x0, x0, cs\n"
		     "	cinc	x0, x0, vs\n"
		     "	cmp	x30, #0x77\n"
		     "	cinc	x0, x0, ne\n"
		     ".irp n," X1_TO_X29 "\n"
		     "	ldr	x30, =(\\n * 0x0101010101010101)\n"
		     "	cmp	x\\n, x30\n"
		     "	cinc	x0, x0, ne\n"
		     ".endr\n"
		     "	ldp	x29, x30, [sp], #16\n"
		     "	.pushsection __ex_table, \"a\"\n"
		     "	.balign	8\n"
		     "	.quad	1b, 2b\n"
		     "	.popsection\n"
		     : "=r"(bad)
		     :
		     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
		       "x24", "x25", "x26", "x27", "x28", "cc", "memory");
	return bad;
}

KTEST(arm64, fixup_preserves_registers)
{
	KCHECK_EQ(count_clobbered_by_fixup(), 0);
}

#endif
