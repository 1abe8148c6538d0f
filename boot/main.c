/*
 * Pagoda's UEFI loader: one PE file holding the loader and, embedded, the kernel ELF.
 *
 *   read the command line, the ACPI RSDP and the GOP framebuffer
 *   load the kernel ELF into PAGODA_MEMORY_TYPE pages
 *   build the kernel's page tables (kernel image W^X, direct map of RAM, hand-off identity page)
 *   ExitBootServices, convert the final memory map into boot_info
 *   switch to the new tables and jump to the higher-half kernel
 */
#include <efi.h>
#include <string.h>

#include "loader.h"

EFI_SYSTEM_TABLE *efi_st;
EFI_HANDLE efi_image;

static bool guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* The RSDP from the EFI configuration table; the ACPI 2.0 entry wins over the 1.0 one. */
static void find_rsdp(struct boot_info *bi)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;

	for (UINTN i = 0; i < efi_st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &efi_st->ConfigurationTable[i];

		if (guid_eq(&t->VendorGuid, &acpi20))
			bi->rsdp = (u64)(uintptr_t)t->VendorTable;
		else if (guid_eq(&t->VendorGuid, &acpi10) && !bi->rsdp)
			bi->rsdp = (u64)(uintptr_t)t->VendorTable;
	}
}

static void find_framebuffer(struct boot_info *bi)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;

	if (efi_st->BootServices->LocateProtocol(&gop_guid, NULL, (void **)&gop) != EFI_SUCCESS)
		return;
	info = gop->Mode->Info;
	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		bi->fb.format = BOOT_FB_RGBX8888;
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		bi->fb.format = BOOT_FB_BGRX8888;
		break;
	default:
		return; /* bitmask or blt-only modes: no linear framebuffer we can draw on */
	}
	bi->fb.base = gop->Mode->FrameBufferBase;
	bi->fb.size = gop->Mode->FrameBufferSize;
	bi->fb.width = info->HorizontalResolution;
	bi->fb.height = info->VerticalResolution;
	bi->fb.stride = info->PixelsPerScanLine;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct boot_info *bi;
	EFI_STATUS status;
	u64 entry;
	u64 handoff = (u64)(uintptr_t)handoff_start;
	u64 handoff_size = (u64)(handoff_end - handoff_start);

	efi_image = image;
	efi_st = st;
	efi_puts("Pagoda loader\r\n");

	bi = (struct boot_info *)(uintptr_t)efi_alloc_kernel_pages(
		ALIGN_UP(sizeof(*bi), PAGE_SIZE) / PAGE_SIZE);
	if (!bi)
		return efi_fail("no memory for boot_info", EFI_OUT_OF_RESOURCES);
	bi->magic = BOOT_INFO_MAGIC;

	status = read_cmdline(bi);
	if (status != EFI_SUCCESS)
		return status;
	loader_debug_wait(bi);
	find_rsdp(bi);
	find_framebuffer(bi);
	status = load_kernel(bi, &entry);
	if (status != EFI_SUCCESS)
		return status;
	status = loader_arch_check(bi);
	if (status != EFI_SUCCESS)
		return status;
	status = build_page_tables(bi, handoff, handoff_size);
	if (status != EFI_SUCCESS)
		return status;
	efi_puts("loader: starting kernel\r\n");
	status = exit_boot_services(bi);
	if (status != EFI_SUCCESS)
		return status;
	loader_sync_caches(bi, handoff, handoff_size);
	loader_enter_kernel(bi, entry);
}
