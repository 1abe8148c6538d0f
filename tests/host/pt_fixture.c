/* The bare address space of the page-table tests (pt_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_env.h"
#include "mm/follow.h"
#include "mm/memory.h"
#include "mm/mmu_gather.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable_check.h"
#include "mm/ptdump.h"
#include "mm/unmap.h"
#include "mm/vma.h"
#include "pt_fixture.h"
#include "tap.h"

static vm_fault_t ptf_anon_fault(struct vm_fault *vmf)
{
	struct page *page = alloc_page();

	if (!page)
		return VM_FAULT_OOM;
	memset(page_address(page), 0, PAGE_SIZE);
	page_add_rmap(page);
	set_pte(vmf->pte, pfn_pte(page_to_pfn(page), vmf->vma->vm_page_prot));
	return 0;
}

const struct vm_operations_struct ptf_anon_ops = { .fault = ptf_anon_fault, .name = "anon" };

void ptf_init(struct pt_fixture *f)
{
	phys_addr_t root;

	host_env_init();
	memset(f, 0, sizeof(*f));
	f->free_pages_before = nr_free_pages();
	root = pt_alloc_table();
	f->mm.pgd = __va(root);
	f->mm.pgd_pa = root;
	f->mm.nr_pgtables = 1;
	INIT_LIST_HEAD(&f->mm.mmap_list);
}

static struct vm_area_struct *ptf_add(struct pt_fixture *f, unsigned long start, unsigned long len,
				      unsigned long flags, enum mem_type mt)
{
	struct vm_area_struct *vma = &f->vmas[f->nr_vmas];

	*vma = (struct vm_area_struct){
		.vm_start = start,
		.vm_end = start + len,
		.vm_flags = flags,
		.mem_type = mt,
		.vm_page_prot = vm_get_page_prot(flags, mt),
		.vm_mm = &f->mm,
	};
	/* Linked as mmap() links, so find_vma() (handle_page_fault, mprotect) sees it too. */
	if (insert_vm_struct(&f->mm, vma))
		abort();
	f->nr_vmas++;
	return vma;
}

struct vm_area_struct *ptf_add_pfnmap(struct pt_fixture *f, unsigned long start, unsigned long len,
				      pfn_t pfn, enum mem_type mt)
{
	struct vm_area_struct *vma = ptf_add(
		f, start, len, VM_READ | VM_WRITE | VM_SHARED | VM_USER | VM_PFNMAP | VM_IO, mt);

	vma->vm_pgoff = pfn;
	vma->vm_ops = &pfnmap_vm_ops;
	return vma;
}

struct vm_area_struct *ptf_add_anon(struct pt_fixture *f, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma;

	vma = ptf_add(f, start, len, VM_READ | VM_WRITE | VM_USER, MT_NORMAL);
	vma->vm_ops = &ptf_anon_ops;
	return vma;
}

/* The fixture's VMA holding addr, or NULL: looked up as the kernel does, in the VMA tree. */
static struct vm_area_struct *ptf_vma(struct pt_fixture *f, unsigned long addr)
{
	return find_vma_intersection(&f->mm, addr, addr + 1);
}

vm_fault_t ptf_fault(struct pt_fixture *f, unsigned long addr, unsigned int flags)
{
	struct vm_area_struct *vma = ptf_vma(f, addr);

	return vma ? handle_mm_fault(vma, addr, flags) : VM_FAULT_SIGSEGV;
}

int ptf_follow(struct pt_fixture *f, unsigned long addr, pfn_t *pfn)
{
	struct follow_pfnmap_args args = { .vma = ptf_vma(f, addr), .address = addr };

	if (!args.vma || follow_pfnmap_start(&args))
		return -1;
	follow_pfnmap_end(&args);
	*pfn = args.pfn;
	return args.level;
}

void ptf_fault_range(struct pt_fixture *f, unsigned long start, unsigned long end)
{
	static const unsigned long leaf_size[] = { PAGE_SIZE, PMD_SIZE, PUD_SIZE };
	unsigned long addr = start;
	pfn_t pfn;

	while (addr < end) {
		int level;

		CHECK_EQ(ptf_fault(f, addr, FAULT_FLAG_WRITE), VM_FAULT_NOPAGE);
		level = ptf_follow(f, addr, &pfn);
		CHECK(level >= 0);
		if (level < 0)
			return;
		addr = ALIGN_DOWN(addr, leaf_size[level]) + leaf_size[level];
	}
}

int ptf_unmap(struct pt_fixture *f, unsigned long start, unsigned long end)
{
	struct split_tables st;
	struct mmu_gather tlb;
	int err;

	err = split_tables_alloc(&st, &f->mm,
				 split_tables_needed(&f->mm, start, end, SPLIT_AT_BOTH));
	if (err)
		return err;
	tlb_gather_mmu(&tlb, &f->mm);
	unmap_vma_range(&tlb, ptf_vma(f, start), start, end, &st);
	free_pgtables(&tlb, &f->mm, start, end);
	tlb_finish_mmu(&tlb);
	split_tables_free(&st, &f->mm);
	return 0;
}

void ptf_check(struct pt_fixture *f)
{
	struct pgtable_check_report rep;

	if (pgtable_check(&f->mm, &rep))
		printf("# pgtable_check: %lu errors, first at 0x%lx: %s\n", rep.nr_errors,
		       rep.first_addr, rep.first_error);
	CHECK_EQ(rep.nr_errors, 0);
}

struct ptdump_buf {
	char *buf;
	size_t len, used;
};

static void ptf_ptdump_line(const char *line, void *priv)
{
	struct ptdump_buf *b = priv;
	int n = snprintf(b->buf + b->used, b->len - b->used, "%s\n", line);

	if (n > 0 && (size_t)n < b->len - b->used)
		b->used += n;
}

void ptf_ptdump(struct pt_fixture *f, char *buf, size_t len)
{
	struct ptdump_buf b = { buf, len, 0 };

	buf[0] = 0;
	ptdump(&f->mm, ptf_ptdump_line, &b);
}

void ptf_finish(struct pt_fixture *f)
{
	struct mmu_gather tlb;

	ptf_check(f);
	tlb_gather_mmu(&tlb, &f->mm);
	for (unsigned int i = 0; i < f->nr_vmas; i++)
		unmap_vma_range(&tlb, &f->vmas[i], f->vmas[i].vm_start, f->vmas[i].vm_end, NULL);
	tlb_finish_mmu(&tlb);
	free_all_pgtables(&f->mm);
	CHECK_EQ(f->mm.nr_pgtables, 1);
	pt_free_table(f->mm.pgd_pa);
	CHECK_EQ(nr_free_pages(), f->free_pages_before);
	CHECK(!pt_locked(&f->mm));
}
