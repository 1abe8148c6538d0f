/*
 * Permissions and memory types as mm/ speaks them, on both arches (docs/rules.md, L5). Each arch
 * turns them into entry bits with one function in <asm/pgtable.h>:
 *
 *	pgprot_t vm_get_page_prot(unsigned long vm_flags, enum mem_type mt);
 *	enum mem_type pgprot_mem_type(pgprot_t prot);
 *
 * The VM_* values are Linux's, so a reader can map them onto include/linux/mm.h.
 */
#ifndef PAGODA_PGPROT_H
#define PAGODA_PGPROT_H

#define VM_NONE 0x00000000UL
#define VM_READ 0x00000001UL
#define VM_WRITE 0x00000002UL
#define VM_EXEC 0x00000004UL
#define VM_SHARED 0x00000008UL
#define VM_MAYREAD 0x00000010UL
#define VM_MAYWRITE 0x00000020UL
#define VM_MAYEXEC 0x00000040UL
#define VM_MAYSHARE 0x00000080UL
#define VM_PFNMAP 0x00000400UL	 /* raw pfns, no struct page behind them: leaves are special */
#define VM_IO 0x00004000UL	 /* device memory */
#define VM_HUGEPAGE 0x20000000UL /* madvise(MADV_HUGEPAGE): huge leaves wanted (mm/huge_memory.h) */
#define VM_NOHUGEPAGE 0x40000000UL /* madvise(MADV_NOHUGEPAGE): 4 KiB leaves only */
/*
 * Pagoda only: reachable from user mode. Linux needs no such flag (every VMA is a user mapping);
 * Pagoda maps kernel memory through the same functions. Bit 48 lies above every bit Linux uses
 * for vm_flags (its highest, VM_SEALED, is bit 42), so the other values stay Linux's.
 */
#define VM_USER (1UL << 48)

/* What kind of memory a mapping reaches; each arch picks the cache attributes. */
enum mem_type {
	MT_NORMAL, /* RAM: write-back cacheable */
	MT_DEVICE, /* MMIO registers: uncached, no speculation, no write merging */
	MT_WC,	   /* prefetchable BARs (framebuffers): uncached but writes may combine */
};

#endif
