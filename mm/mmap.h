/*
 * Mapping and unmapping ranges of an address space (Linux: do_mmap, do_munmap), and the
 * anonymous-memory VMA types (mm/anon.c).
 *
 * Locking: the caller owns mm (one CPU).
 */
#ifndef PAGODA_MM_MMAP_H
#define PAGODA_MM_MMAP_H

#include "mm/mm_types.h"

/* Where do_mmap() places mappings when the caller gives no address. */
#define MMAP_BASE 0x10000000UL

/*
 * Map len bytes (rounded up to pages) with vm_flags and memory type mt, faulted in by ops,
 * and return the start in *out_addr.
 *
 * addr 0: pick the lowest free range at or above MMAP_BASE. A VM_PFNMAP range is placed so that
 * VA and PA agree modulo the largest leaf size not above len (1 GiB, 2 MiB, else a page), so
 * the fault path can use huge leaves (docs/rules.md, R3); a private anonymous range (ops
 * anon_vm_ops) is aligned to the same leaf size, so that transparent huge pages fit (Linux
 * thp_get_unmapped_area). addr != 0: exactly there, never replacing a mapping (Linux
 * MAP_FIXED_NOREPLACE).
 *
 * vm_flags: VM_USER is always added (every VMA of an mm is a lower-half user mapping; a global
 * kernel entry would survive switch_mm), and VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC as Linux's mmap
 * does, plus VM_MAYSHARE with VM_SHARED. pgoff: the first pfn for VM_PFNMAP, the first page
 * index of the object for shared mappings; private non-pfnmap (anonymous) mappings get
 * addr >> PAGE_SHIFT as Linux does, so adjacent ones merge. priv becomes the VMA's
 * vm_private_data: on success the mapping owns the caller's reference (and drops it through
 * ops->close if the new range merges into a neighbour); on failure the caller keeps it.
 *
 * Errors (nothing changed): -EINVAL for len 0, an unaligned addr, no ops, or a VM_PFNMAP pfn
 * range that may not be mapped with mt (pfn_range_mappable(): beyond the CPU's physical address
 * width, or RAM with a type other than MT_NORMAL); -ENOMEM when len or addr + len go past
 * USER_VA_END, no free range fits, or out of memory; -EEXIST when addr != 0 and the range
 * overlaps a mapping.
 */
int do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long vm_flags,
	    enum mem_type mt, unsigned long pgoff, const struct vm_operations_struct *ops,
	    void *priv, unsigned long *out_addr);

/*
 * Where do_mmap() would place len bytes (page-aligned) of a new mapping with vm_flags, pgoff and
 * ops when given no address (see above: first fit from MMAP_BASE, pfnmaps and private anonymous
 * memory aligned for their leaves). Returns 0 with *addr set, or -ENOMEM when no free range
 * fits. Changes nothing.
 */
int get_unmapped_area(struct mm_struct *mm, unsigned long len, unsigned long vm_flags,
		      unsigned long pgoff, const struct vm_operations_struct *ops,
		      unsigned long *addr);

/*
 * Unmap [start, start + len) (len rounded up to pages): VMAs partly inside are split, those
 * inside are unmapped (one TLB flush), page tables left empty freed after it, then the VMAs
 * closed. Not an error when nothing is mapped there. MMU notifiers see one MMU_NOTIFY_UNMAP
 * start/end pair per VMA unmapped, over its range (started before any entry is cleared, ended
 * after the flush), plus a MMU_NOTIFY_CLEAR pair over each huge leaf the range cuts through.
 *
 * Errors (nothing changed): -EINVAL for an unaligned start, len 0, or a range that goes past
 * USER_VA_END or wraps; -ENOMEM when a VMA or a page table for a split cannot be allocated
 * (both are taken before anything changes).
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);

/*
 * Private anonymous memory (mm/anon.c): demand-zero pages, with PMD/PUD leaves of compound
 * pages where the transparent huge page policy allows (mm/huge_memory.h).
 */
extern const struct vm_operations_struct anon_vm_ops;
/*
 * Shared anonymous memory: vm_private_data is a refcounted page store indexed by vm_pgoff, so
 * every VMA made from the mapping (split parts, later clones) maps the same pages.
 */
extern const struct vm_operations_struct anon_shared_vm_ops;

/*
 * do_mmap() of zero-filled memory (MT_NORMAL): private, or shared when vm_flags has VM_SHARED
 * (a new page store, pgoff 0). Same errors as do_mmap().
 */
int mm_mmap_anon(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long vm_flags, unsigned long *out_addr);

/*
 * do_mmap() of the physical range starting at pfn, as a VM_PFNMAP | VM_IO mapping of type mt
 * (MT_DEVICE or MT_WC for device memory; RAM only as MT_NORMAL), faulted in by pfnmap_vm_ops.
 * Same errors as do_mmap().
 */
int mm_mmap_pfn(struct mm_struct *mm, unsigned long addr, pfn_t pfn, unsigned long len,
		unsigned long vm_flags, enum mem_type mt, unsigned long *out_addr);

#endif
