/* Page-table pages for the kernel and the host tests, taken from the page allocator. */
#include <string.h>

#include "page_alloc.h"
#include "phys.h"

static unsigned long pgtable_pages;

/* See phys.h. A failure here is an allocation failure: failure injection covers it. */
phys_addr_t pt_alloc_table(void)
{
	struct page *page = alloc_page();

	if (!page)
		return 0;
	memset(page_address(page), 0, PAGE_SIZE);
	pgtable_pages++;
	return page_to_phys(page);
}

/* Give back a table pt_alloc_table() returned (the loader's tables are reserved: a bad free). */
void pt_free_table(phys_addr_t pa)
{
	pgtable_pages--;
	__free_page(phys_to_page(pa));
}

unsigned long nr_pgtable_pages(void)
{
	return pgtable_pages;
}
