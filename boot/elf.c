/*
 * Load the embedded kernel ELF: all PT_LOAD segments into one block of PAGODA_MEMORY_TYPE pages,
 * laid out exactly as their virtual addresses are, with .bss zeroed.
 */
#include <efi.h>
#include <string.h>

#include "loader.h"
#include "elf64.h"
#include "memlayout.h"
#include "mm/pgtable.h"

extern const u8 kernel_elf[], kernel_elf_end[];

static const Elf64_Phdr *phdr(const Elf64_Ehdr *eh, unsigned int i)
{
	return (const Elf64_Phdr *)(kernel_elf + eh->e_phoff + (u64)i * eh->e_phentsize);
}

static bool elf_header_ok(const Elf64_Ehdr *eh, u64 size)
{
	return size >= sizeof(*eh) && !memcmp(eh->e_ident, ELF_MAGIC, 4) &&
	       eh->e_ident[4] == ELFCLASS64 && eh->e_type == ET_EXEC &&
	       eh->e_phentsize == sizeof(Elf64_Phdr) &&
	       eh->e_phoff + (u64)eh->e_phnum * sizeof(Elf64_Phdr) <= size;
}

EFI_STATUS load_kernel(struct boot_info *bi, u64 *entry)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)kernel_elf;
	u64 size = (u64)(kernel_elf_end - kernel_elf);
	u64 lo = ~0UL, hi = 0;
	phys_addr_t base;

	if (!elf_header_ok(eh, size))
		return efi_fail("embedded kernel is not a valid ELF64 executable", EFI_LOAD_ERROR);
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(eh, i);

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_vaddr < KERNEL_VBASE || ph->p_offset + ph->p_filesz > size ||
		    ph->p_filesz > ph->p_memsz || (ph->p_flags & (PF_W | PF_X)) == (PF_W | PF_X))
			return efi_fail("bad kernel segment (outside image or W+X)", EFI_LOAD_ERROR);
		lo = MIN(lo, ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE));
		hi = MAX(hi, ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE));
	}
	if (hi <= lo)
		return efi_fail("kernel has no loadable segment", EFI_LOAD_ERROR);

	base = efi_alloc_kernel_pages((hi - lo) / PAGE_SIZE);
	if (!base)
		return efi_fail("no memory for the kernel image", EFI_OUT_OF_RESOURCES);
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(eh, i);

		if (ph->p_type == PT_LOAD)
			memcpy((void *)(uintptr_t)(base + ph->p_vaddr - lo), kernel_elf + ph->p_offset,
			       ph->p_filesz); /* the rest of p_memsz is .bss: already zero */
	}
	bi->kernel_phys = base;
	bi->kernel_size = hi - lo;
	*entry = eh->e_entry;
	return EFI_SUCCESS;
}

/* Map each segment with its own permissions: text RX, rodata R, data RW (never W+X). */
EFI_STATUS map_kernel_segments(pgd_t *pgd, const struct boot_info *bi)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)kernel_elf;
	u64 lo = ~0UL;

	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (phdr(eh, i)->p_type == PT_LOAD)
			lo = MIN(lo, ALIGN_DOWN(phdr(eh, i)->p_vaddr, PAGE_SIZE));
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(eh, i);
		u64 va = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
		u64 end = ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
		unsigned long flags = VM_READ;

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_flags & PF_W)
			flags |= VM_WRITE;
		if (ph->p_flags & PF_X)
			flags |= VM_EXEC;
		if (pgtable_map_range(pgd, va, bi->kernel_phys + (va - lo), end - va,
				      vm_get_page_prot(flags, MT_NORMAL), PT_PTE))
			return efi_fail("cannot map the kernel image", EFI_OUT_OF_RESOURCES);
	}
	return EFI_SUCCESS;
}
