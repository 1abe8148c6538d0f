/*
 * The test runner's own checks, run alone by the QEMU runner (`test=ktest_selftest`), which expects
 * the first test to be reported as `not ok` and the second as skipped, followed by the summary
 * `0 passed, 1 failed, 1 skipped` and the power-off: a fault during a test must neither hang nor
 * end the run, and a skip ends its test at once.
 */
#include "ktest.h"

KTEST_EXPLICIT(ktest_selftest, fault_is_reported)
{
	volatile int *bad = (volatile int *)0x10;

	(void)*bad;
}

KTEST_EXPLICIT(ktest_selftest, skip_is_reported)
{
	KSKIP("the runner's self-test");
	KCHECK(!"KSKIP returned"); /* a failure here would count the test as failed, not skipped */
}
