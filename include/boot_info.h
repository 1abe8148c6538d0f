/*
 * What the UEFI loader hands to the kernel. The loader allocates this (and the kernel image and
 * the page tables) from memory of type BOOT_MEM_KERNEL, which the kernel never reclaims; the
 * kernel receives its physical address in the first argument register.
 */
#ifndef PAGODA_BOOT_INFO_H
#define PAGODA_BOOT_INFO_H

#include "types.h"

#define BOOT_INFO_MAGIC 0x31616461676f6150UL /* "Pagoda1" */
#define BOOT_CMDLINE_MAX 1024
#define BOOT_MAX_REGIONS 512

/* Physical memory as the kernel sees it, converted from the final UEFI memory map. */
enum boot_mem_type {
	BOOT_MEM_FREE,	       /* EfiConventionalMemory */
	BOOT_MEM_RECLAIMABLE,  /* boot services and loader code/data: free once the kernel runs */
	BOOT_MEM_KERNEL,       /* kernel image, boot_info, first page tables (OS-defined type) */
	BOOT_MEM_ACPI_RECLAIM, /* ACPI tables: RAM, kept because we keep reading them */
	BOOT_MEM_ACPI_NVS,     /* RAM the firmware owns forever */
	BOOT_MEM_RUNTIME,      /* runtime services code/data: RAM, never touched */
	BOOT_MEM_RESERVED,     /* reserved, unusable, or MMIO: not RAM, never mapped cacheable */
	BOOT_MEM_MMIO,	       /* EfiMemoryMappedIO: device registers firmware uses at runtime */
};

struct boot_mem_region {
	u64 base;
	u64 size;
	u32 type; /* enum boot_mem_type */
	u32 pad;
};

/* Pixel layouts the GOP reports; BOOT_FB_NONE when there is no framebuffer. */
enum boot_fb_format { BOOT_FB_NONE, BOOT_FB_RGBX8888, BOOT_FB_BGRX8888 };

struct boot_fb {
	u64 base; /* physical */
	u64 size; /* bytes */
	u32 width, height;
	u32 stride; /* pixels per scan line */
	u32 format; /* enum boot_fb_format */
};

struct boot_info {
	u64 magic;
	char cmdline[BOOT_CMDLINE_MAX];
	u64 rsdp; /* physical address of the ACPI RSDP, 0 when none */
	struct boot_fb fb;
	u64 kernel_phys; /* where the kernel image's load segments start (one contiguous block) */
	u64 kernel_size;
	u64 pt_root;	/* kernel-half root table (x86_64: CR3; arm64: TTBR1_EL1) */
	u64 pt_idmap;	/* arm64: TTBR0 root holding the hand-off identity page; x86_64: 0 */
	u64 idmap_page; /* physical page identity-mapped for the hand-off; the kernel unmaps it */
	u32 nr_regions;
	u32 pad;
	struct boot_mem_region regions[BOOT_MAX_REGIONS];
	/*
	 * arm64: the exception level the firmware started the loader at, 1 or 2; at 2 the kernel
	 * still runs at EL1 and EL2 holds the hyp stub (docs/arm64-el2.md). x86_64: 0.
	 */
	u32 entry_el;
};

/* The GOP framebuffer the loader found, NULL when there is none (kernel/main.c). */
const struct boot_fb *boot_framebuffer(void);
/* boot_info's entry_el (kernel/main.c). */
unsigned int boot_entry_el(void);

/* Is this region RAM (safe to map cacheable)? */
static inline bool boot_mem_is_ram(enum boot_mem_type t)
{
	return t != BOOT_MEM_RESERVED && t != BOOT_MEM_MMIO;
}

/* The memory map the loader passed: *nr regions (kernel/main.c). */
const struct boot_mem_region *boot_mem_regions(unsigned int *nr);

#endif
