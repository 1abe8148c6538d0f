/* The UEFI loader's internal interfaces (boot/). */
#ifndef PAGODA_LOADER_H
#define PAGODA_LOADER_H

#include <efi.h>

#include "boot_info.h"

/* OS-defined memory type (UEFI reserves 0x80000000.. for OS loaders): the kernel never reclaims it. */
#define PAGODA_MEMORY_TYPE ((EFI_MEMORY_TYPE)0x80000050)

extern EFI_SYSTEM_TABLE *efi_st;
extern EFI_HANDLE efi_image;

/* Console output through the firmware (only before ExitBootServices). */
void efi_puts(const char *s);
void efi_put_hex(const char *label, u64 v);
/* Print "loader: <what>: <status>" and return status, for one-line error exits. */
EFI_STATUS efi_fail(const char *what, EFI_STATUS status);

/* Zeroed pages of PAGODA_MEMORY_TYPE; 0 when the firmware has none left. */
phys_addr_t efi_alloc_kernel_pages(UINTN npages);

struct efi_memory_map {
	EFI_MEMORY_DESCRIPTOR *map;
	UINTN size, capacity, key, desc_size;
	UINT32 desc_version;
};

EFI_STATUS get_memory_map(struct efi_memory_map *m);
const EFI_MEMORY_DESCRIPTOR *memory_map_desc(const struct efi_memory_map *m, UINTN i);
enum boot_mem_type efi_to_boot_mem_type(UINT32 efi_type);

EFI_STATUS read_cmdline(struct boot_info *bi);
/* Print the image base for gdb; with `debug` on the command line, wait for gdb (boot/debug.c). */
void loader_debug_wait(const struct boot_info *bi);
EFI_STATUS load_kernel(struct boot_info *bi, u64 *entry);
/*
 * Where the kernel symbol called name sits in physical memory, once load_kernel() has placed the
 * image (the kernel ELF keeps its symbol table). EFI_NOT_FOUND, *pa unchanged, when the symbol
 * is missing or outside the loaded image.
 */
EFI_STATUS kernel_symbol_phys(const struct boot_info *bi, const char *name, phys_addr_t *pa);
EFI_STATUS build_page_tables(struct boot_info *bi, u64 entry_handoff_start, u64 handoff_size);
EFI_STATUS exit_boot_services(struct boot_info *bi);

/* Per-arch (boot/<arch>/): */
/*
 * Can this CPU, in the state the firmware left it, run the kernel? Called once the kernel is
 * loaded; fills in the arch's part of bi (arm64: entry_el). On failure it has printed why.
 */
EFI_STATUS loader_arch_check(struct boot_info *bi);
bool loader_cpu_has_pud_leaves(void);
/* Make what the loader wrote visible to the kernel's first instruction fetches (arm64 caches). */
void loader_sync_caches(const struct boot_info *bi, u64 handoff_start, u64 handoff_size);
/* Switch to the kernel's tables and jump to entry(bi_pa). Does not return. */
__attribute__((noreturn)) void loader_enter_kernel(const struct boot_info *bi, u64 entry);
extern char handoff_start[], handoff_end[];

#endif
