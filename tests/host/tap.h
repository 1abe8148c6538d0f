/*
 * A tiny TAP harness for the host unit tests. Each TEST() registers itself at start-up; main()
 * runs them in file order (or only those whose name contains its argument), prints
 * `ok N - name` / `not ok N - name`, then `N passed, N failed`.
 * CHECK() records a failure with its location and lets the test go on; CHECK_EQ() also prints
 * both values.
 */
#ifndef PAGODA_TAP_H
#define PAGODA_TAP_H

#include <stdio.h>

struct host_test {
	const char *name;
	void (*fn)(void);
	struct host_test *next;
};

void host_test_register(struct host_test *t);
void host_test_fail(const char *file, int line, const char *expr);
void host_test_fail_eq(const char *file, int line, const char *expr, unsigned long long got,
		       unsigned long long want);

#define TEST(name)                                                                                 \
	static void test_##name(void);                                                             \
	static struct host_test test_desc_##name = { #name, test_##name, 0 };                      \
	__attribute__((constructor)) static void test_reg_##name(void)                             \
	{                                                                                          \
		host_test_register(&test_desc_##name);                                             \
	}                                                                                          \
	static void test_##name(void)

#define CHECK(expr)                                                                                \
	do {                                                                                       \
		if (!(expr))                                                                       \
			host_test_fail(__FILE__, __LINE__, #expr);                                 \
	} while (0)

#define CHECK_EQ(got, want)                                                                        \
	do {                                                                                       \
		unsigned long long got_ = (unsigned long long)(got);                               \
		unsigned long long want_ = (unsigned long long)(want);                             \
		if (got_ != want_)                                                                 \
			host_test_fail_eq(__FILE__, __LINE__, #got " == " #want, got_, want_);     \
	} while (0)

#endif
