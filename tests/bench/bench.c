/*
 * `make bench` (see bench.h): runs the 1 GiB anonymous sequence on Linux and on Pagoda, one
 * repetition of each in turn after an untimed warm-up of both (Pagoda's is the checked run),
 * then the pfnmap cases, and prints medians per 4 KiB page against the targets (TARGET_*); then
 * find_vma among many VMAs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define REPS 5
#define PFNMAP_REPS 101

/* Targets: Pagoda's time per page at most this fraction of Linux's. */
#define TARGET_FAULT 1.0
#define TARGET_OTHER 0.5

uint64_t bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t bench_median(uint64_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

static void print_machine(void)
{
	char line[256], model[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");
	struct utsname u;

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(model, sizeof(model), "%s", colon + 2);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	uname(&u);
	printf("host CPU: %s, %ld online\n", model, sysconf(_SC_NPROCESSORS_ONLN));
	printf("kernel:   %s %s %s (%s)\n", u.sysname, u.release, u.version, u.machine);
	/* Wall-clock figures swell with whatever else runs: say how busy the machine was. */
	f = fopen("/proc/loadavg", "r");
	if (f && fgets(line, sizeof(line), f))
		printf("load:     %s", line);
	if (f)
		fclose(f);
}

/* One row's samples, one field of struct bench_anon_times picked by offset. */
static uint64_t median_of(const struct bench_anon_times *t, size_t field)
{
	uint64_t v[REPS];

	for (unsigned int i = 0; i < REPS; i++)
		memcpy(&v[i], (const char *)&t[i] + field, sizeof(v[i]));
	return bench_median(v, REPS);
}

static double per_page(uint64_t ns)
{
	return (double)ns / BENCH_ANON_PAGES;
}

/* One row: Pagoda and Linux medians, their ratio and the verdict against target (0: none). */
static void print_row(const char *name, uint64_t pagoda, uint64_t linux_ns, double target)
{
	double ratio = (double)pagoda / (double)linux_ns;

	printf("%-28s %9.2f %8.1f %9.2f %8.1f %7.2f", name, pagoda / 1e6, per_page(pagoda),
	       linux_ns / 1e6, per_page(linux_ns), ratio);
	if (target > 0)
		printf("   <= %.1f  %s", target, ratio <= target ? "met" : "MISSED");
	printf("\n");
}

static void print_anon_table(const struct bench_anon_times *pg, const struct bench_anon_times *lx)
{
#define MED(side, field) median_of(side, offsetof(struct bench_anon_times, field))
	printf("\n1 GiB private anonymous memory, %lu pages of 4 KiB; median of %d runs\n",
	       BENCH_ANON_PAGES, REPS);
	printf("%-28s %9s %8s %9s %8s %7s   %s\n", "operation", "Pagoda ms", "ns/page", "Linux ms",
	       "ns/page", "ratio", "target");
	print_row("fault-in (write each page)", MED(pg, fault), MED(lx, fault), TARGET_FAULT);
	print_row("  vs Linux without traps", MED(pg, fault), MED(lx, populate), 0);
	print_row("mprotect to read-only", MED(pg, mprotect_ro), MED(lx, mprotect_ro),
		  TARGET_OTHER);
	print_row("mprotect back to read-write", MED(pg, mprotect_rw), MED(lx, mprotect_rw),
		  TARGET_OTHER);
	print_row("clone (Linux: fork)", MED(pg, clone), MED(lx, clone), TARGET_OTHER);
	print_row("munmap", MED(pg, munmap), MED(lx, munmap), TARGET_OTHER);
#undef MED
}

/* The pfnmap cases must touch one entry per GiB, whatever the mapping's size. */
static bool one_entry_per_gib(const struct bench_pfnmap_result *r)
{
	unsigned long gib = r->size >> 30;

	return r->clone_entries == gib && r->clone_puds == gib && r->mprotect_entries == gib &&
	       r->mprotect_notifier_pairs == gib && r->mprotect_tlb_flushes == 1;
}

/* Pagoda's 256 MiB sequence with 4 KiB pages and with 2 MiB transparent huge pages. */
static void print_thp_table(const struct bench_anon_times *off, const struct bench_anon_times *on)
{
	static const struct {
		const char *name;
		size_t field;
	} rows[] = {
		{ "fault-in (write each page)", offsetof(struct bench_anon_times, fault) },
		{ "clone", offsetof(struct bench_anon_times, clone) },
		{ "mprotect to read-only", offsetof(struct bench_anon_times, mprotect_ro) },
		{ "mprotect back to read-write", offsetof(struct bench_anon_times, mprotect_rw) },
		{ "munmap", offsetof(struct bench_anon_times, munmap) },
	};
	const double pages = BENCH_THP_SIZE >> 12;

	printf("\nPagoda only: %lu MiB private anonymous memory, THP never / always; median of %d "
	       "runs\n",
	       BENCH_THP_SIZE >> 20, REPS);
	printf("%-28s %12s %12s\n", "operation", "never ns/pg", "always ns/pg");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		printf("%-28s %12.1f %12.1f\n", rows[i].name, median_of(off, rows[i].field) / pages,
		       median_of(on, rows[i].field) / pages);
}

static void print_pfnmap_table(const struct bench_pfnmap_result *r, unsigned int n)
{
	printf("\nPagoda only: pfnmap of PUD leaves, pfns beyond RAM, never touched; median of %d "
	       "runs\n",
	       PFNMAP_REPS);
	printf("%-6s %9s %9s %9s | %6s %7s %5s | %8s %8s %7s | %s\n", "size", "clone", "mprot RO",
	       "mprot RW", "child", "clone", "of", "mprotect", "notifier", "TLB", "1 entry");
	printf("%-6s %9s %9s %9s | %6s %7s %5s | %8s %8s %7s | %s\n", "", "us", "us", "us",
	       "tables", "leaves", "PUD", "leaves", "pairs", "flushes", "per GiB");
	for (unsigned int i = 0; i < n; i++)
		printf("%2lu GiB %9.2f %9.2f %9.2f | %6lu %7lu %5lu | %8lu %8ld %7lu | %s\n",
		       r[i].size >> 30, r[i].clone / 1e3, r[i].mprotect_ro / 1e3,
		       r[i].mprotect_rw / 1e3, r[i].child_tables, r[i].clone_entries,
		       r[i].clone_puds, r[i].mprotect_entries, (long)r[i].mprotect_notifier_pairs,
		       r[i].mprotect_tlb_flushes, one_entry_per_gib(&r[i]) ? "yes" : "NO");
}

static void print_find_vma(const struct bench_find_vma_result *r)
{
	printf("\nPagoda only: find_vma among %d VMAs at random addresses\n", BENCH_NR_VMAS);
	printf("%-28s %9.1f ns/lookup\n", "red-black tree", r->tree_ns);
	printf("%-28s %9.1f ns/lookup\n", "sorted list walk (before)", r->list_ns);
}

int main(void)
{
	struct bench_anon_times pagoda[REPS] = { 0 }, linux_t[REPS] = { 0 }, warm;
	struct bench_anon_times thp_off[REPS] = { 0 }, thp_on[REPS] = { 0 };
	struct bench_pfnmap_result pfn[2];
	struct bench_find_vma_result fv;
	uint64_t t0 = bench_now();

	setvbuf(stdout, NULL, _IONBF, 0);
	print_machine();
	pagoda_init();
	pagoda_anon_check();
	linux_anon_once(&warm);
	for (unsigned int i = 0; i < REPS; i++) {
		linux_anon_once(&linux_t[i]);
		pagoda_anon_once(&pagoda[i]);
	}
	print_anon_table(pagoda, linux_t);
	for (unsigned int i = 0; i < REPS; i++) {
		pagoda_thp_once(THP_NEVER, &thp_off[i]);
		pagoda_thp_once(THP_ALWAYS, &thp_on[i]);
	}
	print_thp_table(thp_off, thp_on);
	pagoda_pfnmap(1UL << 30, PFNMAP_REPS, &pfn[0]);
	pagoda_pfnmap(8UL << 30, PFNMAP_REPS, &pfn[1]);
	print_pfnmap_table(pfn, 2);
	pagoda_find_vma(&fv);
	print_find_vma(&fv);
	printf("\ntotal run time %.1f s\n", (bench_now() - t0) / 1e9);
	return 0;
}
