/*
 * Runs the registered host tests and prints TAP lines and the summary.
 *   tests [SUBSTRING]   only the tests whose name contains SUBSTRING (none matching: a failure)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static struct host_test *first, **last = &first;
static int current_failed;

void host_test_register(struct host_test *t)
{
	*last = t;
	last = &t->next;
}

void host_test_fail(const char *file, int line, const char *expr)
{
	printf("# %s:%d: check failed: %s\n", file, line, expr);
	current_failed = 1;
}

void host_test_fail_eq(const char *file, int line, const char *expr, unsigned long long got,
		       unsigned long long want)
{
	printf("# %s:%d: check failed: %s (got 0x%llx, want 0x%llx)\n", file, line, expr, got,
	       want);
	current_failed = 1;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int n = 0, passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (struct host_test *t = first; t; t = t->next) {
		if (filter && !strstr(t->name, filter))
			continue;
		current_failed = 0;
		t->fn();
		n++;
		printf("%s %d - %s\n", current_failed ? "not ok" : "ok", n, t->name);
		if (current_failed)
			failed++;
		else
			passed++;
	}
	if (!n)
		printf("# no test name contains '%s'\n", filter ? filter : "");
	printf("%d passed, %d failed\n", passed, failed);
	return failed || !n ? EXIT_FAILURE : EXIT_SUCCESS;
}
