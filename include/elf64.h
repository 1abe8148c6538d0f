/* The few ELF64 definitions the loader needs (System V gABI). */
#ifndef PAGODA_ELF64_H
#define PAGODA_ELF64_H

#include "types.h"

#define ELF_MAGIC "\177ELF"
#define ELFCLASS64 2
#define ET_EXEC 2
#define PT_LOAD 1
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4
#define SHT_SYMTAB 2

typedef struct {
	u8 e_ident[16]; /* magic, class at [4] */
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} Elf64_Phdr;

typedef struct {
	u32 sh_name, sh_type;
	u64 sh_flags, sh_addr, sh_offset, sh_size;
	u32 sh_link, sh_info; /* SHT_SYMTAB: sh_link is the section of the symbol names */
	u64 sh_addralign, sh_entsize;
} Elf64_Shdr;

typedef struct {
	u32 st_name; /* offset in the string table */
	u8 st_info, st_other;
	u16 st_shndx;
	u64 st_value, st_size;
} Elf64_Sym;

_Static_assert(sizeof(Elf64_Ehdr) == 64, "ELF header layout");
_Static_assert(sizeof(Elf64_Phdr) == 56, "ELF program header layout");
_Static_assert(sizeof(Elf64_Shdr) == 64, "ELF section header layout");
_Static_assert(sizeof(Elf64_Sym) == 24, "ELF symbol layout");

#endif
