/*
 * The kernel's first page tables, built with the same mm/pgtable.c ladder the kernel uses later:
 *
 *   KERNEL_VBASE..     kernel image, one mapping per ELF segment (text RX, rodata R, data RW)
 *   DIRECT_MAP_BASE..  every RAM range of the UEFI memory map, write-back, never executable,
 *                      with 1 GiB leaves where the CPU has them and the range allows, else 2 MiB
 *   handoff page(s)    identity-mapped so the switch to these tables can continue executing
 *
 * Device memory (MMIO, reserved ranges) is left unmapped: the kernel maps what it needs uncached.
 */
#include <efi.h>

#include "loader.h"
#include "memlayout.h"
#include "mm/pgtable.h"
#include "phys.h"

EFI_STATUS map_kernel_segments(pgd_t *pgd, const struct boot_info *bi);

struct ram_range {
	u64 start, end;
};

/* Gather RAM from the map, sorted by address and merged where ranges touch. */
static UINTN collect_ram(const struct efi_memory_map *m, struct ram_range *r, UINTN max)
{
	UINTN n = 0;

	for (UINTN i = 0; i < m->size / m->desc_size; i++) {
		const EFI_MEMORY_DESCRIPTOR *d = memory_map_desc(m, i);
		struct ram_range new = { d->PhysicalStart,
					 d->PhysicalStart + d->NumberOfPages * PAGE_SIZE };
		UINTN j;

		if (!boot_mem_is_ram(efi_to_boot_mem_type(d->Type)) || new.end <= new.start)
			continue;
		if (n == max)
			return n;
		for (j = n; j > 0 && r[j - 1].start > new.start; j--)
			r[j] = r[j - 1];
		r[j] = new;
		n++;
	}
	/* Merge in place. */
	UINTN out = 0;

	for (UINTN i = 0; i < n; i++) {
		if (out && r[i].start <= r[out - 1].end)
			r[out - 1].end = MAX(r[out - 1].end, r[i].end);
		else
			r[out++] = r[i];
	}
	return out;
}

static EFI_STATUS map_direct(pgd_t *pgd)
{
	static struct ram_range ram[BOOT_MAX_REGIONS];
	enum pt_level max_leaf = loader_cpu_has_pud_leaves() ? PT_PUD : PT_PMD;
	pgprot_t prot = vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL);
	struct efi_memory_map m;
	EFI_STATUS st = get_memory_map(&m);
	UINTN n;

	if (st != EFI_SUCCESS)
		return st;
	n = collect_ram(&m, ram, ARRAY_SIZE(ram));
	efi_st->BootServices->FreePool(m.map);
	for (UINTN i = 0; i < n; i++) {
		u64 start = ALIGN_UP(ram[i].start, PAGE_SIZE),
		    end = ALIGN_DOWN(ram[i].end, PAGE_SIZE);

		if (end > DIRECT_MAP_SIZE)
			return efi_fail("RAM beyond the direct map's reach", EFI_UNSUPPORTED);
		if (end > start && pgtable_map_range(pgd, DIRECT_MAP_BASE + start, start,
						     end - start, prot, max_leaf))
			return efi_fail("cannot build the direct map", EFI_OUT_OF_RESOURCES);
	}
	return EFI_SUCCESS;
}

/* Per arch: the root that holds the identity mapping during the switch (see boot/<arch>/). */
phys_addr_t loader_idmap_root(struct boot_info *bi);

static EFI_STATUS map_handoff(struct boot_info *bi, u64 start, u64 size)
{
	phys_addr_t root = loader_idmap_root(bi);
	u64 first = ALIGN_DOWN(start, PAGE_SIZE), last = ALIGN_UP(start + size, PAGE_SIZE);

	if (!root || pgtable_map_range(__va(root), first, first, last - first,
				       vm_get_page_prot(VM_READ | VM_EXEC, MT_NORMAL), PT_PTE))
		return efi_fail("cannot map the hand-off code", EFI_OUT_OF_RESOURCES);
	bi->idmap_page = first;
	return EFI_SUCCESS;
}

EFI_STATUS build_page_tables(struct boot_info *bi, u64 handoff, u64 handoff_size)
{
	EFI_STATUS st;
	pgd_t *pgd;

	bi->pt_root = pt_alloc_table();
	if (!bi->pt_root)
		return efi_fail("no memory for page tables", EFI_OUT_OF_RESOURCES);
	pgd = __va(bi->pt_root);
	st = map_kernel_segments(pgd, bi);
	if (st == EFI_SUCCESS)
		st = map_direct(pgd);
	if (st == EFI_SUCCESS)
		st = map_handoff(bi, handoff, handoff_size);
	return st;
}
