/*
 * The virtual address map, identical on x86_64 and arm64 (48-bit VA, 4 KiB granule):
 *
 *   0x0000_0000_0000_0000 - 0x0000_7fff_ffff_ffff  lower half: address spaces (struct mm);
 *                                                   empty in the kernel's own tables
 *   0xffff_8000_0000_0000 - 0xffff_bfff_ffff_ffff  direct map of all RAM (pa + DIRECT_MAP_BASE)
 *   0xffff_c000_0000_0000 - 0xffff_dfff_ffff_ffff  ioremap: device memory, never cacheable
 *   0xffff_ffff_8000_0000 - ...                     kernel image (linker.ld), W^X per section
 *
 * x86_64 reaches the upper half through PML4 entries 256..511 (shared by copying into every
 * address space's root); arm64 through TTBR1_EL1, which the hardware shares.
 */
#ifndef PAGODA_MEMLAYOUT_H
#define PAGODA_MEMLAYOUT_H

#define DIRECT_MAP_BASE 0xffff800000000000UL
#define DIRECT_MAP_SIZE 0x0000400000000000UL
#define IOREMAP_BASE 0xffffc00000000000UL
#define IOREMAP_SIZE 0x0000200000000000UL
#define KERNEL_VBASE 0xffffffff80000000UL
#define USER_VA_END 0x0000800000000000UL

#endif
