/* Fixed-width types and small helpers shared by every layer (kernel, loader, host tests). */
#ifndef PAGODA_TYPES_H
#define PAGODA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef u64 pfn_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define BIT(n) (1UL << (n))
#define GENMASK(hi, lo) ((~0UL >> (63 - (hi))) & (~0UL << (lo)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + (a)-1, (a))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define SZ_4K 0x1000UL
#define SZ_2M 0x200000UL
#define SZ_1G 0x40000000UL

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define PHYS_PFN(pa) ((pfn_t)((pa) >> PAGE_SHIFT))
#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)

#endif
