/* The in-kernel test runner (see include/ktest.h). */
#include <setjmp.h>
#include <string.h>

#include "arch.h"
#include "ktest.h"
#include "printk.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

static jmp_buf ktest_jmp;
static bool ktest_running;
static bool ktest_failed;

void ktest_fail(const char *file, int line, const char *expr)
{
	printk("# %s:%d: check failed: %s\n", file, line, expr);
	ktest_failed = true;
}

void ktest_fail_eq(const char *file, int line, const char *expr, u64 got, u64 want)
{
	printk("# %s:%d: check failed: %s (got %#llx, want %#llx)\n", file, line, expr,
	       (unsigned long long)got, (unsigned long long)want);
	ktest_failed = true;
}

/* The exception return lands here, on the faulting context's stack, which longjmp abandons. */
static void ktest_fault_landing(void)
{
	longjmp(ktest_jmp, 1);
}

bool ktest_recover(struct pt_regs *regs)
{
	if (!ktest_running)
		return false;
	printk("# unexpected exception during the test: reported above, test abandoned\n");
	ktest_running = false;
	arch_regs_set_pc(regs, (unsigned long)ktest_fault_landing);
	return true;
}

static bool run_one(const struct ktest *t)
{
	ktest_failed = false;
	if (setjmp(ktest_jmp) == 0) {
		ktest_running = true;
		t->fn();
	} else {
		ktest_failed = true;
	}
	ktest_running = false;
	return !ktest_failed;
}

int ktest_run(const char *group)
{
	int n = 0, passed = 0, failed = 0;

	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (group ? strcmp(group, t->group) != 0 : t->explicit_only)
			continue;
		n++;
		if (run_one(t)) {
			passed++;
			printk("ok %d - %s/%s\n", n, t->group, t->name);
		} else {
			failed++;
			printk("not ok %d - %s/%s\n", n, t->group, t->name);
		}
	}
	if (!n)
		printk("# no test in group '%s'\n", group ? group : "(all)");
	printk("%d passed, %d failed\n", passed, failed);
	return failed;
}
