/*
 * The build machine's own Linux memory-mapping calls, for host tests that prove an expectation
 * against real Linux before checking Pagoda against it (test_mprotect.c). Kept apart from the
 * tests so that <sys/mman.h> and Pagoda's mm/mprotect.h never meet in one file.
 *
 * Every call goes straight to the system call (no libc or sanitizer wrapper in between) and
 * returns 0 or -errno. Tests must only ever change mappings inside a region they reserved.
 */
#ifndef PAGODA_LINUX_MMAN_H
#define PAGODA_LINUX_MMAN_H

/* Linux's PROT_NONE, READ, WRITE, EXEC, SEM, GROWSDOWN, GROWSUP, in that order. */
extern const unsigned long linux_prot_values[7];

long linux_mprotect(unsigned long addr, unsigned long len, unsigned long prot);
long linux_munmap(unsigned long addr, unsigned long len);
long linux_madvise(unsigned long addr, unsigned long len, int advice);
/* mremap(2): the new address, or -errno. */
long linux_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		  unsigned long flags, unsigned long new_addr);

/* A fresh PROT_NONE private anonymous region of len bytes; 0 when mmap fails. */
unsigned long linux_reserve(unsigned long len);
/* Private anonymous memory at exactly addr (MAP_FIXED over what the caller reserved). */
long linux_map_anon(unsigned long addr, unsigned long len, unsigned long prot);
/* Shared anonymous read-write memory at exactly addr (MAP_FIXED over what the caller reserved). */
long linux_map_shared_anon(unsigned long addr, unsigned long len);
/*
 * A MAP_SHARED PROT_READ mapping at exactly addr of a file opened read-only, so Linux clears
 * VM_MAYWRITE on it: PROT_WRITE there is -EACCES. The file is unlinked at once.
 */
long linux_map_readonly_file(unsigned long addr, unsigned long len);

/*
 * Can this process read the byte at addr? The kernel reads it (a write of it into a pipe), so a
 * refused read comes back as -EFAULT instead of a signal; the fault on the way goes through
 * Linux's own access check of the VMA. Returns 0 or -errno.
 */
long linux_probe_read(unsigned long addr);

/* One line of /proc/self/maps: [start, end) and "rwxp"/"r--s"-style permissions. */
struct linux_vma {
	unsigned long start, end;
	char perms[5];
};

/*
 * The process's VMAs overlapping [start, end), clipped to it, at most max of them, from
 * /proc/self/maps (read without allocating). Returns how many, or -errno.
 */
int linux_vmas(unsigned long start, unsigned long end, struct linux_vma *out, int max);

#endif
