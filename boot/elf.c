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
			return efi_fail("bad kernel segment (outside image or W+X)",
					EFI_LOAD_ERROR);
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
			memcpy((void *)(uintptr_t)(base + ph->p_vaddr - lo),
			       kernel_elf + ph->p_offset,
			       ph->p_filesz); /* the rest of p_memsz is .bss: already zero */
	}
	bi->kernel_phys = base;
	bi->kernel_size = hi - lo;
	*entry = eh->e_entry;
	return EFI_SUCCESS;
}

/* The virtual address load_kernel() placed at bi->kernel_phys: the first load page. */
static u64 image_base_va(const Elf64_Ehdr *eh)
{
	u64 lo = ~0UL;

	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (phdr(eh, i)->p_type == PT_LOAD)
			lo = MIN(lo, ALIGN_DOWN(phdr(eh, i)->p_vaddr, PAGE_SIZE));
	return lo;
}

/* Map each segment with its own permissions: text RX, rodata R, data RW (never W+X). */
EFI_STATUS map_kernel_segments(pgd_t *pgd, const struct boot_info *bi)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)kernel_elf;
	u64 lo = image_base_va(eh);

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

static const Elf64_Shdr *shdr(const Elf64_Ehdr *eh, unsigned int i)
{
	return (const Elf64_Shdr *)(kernel_elf + eh->e_shoff + (u64)i * eh->e_shentsize);
}

/* Does section sh lie inside the embedded ELF? */
static bool section_ok(const Elf64_Shdr *sh, u64 size)
{
	return sh->sh_offset <= size && sh->sh_size <= size - sh->sh_offset;
}

/* The value of the symbol called name in the kernel's symbol table, 0 when there is none. */
static u64 symbol_value(const Elf64_Ehdr *eh, u64 size, const char *name)
{
	if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff + (u64)eh->e_shnum * sizeof(Elf64_Shdr) > size)
		return 0;
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *symtab = shdr(eh, i), *strtab;
		const Elf64_Sym *syms;
		const char *names;

		if (symtab->sh_type != SHT_SYMTAB || symtab->sh_link >= eh->e_shnum)
			continue;
		strtab = shdr(eh, symtab->sh_link);
		if (!section_ok(symtab, size) || !section_ok(strtab, size))
			continue;
		syms = (const Elf64_Sym *)(kernel_elf + symtab->sh_offset);
		names = (const char *)kernel_elf + strtab->sh_offset;
		for (u64 j = 0; j < symtab->sh_size / sizeof(Elf64_Sym); j++) {
			u64 at = syms[j].st_name, room = strtab->sh_size - at;

			if (at < strtab->sh_size && !strncmp(names + at, name, room))
				return syms[j].st_value;
		}
	}
	return 0;
}

EFI_STATUS kernel_symbol_phys(const struct boot_info *bi, const char *name, phys_addr_t *pa)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)kernel_elf;
	u64 lo = image_base_va(eh);
	u64 va = symbol_value(eh, (u64)(kernel_elf_end - kernel_elf), name);

	if (va < lo || va - lo >= bi->kernel_size)
		return efi_fail("kernel symbol missing or outside the image", EFI_NOT_FOUND);
	*pa = bi->kernel_phys + (va - lo);
	return EFI_SUCCESS;
}
