/* The kernel ELF, embedded so that the loader is one file on the ESP. */
	.section .rodata
	.balign 16
	.globl kernel_elf, kernel_elf_end
kernel_elf:
	.incbin KERNEL_ELF_PATH
kernel_elf_end:
