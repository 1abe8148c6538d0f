/* The UEFI memory map: read it, classify it, and leave boot services with it. */
#include <efi.h>
#include <string.h>

#include "loader.h"

enum boot_mem_type efi_to_boot_mem_type(UINT32 efi_type)
{
	switch (efi_type) {
	case EfiConventionalMemory:
		return BOOT_MEM_FREE;
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
		return BOOT_MEM_RECLAIMABLE;
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
		return BOOT_MEM_RUNTIME;
	case EfiACPIReclaimMemory:
		return BOOT_MEM_ACPI_RECLAIM;
	case EfiACPIMemoryNVS:
		return BOOT_MEM_ACPI_NVS;
	case PAGODA_MEMORY_TYPE:
		return BOOT_MEM_KERNEL;
	case EfiMemoryMappedIO:
		return BOOT_MEM_MMIO; /* drivers look for devices there (the arm64 PL031 RTC) */
	default:
		/* Reserved, unusable, MMIO, persistent memory...: never RAM for us. */
		return BOOT_MEM_RESERVED;
	}
}

/*
 * Fetch the current memory map into a pool buffer with room to spare (allocating the buffer
 * itself adds descriptors). The caller frees *map unless it exits boot services with it.
 */
EFI_STATUS get_memory_map(struct efi_memory_map *m)
{
	EFI_BOOT_SERVICES *bs = efi_st->BootServices;
	EFI_STATUS st;

	m->size = 0;
	st = bs->GetMemoryMap(&m->size, NULL, &m->key, &m->desc_size, &m->desc_version);
	if (st != EFI_BUFFER_TOO_SMALL)
		return efi_fail("GetMemoryMap", st);
	m->capacity = m->size + 16 * m->desc_size;
	st = bs->AllocatePool(EfiLoaderData, m->capacity, (void **)&m->map);
	if (st != EFI_SUCCESS)
		return efi_fail("no memory for the memory map", st);
	m->size = m->capacity;
	st = bs->GetMemoryMap(&m->size, m->map, &m->key, &m->desc_size, &m->desc_version);
	if (st != EFI_SUCCESS) {
		bs->FreePool(m->map);
		return efi_fail("GetMemoryMap", st);
	}
	return EFI_SUCCESS;
}

const EFI_MEMORY_DESCRIPTOR *memory_map_desc(const struct efi_memory_map *m, UINTN i)
{
	return (const EFI_MEMORY_DESCRIPTOR *)((const u8 *)m->map + i * m->desc_size);
}

/* Convert the final map, merging neighbours of the same kind. No boot services are used here. */
static void record_regions(struct boot_info *bi, const struct efi_memory_map *m)
{
	UINTN n = m->size / m->desc_size;

	bi->nr_regions = 0;
	for (UINTN i = 0; i < n; i++) {
		const EFI_MEMORY_DESCRIPTOR *d = memory_map_desc(m, i);
		struct boot_mem_region *prev = NULL;
		u32 type = efi_to_boot_mem_type(d->Type);
		u64 size = d->NumberOfPages * PAGE_SIZE;

		if (bi->nr_regions)
			prev = &bi->regions[bi->nr_regions - 1];
		if (prev && prev->type == type && prev->base + prev->size == d->PhysicalStart) {
			prev->size += size;
			continue;
		}
		if (bi->nr_regions == BOOT_MAX_REGIONS)
			break; /* cannot print any more; the kernel reports the cut-off count */
		bi->regions[bi->nr_regions++] = (struct boot_mem_region){ .base = d->PhysicalStart,
									  .size = size,
									  .type = type };
	}
}

EFI_STATUS exit_boot_services(struct boot_info *bi)
{
	struct efi_memory_map m;
	EFI_STATUS st = get_memory_map(&m);

	if (st != EFI_SUCCESS)
		return st;
	/* The key goes stale if anything allocated in between: fetch again into the same buffer. */
	for (int tries = 0; tries < 8; tries++) {
		st = efi_st->BootServices->ExitBootServices(efi_image, m.key);
		if (st == EFI_SUCCESS) {
			record_regions(bi, &m);
			return EFI_SUCCESS;
		}
		m.size = m.capacity;
		st = efi_st->BootServices->GetMemoryMap(&m.size, m.map, &m.key, &m.desc_size,
							&m.desc_version);
		if (st != EFI_SUCCESS)
			break;
	}
	return efi_fail("ExitBootServices", st);
}
