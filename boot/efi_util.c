/* Firmware console output and page allocation for the loader. */
#include <efi.h>
#include <string.h>

#include "loader.h"
#include "phys.h"

/* The loader runs on UEFI's identity mapping: physical == virtual for mm/ code it shares. */
uintptr_t phys_virt_offset;

void efi_puts(const char *s)
{
	CHAR16 buf[128];
	UINTN n = 0;

	while (*s) {
		buf[n++] = (CHAR16)(unsigned char)*s++;
		if (n == ARRAY_SIZE(buf) - 1 || !*s) {
			buf[n] = 0;
			efi_st->ConOut->OutputString(efi_st->ConOut, buf);
			n = 0;
		}
	}
}

void efi_put_hex(const char *label, u64 v)
{
	char buf[19] = "0x";

	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = 0;
	efi_puts(label);
	efi_puts(buf);
	efi_puts("\r\n");
}

EFI_STATUS efi_fail(const char *what, EFI_STATUS status)
{
	efi_puts("loader: ");
	efi_puts(what);
	efi_put_hex(": status ", status);
	return status;
}

phys_addr_t efi_alloc_kernel_pages(UINTN npages)
{
	EFI_PHYSICAL_ADDRESS pa = 0;

	if (efi_st->BootServices->AllocatePages(AllocateAnyPages, PAGODA_MEMORY_TYPE, npages,
						&pa) != EFI_SUCCESS)
		return 0;
	memset((void *)(uintptr_t)pa, 0, npages * PAGE_SIZE);
	return pa;
}

/* mm/pgtable.c takes its tables from here while the loader builds the first page tables. */
phys_addr_t pt_alloc_table(void)
{
	return efi_alloc_kernel_pages(1);
}

void pt_free_table(phys_addr_t pa)
{
	efi_st->BootServices->FreePages(pa, 1);
}
