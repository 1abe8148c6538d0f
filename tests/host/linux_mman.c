/* The build machine's Linux mapping calls (linux_mman.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/mman.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_mman.h"

const unsigned long linux_prot_values[7] = {
	PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM, PROT_GROWSDOWN, PROT_GROWSUP,
};

static long result(long ret)
{
	return ret < 0 ? -errno : 0;
}

long linux_mprotect(unsigned long addr, unsigned long len, unsigned long prot)
{
	return result(syscall(SYS_mprotect, addr, len, prot));
}

long linux_munmap(unsigned long addr, unsigned long len)
{
	return result(syscall(SYS_munmap, addr, len));
}

long linux_madvise(unsigned long addr, unsigned long len, int advice)
{
	return result(syscall(SYS_madvise, addr, len, advice));
}

long linux_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		  unsigned long flags, unsigned long new_addr)
{
	long ret = syscall(SYS_mremap, addr, old_len, new_len, flags, new_addr);

	return ret == -1 ? -errno : ret;
}

unsigned long linux_reserve(unsigned long len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? 0 : (unsigned long)p;
}

long linux_map_anon(unsigned long addr, unsigned long len, unsigned long prot)
{
	void *p = mmap((void *)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	return p == MAP_FAILED ? -errno : 0;
}

long linux_map_shared_anon(unsigned long addr, unsigned long len)
{
	void *p = mmap((void *)addr, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	return p == MAP_FAILED ? -errno : 0;
}

long linux_probe_read(unsigned long addr)
{
	int fds[2];
	long err;

	if (pipe(fds) < 0)
		return -errno;
	err = syscall(SYS_write, fds[1], addr, 1) < 0 ? -errno : 0;
	close(fds[0]);
	close(fds[1]);
	return err;
}

/* A file of len bytes under /dev/shm, reopened read-only and unlinked; the fd or -errno. */
static int readonly_file(unsigned long len)
{
	char name[] = "/dev/shm/pagoda-mprotect-XXXXXX";
	int fd = mkstemp(name), ro;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, len) < 0) {
		ro = -errno;
	} else {
		ro = open(name, O_RDONLY);
		if (ro < 0)
			ro = -errno;
	}
	close(fd);
	unlink(name);
	return ro;
}

long linux_map_readonly_file(unsigned long addr, unsigned long len)
{
	int fd = readonly_file(len);
	void *p;
	long err;

	if (fd < 0)
		return fd;
	p = mmap((void *)addr, len, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	err = p == MAP_FAILED ? -errno : 0;
	close(fd);
	return err;
}

/* Parse "start-end perms ..." at *p and move *p to the next line; false at the end. */
static bool parse_maps_line(const char **p, struct linux_vma *v)
{
	const char *nl;
	char *q;

	v->start = strtoul(*p, &q, 16);
	if (*q != '-')
		return false;
	v->end = strtoul(q + 1, &q, 16);
	if (*q != ' ')
		return false;
	memcpy(v->perms, q + 1, 4);
	v->perms[4] = 0;
	nl = strchr(q, '\n');
	*p = nl ? nl + 1 : q + strlen(q);
	return true;
}

/*
 * Read with open/read into a static buffer, never stdio or malloc: the caller's region has holes
 * just now, and an allocation could land in one.
 */
int linux_vmas(unsigned long start, unsigned long end, struct linux_vma *out, int max)
{
	static char buf[1 << 20];
	int fd = open("/proc/self/maps", O_RDONLY), n = 0;
	size_t used = 0;
	const char *p = buf;
	ssize_t got;
	struct linux_vma v;

	if (fd < 0)
		return -errno;
	while (used < sizeof(buf) - 1 && (got = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0)
		used += got;
	close(fd);
	buf[used] = 0;
	while (n < max && *p && parse_maps_line(&p, &v)) {
		if (v.end <= start || v.start >= end)
			continue;
		v.start = v.start < start ? start : v.start;
		v.end = v.end > end ? end : v.end;
		out[n++] = v;
	}
	return n;
}
