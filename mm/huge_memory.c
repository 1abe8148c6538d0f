/* Transparent huge pages for anonymous memory (mm/huge_memory.h). */
#include <errno.h>
#include <string.h>

#include "lib.h"
#include "mm/huge_memory.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

static enum thp_mode thp_mode = THP_ALWAYS;

static const char *const thp_mode_names[] = {
	[THP_ALWAYS] = "always",
	[THP_MADVISE] = "madvise",
	[THP_NEVER] = "never",
};

enum thp_mode thp_get_mode(void)
{
	return thp_mode;
}

void thp_set_mode(enum thp_mode mode)
{
	thp_mode = mode;
}

int thp_parse_mode(const char *s, enum thp_mode *mode)
{
	for (unsigned int m = 0; m < ARRAY_SIZE(thp_mode_names); m++) {
		if (!strcmp(s, thp_mode_names[m])) {
			*mode = m;
			return 0;
		}
	}
	return -EINVAL;
}

void thp_format_mode(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int m = 0; m < ARRAY_SIZE(thp_mode_names) && used < len; m++)
		used += ksnprintf(buf + used, len - used, m == thp_mode ? "%s[%s]" : "%s%s",
				  m ? " " : "", thp_mode_names[m]);
}

bool thp_vma_allowable_order(const struct vm_area_struct *vma, unsigned int order)
{
	if (thp_mode == THP_NEVER || (vma->vm_flags & VM_NOHUGEPAGE))
		return false;
	if (order == PUD_ORDER || thp_mode == THP_MADVISE)
		return vma->vm_flags & VM_HUGEPAGE;
	return order == PMD_ORDER && thp_mode == THP_ALWAYS;
}

/*
 * The huge-leaf rule (pt_leaf_allowed) for the block of 2^order pages around vmf->address: it
 * must start inside the VMA and end by its end. The physical half holds by construction: the
 * buddy allocator aligns a block of any order to its size.
 */
static bool anon_block_fits(const struct vm_fault *vmf, unsigned int order, enum pt_level level)
{
	unsigned long start = ALIGN_DOWN(vmf->address, PAGE_SIZE << order);

	return start >= vmf->vma->vm_start &&
	       pt_leaf_allowed(level, PT_PUD, start, vmf->vma->vm_end, 0);
}

vm_fault_t do_huge_anonymous_page(struct vm_fault *vmf, unsigned int order)
{
	enum pt_level level = order == PUD_ORDER ? PT_PUD : PT_PMD;
	pgprot_t prot = vmf->vma->vm_page_prot;
	struct page *page;

	if ((order != PUD_ORDER && order != PMD_ORDER) ||
	    !thp_vma_allowable_order(vmf->vma, order) || !anon_block_fits(vmf, order, level))
		return VM_FAULT_FALLBACK;
	page = alloc_pages_gfp(__GFP_COMP, order);
	if (!page)
		return VM_FAULT_FALLBACK;
	memset(page_address(page), 0, PAGE_SIZE << order);
	page_add_rmap(page);
	if (level == PT_PUD)
		set_pud(vmf->pud, pfn_pud(page_to_pfn(page), prot));
	else
		set_pmd(vmf->pmd, pfn_pmd(page_to_pfn(page), prot));
	return VM_FAULT_NOPAGE;
}

unsigned long thp_anon_bytes(unsigned int order)
{
	return nr_compound_pages(order) * (PAGE_SIZE << order);
}
