/*
 * The test runner's own check, run alone by the QEMU runner (`test=ktest_selftest`), which expects
 * this test to be reported as `not ok` followed by the summary and the power-off: a fault during a
 * test must neither hang nor end the run.
 */
#include "ktest.h"

KTEST_EXPLICIT(ktest_selftest, fault_is_reported)
{
	volatile int *bad = (volatile int *)0x10;

	(void)*bad;
}
