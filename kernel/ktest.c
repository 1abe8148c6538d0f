/* The in-kernel test runner (see include/ktest.h). */
#include <setjmp.h>
#include <string.h>

#include "arch.h"
#include "ktest.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "printk.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

enum ktest_result { KTEST_PASSED, KTEST_FAILED, KTEST_SKIPPED };

/* How a test left through ktest_jmp (setjmp returns 0 on the way in). */
enum ktest_exit { KTEST_EXIT_FAULT = 1, KTEST_EXIT_SKIP };

static jmp_buf ktest_jmp;
static bool ktest_running;
static bool ktest_failed;
static const char *ktest_skip_reason;

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

void ktest_skip(const char *reason)
{
	ktest_skip_reason = reason;
	longjmp(ktest_jmp, KTEST_EXIT_SKIP);
}

struct page *ktest_alloc_pages(unsigned int order)
{
	static char reason[64];
	struct page *page = alloc_pages(order);
	unsigned long kib = (PAGE_SIZE << order) >> 10;

	if (!page) {
		ksnprintf(reason, sizeof(reason), "no free block of %lu %ciB of RAM",
			  kib >= 1024 ? kib >> 10 : kib, kib >= 1024 ? 'M' : 'K');
		KSKIP(reason);
	}
	return page;
}

/* Does block's GiB hold only RAM? */
static bool in_ram_gib(struct page *block)
{
	return pfn_range_is_ram(ALIGN_DOWN(page_to_pfn(block), SZ_1G >> PAGE_SHIFT),
				SZ_1G >> PAGE_SHIFT);
}

/*
 * The allocator hands blocks out from wherever it likes: keep taking them, holding the misses on
 * a list so that each try gets a new block, until one lies in a GiB of RAM or memory runs out.
 */
struct page *ktest_alloc_pages_in_ram_gib(unsigned int order)
{
	LIST_HEAD(misses);
	struct page *page, *miss, *next;

	while ((page = alloc_pages(order)) && !in_ram_gib(page))
		list_add(&page->lru, &misses);
	list_for_each_entry_safe(miss, next, &misses, lru)
	{
		list_del(&miss->lru);
		__free_pages(miss, order);
	}
	if (!page)
		KSKIP("no free block in a GiB that is RAM all through");
	return page;
}

/* The exception return lands here, on the faulting context's stack, which longjmp abandons. */
static void ktest_fault_landing(void)
{
	longjmp(ktest_jmp, KTEST_EXIT_FAULT);
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

static enum ktest_result run_one(const struct ktest *t)
{
	enum ktest_result result = KTEST_PASSED;

	ktest_failed = false;
	switch (setjmp(ktest_jmp)) {
	case 0:
		ktest_running = true;
		t->fn();
		break;
	case KTEST_EXIT_SKIP:
		result = KTEST_SKIPPED;
		break;
	default: /* KTEST_EXIT_FAULT */
		ktest_failed = true;
		break;
	}
	ktest_running = false;
	return ktest_failed ? KTEST_FAILED : result;
}

/* Is name one of the comma-separated groups in list? */
static bool group_listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	while (*list) {
		size_t n = strcspn(list, ",");

		if (n == len && strncmp(list, name, len) == 0)
			return true;
		list += n + (list[n] == ',');
	}
	return false;
}

int ktest_run(const char *group)
{
	int n = 0, passed = 0, failed = 0, skipped = 0;

	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (group ? !group_listed(group, t->group) : t->explicit_only)
			continue;
		n++;
		switch (run_one(t)) {
		case KTEST_PASSED:
			passed++;
			printk("ok %d - %s/%s\n", n, t->group, t->name);
			break;
		case KTEST_SKIPPED:
			skipped++;
			printk("ok %d - %s/%s # SKIP %s\n", n, t->group, t->name,
			       ktest_skip_reason);
			break;
		case KTEST_FAILED:
			failed++;
			printk("not ok %d - %s/%s\n", n, t->group, t->name);
			break;
		}
	}
	if (!n)
		printk("# no test in group '%s'\n", group ? group : "(all)");
	printk("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed;
}
