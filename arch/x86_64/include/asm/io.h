/*
 * Device register access on x86_64: I/O ports (in/out) and memory-mapped registers (read/write).
 *
 * Each accessor is one instruction in an asm volatile with a "memory" clobber: the compiler may
 * neither merge, split, drop nor reorder it against other memory accesses, and hypervisors that
 * decode a trapped MMIO instruction see a plain mov. x86 keeps device (UC) accesses in program
 * order, so no fence is needed beyond that compiler barrier. Argument order follows Linux:
 * value first (outb(value, port), writel(value, addr)).
 */
#ifndef PAGODA_ASM_IO_H
#define PAGODA_ASM_IO_H

#include "types.h"

/*
 * Order every earlier store before every later one, write-combining stores included, which
 * x86 may otherwise hold in WC buffers and let later stores pass (Linux: wmb()). Use after
 * filling write-combining memory that a device or another agent reads next: a framebuffer,
 * shared memory.
 */
#define wmb() asm volatile("sfence" : : : "memory")
/*
 * Order every earlier load before every later one (Linux: rmb()). Use between reading a flag a
 * device wrote to RAM (a ring index) and reading the data it guards.
 */
#define rmb() asm volatile("lfence" : : : "memory")

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void outb(u8 v, u16 port)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outw(u16 v, u16 port)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outl(u32 v, u16 port)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline u8 readb(const volatile void *addr)
{
	u8 v;

	asm volatile("movb %1, %0" : "=q"(v) : "m"(*(const volatile u8 *)addr) : "memory");
	return v;
}

static inline u16 readw(const volatile void *addr)
{
	u16 v;

	asm volatile("movw %1, %0" : "=r"(v) : "m"(*(const volatile u16 *)addr) : "memory");
	return v;
}

static inline u32 readl(const volatile void *addr)
{
	u32 v;

	asm volatile("movl %1, %0" : "=r"(v) : "m"(*(const volatile u32 *)addr) : "memory");
	return v;
}

static inline u64 readq(const volatile void *addr)
{
	u64 v;

	asm volatile("movq %1, %0" : "=r"(v) : "m"(*(const volatile u64 *)addr) : "memory");
	return v;
}

static inline void writeb(u8 v, volatile void *addr)
{
	asm volatile("movb %0, %1" : : "q"(v), "m"(*(volatile u8 *)addr) : "memory");
}

static inline void writew(u16 v, volatile void *addr)
{
	asm volatile("movw %0, %1" : : "r"(v), "m"(*(volatile u16 *)addr) : "memory");
}

static inline void writel(u32 v, volatile void *addr)
{
	asm volatile("movl %0, %1" : : "r"(v), "m"(*(volatile u32 *)addr) : "memory");
}

static inline void writeq(u64 v, volatile void *addr)
{
	asm volatile("movq %0, %1" : : "r"(v), "m"(*(volatile u64 *)addr) : "memory");
}

#endif
