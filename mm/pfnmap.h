/*
 * PFN mappings (VM_PFNMAP | VM_IO VMAs: BARs, framebuffers, raw physical ranges). There is no
 * struct page behind their pfns, so every leaf carries the special bit (docs/rules.md, R1), at
 * whatever level: pfnmaps use PUD and PMD leaves wherever the alignment allows (R2, R3, R13).
 *
 * A pfnmap VMA maps pfn vm_pgoff at vm_start, linearly: the fault path and remap_pfn_range()
 * agree, so anything zapped (a range unmapped and mapped again) simply faults back in.
 */
#ifndef PAGODA_MM_PFNMAP_H
#define PAGODA_MM_PFNMAP_H

#include "mm/mm_types.h"

extern const struct vm_operations_struct pfnmap_vm_ops;

vm_fault_t insert_pfn_pud(struct vm_fault *vmf, pfn_t pfn);
vm_fault_t insert_pfn_pmd(struct vm_fault *vmf, pfn_t pfn);
vm_fault_t insert_pfn(struct vm_fault *vmf, pfn_t pfn);

int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, pfn_t pfn, unsigned long size);

/*
 * Is [pfn, pfn + nr_pages) inside the CPU's physical address width (arch_phys_addr_bits())?
 * A leaf for a pfn beyond it would lose the high bits (arm64 maps another pfn) or set reserved
 * bits (x86 faults on every access, forever).
 */
bool pfn_range_addressable(pfn_t pfn, unsigned long nr_pages);

/*
 * May [pfn, pfn + nr_pages) be mapped with memory type mt? Every path that maps raw pfns asks
 * (mmap of a pfnmap, remap_pfn_range, ioremap) before changing anything. No when the range is
 * not pfn_range_addressable(), and no when mt is not MT_NORMAL and the range holds RAM
 * (pfn_range_intersects_ram()): the direct map keeps RAM write-back, and a second, uncached or
 * write-combining mapping of the same bytes is undefined on x86 (conflicting PAT/MTRR types)
 * and loses coherency on arm64 (mismatched attributes). RAM may still be mapped as MT_NORMAL.
 */
bool pfn_range_mappable(pfn_t pfn, unsigned long nr_pages, enum mem_type mt);

#endif
