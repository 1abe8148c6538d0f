/*
 * MMIO accessors for memory mapped with ioremap() (Device-nGnRE).
 *
 * Each access is one load or store instruction with a plain base-register address, so a
 * hypervisor can emulate it from the syndrome (no writeback addressing modes), and the compiler
 * can neither merge, split nor drop it. Device accesses are ordered among themselves by the
 * memory type; the barriers order them against normal memory, as Linux's readl()/writel() do:
 *   - writeX: "dmb oshst" first, so that normal-memory writes (a DMA buffer, a descriptor) are
 *     visible to the device before the write that tells the device to look at them;
 *   - readX: "dmb oshld" after, so that normal-memory reads that follow (the data a status
 *     register says is ready) are not satisfied before the device read.
 */
#ifndef PAGODA_ASM_IO_H
#define PAGODA_ASM_IO_H

#include "types.h"

#define __io_wmb() asm volatile("dmb oshst" : : : "memory")
#define __io_rmb() asm volatile("dmb oshld" : : : "memory")

/*
 * Wait until every earlier store is complete, Normal Non-cacheable (write-combining) and Device
 * alike, before any later store (Linux: wmb(), a DSB ST). Use after filling write-combining
 * memory that a device or another agent reads next: a framebuffer, shared memory.
 */
#define wmb() asm volatile("dsb st" : : : "memory")
/*
 * Order every earlier load before every later one (Linux: rmb(), a DSB LD). Use between reading
 * a flag a device wrote to RAM (a ring index) and reading the data it guards.
 */
#define rmb() asm volatile("dsb ld" : : : "memory")

static inline u8 __raw_readb(const volatile void *addr)
{
	u8 val;

	asm volatile("ldrb %w0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static inline u16 __raw_readw(const volatile void *addr)
{
	u16 val;

	asm volatile("ldrh %w0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static inline u32 __raw_readl(const volatile void *addr)
{
	u32 val;

	asm volatile("ldr %w0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static inline u64 __raw_readq(const volatile void *addr)
{
	u64 val;

	asm volatile("ldr %0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static inline void __raw_writeb(u8 val, volatile void *addr)
{
	asm volatile("strb %w0, [%1]" : : "rZ"(val), "r"(addr));
}

static inline void __raw_writew(u16 val, volatile void *addr)
{
	asm volatile("strh %w0, [%1]" : : "rZ"(val), "r"(addr));
}

static inline void __raw_writel(u32 val, volatile void *addr)
{
	asm volatile("str %w0, [%1]" : : "rZ"(val), "r"(addr));
}

static inline void __raw_writeq(u64 val, volatile void *addr)
{
	asm volatile("str %x0, [%1]" : : "rZ"(val), "r"(addr));
}

static inline u8 readb(const volatile void *addr)
{
	u8 val = __raw_readb(addr);

	__io_rmb();
	return val;
}

static inline u16 readw(const volatile void *addr)
{
	u16 val = __raw_readw(addr);

	__io_rmb();
	return val;
}

static inline u32 readl(const volatile void *addr)
{
	u32 val = __raw_readl(addr);

	__io_rmb();
	return val;
}

static inline u64 readq(const volatile void *addr)
{
	u64 val = __raw_readq(addr);

	__io_rmb();
	return val;
}

static inline void writeb(u8 val, volatile void *addr)
{
	__io_wmb();
	__raw_writeb(val, addr);
}

static inline void writew(u16 val, volatile void *addr)
{
	__io_wmb();
	__raw_writew(val, addr);
}

static inline void writel(u32 val, volatile void *addr)
{
	__io_wmb();
	__raw_writel(val, addr);
}

static inline void writeq(u64 val, volatile void *addr)
{
	__io_wmb();
	__raw_writeq(val, addr);
}

#endif
