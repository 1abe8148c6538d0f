/*
 * Binary buddy allocator (see page_alloc.h for the page states).
 *
 * A free block of order n is a run of 1 << n pages starting at a pfn aligned to 1 << n; its first
 * page carries PG_buddy and sits on free_area[n]. Its buddy is the block it was split from the
 * other half of: pfn ^ (1 << n). Freeing merges a block with its buddy for as long as the buddy is
 * a free block of the same order, so the free lists always hold the largest aligned blocks the
 * free pages allow: the state after any sequence of frees depends only on which pages are free.
 */
#include <errno.h>
#include <string.h>

#include "page_alloc.h"

struct page *mem_map;
pfn_t min_pfn, max_pfn;

struct free_area {
	struct list_head free_list; /* block heads, linked through page->lru */
	unsigned long nr_blocks;
};

static struct free_area free_area[NR_PAGE_ORDERS];
static unsigned long nr_free;	 /* pages in all free blocks */
static unsigned long nr_managed; /* pages ever released to the allocator */
static unsigned long nr_allocs;	 /* alloc_pages() calls */
static unsigned long fail_at;	 /* value of nr_allocs whose allocation fails; 0: none */
static unsigned long nr_bad_frees;
static bad_free_handler_t bad_free_handler;

/* RAM as the direct map covers it (see record_ram): sorted, disjoint, no range empty. */
struct ram_range {
	u64 start, end; /* bytes while record_ram() builds them, pfns after */
};
static struct ram_range ram_ranges[BOOT_MAX_REGIONS];
static unsigned int nr_ram_ranges;

static pfn_t pfn_down(u64 addr)
{
	return addr >> PAGE_SHIFT;
}

static pfn_t pfn_up(u64 addr)
{
	return (addr >> PAGE_SHIFT) + ((addr & (PAGE_SIZE - 1)) != 0);
}

/* A region's end, or false when base + size wraps (a corrupt entry, ignored). */
static bool region_end(const struct boot_mem_region *r, u64 *end)
{
	*end = r->base + r->size;
	return *end >= r->base;
}

/* The whole pages inside a region (rounded inward); false when there are none. */
static bool region_pfns(const struct boot_mem_region *r, pfn_t *start, pfn_t *end)
{
	u64 last;

	if (!region_end(r, &last))
		return false;
	*start = pfn_up(r->base);
	*end = pfn_down(last);
	return *start < *end;
}

static void add_to_free_list(struct page *page, unsigned int order)
{
	struct free_area *area = &free_area[order];

	page->flags = PG_buddy;
	page->order = order;
	list_add(&page->lru, &area->free_list);
	area->nr_blocks++;
}

static void del_from_free_list(struct page *page, unsigned int order)
{
	struct free_area *area = &free_area[order];

	list_del(&page->lru);
	area->nr_blocks--;
	page->flags = 0;
}

/* Put a block whose pages all have refcount 0 on the free lists, merging it with free buddies. */
static void free_block(pfn_t pfn, unsigned int order)
{
	nr_free += 1UL << order;
	while (order < MAX_PAGE_ORDER) {
		pfn_t buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		del_from_free_list(buddy, order);
		pfn &= ~(1UL << order);
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), order);
}

struct page *alloc_pages(unsigned int order)
{
	unsigned int o;
	struct page *page;

	if (++nr_allocs == fail_at) {
		fail_at = 0;
		return NULL;
	}
	if (order > MAX_PAGE_ORDER)
		return NULL;
	for (o = order; list_empty(&free_area[o].free_list); o++)
		if (o == MAX_PAGE_ORDER)
			return NULL;
	page = list_first_entry(&free_area[o].free_list, struct page, lru);
	del_from_free_list(page, o);
	/* Split: keep the lower half, give the upper halves back, largest first. */
	while (o > order) {
		o--;
		add_to_free_list(page + (1UL << o), o);
	}
	nr_free -= 1UL << order;
	page->refcount = 1;
	page->order = order;
	return page;
}

/* Why freeing this page at this order would corrupt the allocator, or NULL when it is sound. */
static const char *bad_free_reason(const struct page *page, unsigned int order)
{
	if (page->flags & PG_reserved)
		return "reserved page";
	if (page->refcount <= 0)
		return "page is free or not the first page of an allocation";
	if (page->order != order)
		return "order differs from the allocation's";
	return NULL;
}

void __free_pages(struct page *page, unsigned int order)
{
	const char *why = bad_free_reason(page, order);

	if (why) {
		nr_bad_frees++;
		if (bad_free_handler)
			bad_free_handler(page, order, why);
		return;
	}
	if (--page->refcount == 0)
		free_block(page_to_pfn(page), order);
}

void put_page_last(struct page *page)
{
	__free_pages(page, page->order);
}

/*
 * Hand the reserved pages of [start, end) to the allocator; pages already managed are skipped.
 * Freeing page by page in ascending order costs O(1) amortised per page: the merges form a binary
 * counter. Returns the number of pages added.
 *
 * Physical page 0 stays reserved: a zero physical address means "none" (pt_alloc_table's failure
 * value), and on x86 it holds the real-mode interrupt table that some firmware still reads.
 */
static unsigned long release_range(pfn_t start, pfn_t end)
{
	unsigned long added = 0;

	for (pfn_t pfn = MAX(start, (pfn_t)1); pfn < end; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!(page->flags & PG_reserved))
			continue;
		page->flags = 0;
		page->refcount = 0;
		free_block(pfn, 0);
		added++;
	}
	nr_managed += added;
	return added;
}

/* The pfn span of all RAM, rounded outward; false when the map holds no RAM. */
static bool ram_span(const struct boot_mem_region *r, unsigned int n, pfn_t *lo, pfn_t *hi)
{
	u64 end;

	*lo = ~(pfn_t)0;
	*hi = 0;
	for (unsigned int i = 0; i < n; i++) {
		if (!boot_mem_is_ram(r[i].type) || !r[i].size || !region_end(&r[i], &end))
			continue;
		*lo = MIN(*lo, pfn_down(r[i].base));
		*hi = MAX(*hi, pfn_up(end));
	}
	return *lo < *hi;
}

/* The BOOT_MEM_FREE region with the most whole pages; false when there is none. */
static bool largest_free_region(const struct boot_mem_region *r, unsigned int n, pfn_t *start,
				pfn_t *end)
{
	pfn_t s, e;
	bool found = false;

	for (unsigned int i = 0; i < n; i++) {
		if (r[i].type != BOOT_MEM_FREE || !region_pfns(&r[i], &s, &e))
			continue;
		if (!found || e - s > *end - *start) {
			*start = s;
			*end = e;
			found = true;
		}
	}
	return found;
}

static void reset_state(void)
{
	mem_map = NULL;
	min_pfn = max_pfn = 0;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		INIT_LIST_HEAD(&free_area[o].free_list);
		free_area[o].nr_blocks = 0;
	}
	nr_free = nr_managed = nr_allocs = fail_at = nr_bad_frees = 0;
	nr_ram_ranges = 0;
}

/* Insert [start, end) into the sorted ram_ranges, merging it with every range it touches. */
static void add_ram_range(u64 start, u64 end)
{
	unsigned int i = 0, j;

	while (i < nr_ram_ranges && ram_ranges[i].end < start)
		i++;
	for (j = i; j < nr_ram_ranges && ram_ranges[j].start <= end; j++) {
		start = MIN(start, ram_ranges[j].start);
		end = MAX(end, ram_ranges[j].end);
	}
	/* Ranges [i, j) merge into one at i: shift the tail by 1 - (j - i). */
	memmove(&ram_ranges[i + 1], &ram_ranges[j], (nr_ram_ranges - j) * sizeof(ram_ranges[0]));
	nr_ram_ranges = nr_ram_ranges + 1 - (j - i);
	ram_ranges[i] = (struct ram_range){ start, end };
}

/*
 * Record which pfns are RAM the way the loader's direct map decides it (boot/pagetables.c): the
 * boot_mem_is_ram() regions, merged where they touch, each merged range rounded inward to whole
 * pages. Holes, BOOT_MEM_RESERVED and BOOT_MEM_MMIO regions are not RAM; firmware-owned RAM
 * (runtime services, ACPI) is, as the direct map holds it write-back too.
 */
static void record_ram(const struct boot_mem_region *r, unsigned int n)
{
	unsigned int out = 0;
	u64 end;

	for (unsigned int i = 0; i < n; i++)
		if (boot_mem_is_ram(r[i].type) && r[i].size && region_end(&r[i], &end))
			add_ram_range(r[i].base, end);
	for (unsigned int i = 0; i < nr_ram_ranges; i++) {
		pfn_t start = pfn_up(ram_ranges[i].start), stop = pfn_down(ram_ranges[i].end);

		if (start < stop)
			ram_ranges[out++] = (struct ram_range){ start, stop };
	}
	nr_ram_ranges = out;
}

bool pfn_range_intersects_ram(pfn_t pfn, unsigned long nr_pages)
{
	if (!nr_pages)
		return false;
	/* The first range ending past pfn is the only candidate: the later ones start after it. */
	for (unsigned int i = 0; i < nr_ram_ranges; i++)
		if (ram_ranges[i].end > pfn)
			return ram_ranges[i].start <= pfn || ram_ranges[i].start - pfn < nr_pages;
	return false;
}

bool pfn_range_is_ram(pfn_t pfn, unsigned long nr_pages)
{
	/* Ranges that touch were merged: a range wholly RAM lies inside one of them. */
	for (unsigned int i = 0; i < nr_ram_ranges && nr_pages; i++)
		if (ram_ranges[i].start <= pfn && pfn < ram_ranges[i].end)
			return nr_pages <= ram_ranges[i].end - pfn;
	return false;
}

/* Release the whole pages of every region of one type, leaving [hole_start, hole_end) alone. */
static unsigned long release_regions(const struct boot_mem_region *r, unsigned int n,
				     enum boot_mem_type type, pfn_t hole_start, pfn_t hole_end)
{
	unsigned long added = 0;
	pfn_t s, e;

	for (unsigned int i = 0; i < n; i++) {
		if (r[i].type != type || !region_pfns(&r[i], &s, &e))
			continue;
		added += release_range(s, MIN(e, hole_start));
		added += release_range(MAX(s, hole_end), e);
	}
	return added;
}

int page_alloc_init(const struct boot_mem_region *r, unsigned int n)
{
	pfn_t lo, hi, map_pages, map_start, map_end, free_start;
	struct page *map;

	reset_state();
	if (n > BOOT_MAX_REGIONS)
		return -EINVAL;
	record_ram(r, n);
	if (!ram_span(r, n, &lo, &hi))
		return -EINVAL;
	map_pages = pfn_up((hi - lo) * sizeof(struct page));
	if (!largest_free_region(r, n, &free_start, &map_end) || map_end - free_start < map_pages)
		return -ENOMEM;
	map_start = map_end - map_pages;
	map = __va(PFN_PHYS(map_start));
	for (pfn_t i = 0; i < hi - lo; i++)
		map[i] = (struct page){ .refcount = 1, .flags = PG_reserved };
	mem_map = map;
	min_pfn = lo;
	max_pfn = hi;
	release_regions(r, n, BOOT_MEM_FREE, map_start, map_end);
	return 0;
}

unsigned long page_alloc_reclaim(const struct boot_mem_region *r, unsigned int n)
{
	return release_regions(r, n, BOOT_MEM_RECLAIMABLE, 0, 0);
}

unsigned long nr_free_pages(void)
{
	return nr_free;
}

unsigned long nr_free_pages_order(unsigned int order)
{
	return order <= MAX_PAGE_ORDER ? free_area[order].nr_blocks : 0;
}

unsigned long nr_managed_pages(void)
{
	return nr_managed;
}

void page_alloc_fail_nth(unsigned long n)
{
	fail_at = n ? nr_allocs + n : 0;
}

unsigned long page_alloc_nr_allocs(void)
{
	return nr_allocs;
}

unsigned long page_alloc_nr_bad_frees(void)
{
	return nr_bad_frees;
}

void page_alloc_set_bad_free_handler(bad_free_handler_t fn)
{
	bad_free_handler = fn;
}

/* Check one free block of free_area[order]. */
static const char *verify_block(const struct page *page, unsigned int order)
{
	pfn_t pfn = page_to_pfn(page), buddy_pfn = pfn ^ (1UL << order);

	if (page->lru.next->prev != &page->lru)
		return "free list back link broken";
	if (page->flags != PG_buddy || page->order != order || page->refcount)
		return "free block head has wrong flags, order or refcount";
	if (!IS_ALIGNED(pfn, 1UL << order) || pfn + (1UL << order) > max_pfn)
		return "free block misaligned or past the end of mem_map";
	for (unsigned long i = 1; i < 1UL << order; i++)
		if (page[i].flags || page[i].refcount)
			return "page inside a free block is in use";
	if (order < MAX_PAGE_ORDER && pfn_valid(buddy_pfn) &&
	    (pfn_to_page(buddy_pfn)->flags & PG_buddy) && pfn_to_page(buddy_pfn)->order == order)
		return "two free buddies left unmerged";
	return NULL;
}

const char *page_alloc_verify(void)
{
	unsigned long blocks = 0, pages = 0, heads = 0;
	const char *why;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct list_head *head = &free_area[o].free_list;
		const struct page *p;
		unsigned long n = 0;

		if (head->next->prev != head)
			return "free list back link broken";
		list_for_each_entry(p, head, lru)
		{
			why = verify_block(p, o);
			if (why)
				return why;
			n++;
		}
		if (n != free_area[o].nr_blocks)
			return "free block count of an order is wrong";
		blocks += n;
		pages += n << o;
	}
	if (pages != nr_free)
		return "nr_free_pages() is wrong";
	for (pfn_t pfn = min_pfn; pfn < max_pfn; pfn++)
		heads += (pfn_to_page(pfn)->flags & PG_buddy) != 0;
	if (heads != blocks)
		return "a page is marked free but on no free list";
	return NULL;
}
