/*
 * In-kernel tests. KTEST(group, name) registers a test in the `ktests` section; `test` on the
 * command line runs every group, `test=GROUP` one. KCHECK/KCHECK_EQ record a failure with its
 * location and let the test continue. A fault inside a test ends that test as a failure.
 * KSKIP(reason) ends a test that this machine cannot run (no such device, not enough RAM) as
 * skipped: TAP `ok N - group/name # SKIP reason`, counted neither as passed nor as failed.
 */
#ifndef PAGODA_KTEST_H
#define PAGODA_KTEST_H

#include "types.h"

struct ktest {
	const char *group;
	const char *name;
	void (*fn)(void);
	bool explicit_only; /* run only by `test=GROUP`, never by a plain `test` */
};

#define KTEST_DEFINE(group, name, explicit)                                                        \
	static void ktest_##group##_##name(void);                                                  \
	static const struct ktest ktest_desc_##group##_##name                                      \
		__attribute__((used, section("ktests"),                                            \
			       aligned(8))) = { #group, #name, ktest_##group##_##name, explicit }; \
	static void ktest_##group##_##name(void)

#define KTEST(group, name) KTEST_DEFINE(group, name, false)
/* A test that must be asked for by its group, e.g. one that is meant to fail. */
#define KTEST_EXPLICIT(group, name) KTEST_DEFINE(group, name, true)

void ktest_fail(const char *file, int line, const char *expr);
void ktest_fail_eq(const char *file, int line, const char *expr, u64 got, u64 want);

/*
 * End the running test as skipped, at once (it does not return). Call it before the test holds
 * anything to release: nothing after it runs. A test that already failed a check stays failed.
 */
__attribute__((noreturn)) void ktest_skip(const char *reason);
#define KSKIP(reason) ktest_skip(reason)

struct page;
/* A naturally aligned block of 1 << order pages for the test, or KSKIP when none is free. */
struct page *ktest_alloc_pages(unsigned int order);
/*
 * The same, from a 1 GiB-aligned physical range that is RAM all through (pfn_range_is_ram), for
 * tests that map that whole GiB cacheable to get a PUD leaf: a cacheable mapping over MMIO or a
 * hole may be reached by speculative accesses. KSKIP when no such block is found.
 */
struct page *ktest_alloc_pages_in_ram_gib(unsigned int order);

#define KCHECK(expr)                                                                               \
	do {                                                                                       \
		if (!(expr))                                                                       \
			ktest_fail(__FILE__, __LINE__, #expr);                                     \
	} while (0)

#define KCHECK_EQ(got, want)                                                                       \
	do {                                                                                       \
		u64 got_ = (u64)(got), want_ = (u64)(want);                                        \
		if (got_ != want_)                                                                 \
			ktest_fail_eq(__FILE__, __LINE__, #got " == " #want, got_, want_);         \
	} while (0)

/*
 * Run the tests of group, a comma-separated list of groups (`test=irq,time`), or all (NULL). Prints TAP lines and `N passed, N failed, N skipped`;
 * returns the number of failures.
 */
int ktest_run(const char *group);

struct pt_regs;
/* Called by do_exception: when a test is running, end it as failed and return true. */
bool ktest_recover(struct pt_regs *regs);

#endif
