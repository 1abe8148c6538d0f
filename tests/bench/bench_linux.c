/*
 * The Linux side of the benchmark: the same sequence as the Pagoda side, through the system calls,
 * on 1 GiB of private anonymous memory in 4 KiB pages (transparent huge pages refused).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define PAGE 4096UL

static void die(const char *what)
{
	perror(what);
	exit(EXIT_FAILURE);
}

static char *map_region(void)
{
	char *p = mmap(NULL, BENCH_ANON_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		die("bench: mmap");
	if (madvise(p, BENCH_ANON_SIZE, MADV_NOHUGEPAGE))
		die("bench: madvise(MADV_NOHUGEPAGE)");
	return p;
}

/* Write one byte per page: each write takes one page fault. */
static uint64_t touch_pages(char *p)
{
	uint64_t t0 = bench_now();

	for (unsigned long off = 0; off < BENCH_ANON_SIZE; off += PAGE)
		((volatile char *)p)[off] = 1;
	return bench_now() - t0;
}

/* The same faults without the trap: the kernel walks the range itself (Linux >= 5.14). */
static uint64_t populate_pages(void)
{
	char *p = map_region();
	uint64_t t0 = bench_now(), t;

	if (madvise(p, BENCH_ANON_SIZE, MADV_POPULATE_WRITE))
		die("bench: madvise(MADV_POPULATE_WRITE)");
	t = bench_now() - t0;
	if (munmap(p, BENCH_ANON_SIZE))
		die("bench: munmap");
	return t;
}

static uint64_t time_mprotect(char *p, int prot)
{
	uint64_t t0 = bench_now();

	if (mprotect(p, BENCH_ANON_SIZE, prot))
		die("bench: mprotect");
	return bench_now() - t0;
}

/* fork() as the parent sees it; the child exits at once and is reaped outside the timing. */
static uint64_t time_fork(void)
{
	uint64_t t0 = bench_now(), t;
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("bench: fork");
	if (pid == 0)
		_exit(0);
	t = bench_now() - t0;
	if (waitpid(pid, &status, 0) != pid)
		die("bench: waitpid");
	return t;
}

void linux_anon_once(struct bench_anon_times *t)
{
	char *p = map_region();
	uint64_t t0;

	t->fault = touch_pages(p);
	t->mprotect_ro = time_mprotect(p, PROT_READ);
	t->mprotect_rw = time_mprotect(p, PROT_READ | PROT_WRITE);
	t->clone = time_fork();
	t0 = bench_now();
	if (munmap(p, BENCH_ANON_SIZE))
		die("bench: munmap");
	t->munmap = bench_now() - t0;
	t->populate = populate_pages();
}

void bench_prepare_arena(void *va, unsigned long len)
{
	if (madvise(va, len, MADV_DONTFORK))
		die("bench: madvise(MADV_DONTFORK)");
	if (madvise(va, len, MADV_POPULATE_WRITE))
		die("bench: madvise(MADV_POPULATE_WRITE)");
}
