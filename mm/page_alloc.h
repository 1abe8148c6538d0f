/*
 * The physical page allocator: a binary buddy allocator over every page of RAM, built from the
 * boot memory map, with one struct page per page frame (Linux FLATMEM: a single mem_map array
 * covering the pfn span of all RAM, holes included).
 *
 * Blocks are naturally aligned in absolute pfn terms: a block of order n starts at a pfn that is a
 * multiple of 1 << n, so an order-18 block (1 GiB) is 1 GiB aligned physically.
 *
 * Page states, as seen from struct page:
 *   reserved   PG_reserved, refcount 1: holes, firmware, the kernel image, mem_map itself, and
 *              reclaimable memory until page_alloc_reclaim(). Never handed out, never freed.
 *   free       refcount 0; the first page of a free block has PG_buddy and the block's order.
 *   allocated  the first page of an allocation has refcount >= 1 and the allocation's order;
 *              the other pages of a multi-page allocation have refcount 0 and no flags.
 *
 * Locking: none. The kernel runs on one CPU and never allocates from interrupt context; a lock
 * goes here when either changes.
 */
#ifndef PAGODA_MM_PAGE_ALLOC_H
#define PAGODA_MM_PAGE_ALLOC_H

#include "boot_info.h"
#include "list.h"
#include "phys.h"
#include "types.h"

#define MAX_PAGE_ORDER 18 /* largest block: 1 << 18 pages = 1 GiB */
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)

enum page_flags {
	PG_reserved = BIT(0), /* not managed by the allocator */
	PG_buddy = BIT(1),    /* first page of a free block; order is valid */
};

struct page {
	/*
	 * Free-list link while the page heads a free block. While allocated it belongs to the
	 * owner of the page, who may use it to queue the page (as Linux does).
	 */
	struct list_head lru;
	s32 refcount;
	u8 order; /* free block or allocation that this page heads */
	u8 flags; /* enum page_flags */
	u16 pad;
};
/* mem_map costs 24 bytes per 4 KiB page (0.6 % of RAM); keep it within 32. */
_Static_assert(sizeof(struct page) <= 32, "struct page grew past its budget");

/* The page array and the pfn span it covers: [min_pfn, max_pfn). */
extern struct page *mem_map;
extern pfn_t min_pfn, max_pfn;

/* Is there a struct page for this pfn? True for holes inside the span too (they are reserved). */
static inline bool pfn_valid(pfn_t pfn)
{
	return pfn >= min_pfn && pfn < max_pfn;
}

static inline struct page *pfn_to_page(pfn_t pfn)
{
	return mem_map + (pfn - min_pfn);
}

static inline pfn_t page_to_pfn(const struct page *page)
{
	return min_pfn + (pfn_t)(page - mem_map);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

static inline struct page *phys_to_page(phys_addr_t pa)
{
	return pfn_to_page(PHYS_PFN(pa));
}

/* The page's contents, through the direct map. */
static inline void *page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

static inline bool PageReserved(const struct page *page)
{
	return page->flags & PG_reserved;
}

static inline int page_count(const struct page *page)
{
	return page->refcount;
}

/* Take another reference on an allocated page (the first page of its allocation). */
static inline void get_page(struct page *page)
{
	page->refcount++;
}

void put_page_last(struct page *page);

/*
 * Drop a reference on the first page of an allocation; the last reference frees the whole
 * allocation (whatever its order). A put on a free or reserved page is a bad free (see
 * __free_pages) and changes nothing.
 */
static inline void put_page(struct page *page)
{
	if (page->refcount > 1)
		page->refcount--;
	else
		put_page_last(page);
}

/*
 * Build the allocator from the boot memory map: r[0..n) in any order, bases and sizes in bytes,
 * not necessarily page aligned (partial pages are never handed out). mem_map covers the pfn span
 * of every RAM region (boot_mem_is_ram()) and is carved from the top of the largest
 * BOOT_MEM_FREE region; every BOOT_MEM_FREE page outside it becomes free. RECLAIMABLE memory stays
 * reserved until page_alloc_reclaim(). Every free region must be reachable through __va().
 *
 * It also records which pfns are RAM, for pfn_range_intersects_ram().
 *
 * Calling it again starts over: all earlier pages and counters are forgotten (host tests).
 * Returns 0, -EINVAL when the map holds no RAM or more than BOOT_MAX_REGIONS regions, or -ENOMEM
 * when no free region can hold mem_map; after a failure the allocator is empty and every
 * allocation fails (the RAM record survives -ENOMEM, and is empty after -EINVAL).
 */
int page_alloc_init(const struct boot_mem_region *r, unsigned int n);

/*
 * Does [pfn, pfn + nr_pages) share a page with RAM, that is with what the direct map maps
 * write-back (every page of a boot_mem_is_ram() region of the boot map, whether free, reserved
 * or firmware-owned; holes, BOOT_MEM_RESERVED and BOOT_MEM_MMIO ranges are not RAM)? False for
 * nr_pages 0.
 * Linux: region_intersects(..., IORESOURCE_SYSTEM_RAM, ...) != REGION_DISJOINT. Costs one step
 * per RAM range of the boot map, whatever nr_pages is.
 */
bool pfn_range_intersects_ram(pfn_t pfn, unsigned long nr_pages);

/*
 * Is every page of [pfn, pfn + nr_pages) RAM in that sense (Linux: region_intersects() ==
 * REGION_INTERSECTS)? What may be mapped cacheable as a whole, with no MMIO or hole inside for
 * the CPU to reach speculatively. False for nr_pages 0.
 */
bool pfn_range_is_ram(pfn_t pfn, unsigned long nr_pages);

/*
 * Free the BOOT_MEM_RECLAIMABLE regions of the same map once nothing uses them any more (the
 * kernel calls it after dropping the loader's identity map). Pages already given back are
 * skipped, so a second call does nothing. Returns the number of pages added.
 */
unsigned long page_alloc_reclaim(const struct boot_mem_region *r, unsigned int n);

/*
 * Allocate 1 << order contiguous, naturally aligned pages; the first page gets refcount 1.
 * Contents are not cleared. Returns NULL when no block is large enough, when order exceeds
 * MAX_PAGE_ORDER, or when failure injection says so.
 */
struct page *alloc_pages(unsigned int order);

/*
 * Drop a reference on an allocation of 1 << order pages, freeing it when that was the last one
 * (buddies merge back). A bad free (the page is reserved, already free, not the first page of an
 * allocation, or order differs from the allocation's) changes nothing: it is counted (see
 * page_alloc_nr_bad_frees) and reported to the bad-free handler if one is set.
 */
void __free_pages(struct page *page, unsigned int order);

static inline struct page *alloc_page(void)
{
	return alloc_pages(0);
}

static inline void __free_page(struct page *page)
{
	__free_pages(page, 0);
}

/* Exact count of free pages, and of free blocks of one order (0 for an order out of range). */
unsigned long nr_free_pages(void);
unsigned long nr_free_pages_order(unsigned int order);
/* Pages the allocator manages: those ever freed into it at init or reclaim. */
unsigned long nr_managed_pages(void);

/*
 * Make the n-th allocation from now fail (n = 1: the next one), once; 0 disables. The count is
 * of alloc_pages() calls of any order, the same as page_alloc_nr_allocs() counts.
 */
void page_alloc_fail_nth(unsigned long n);
unsigned long page_alloc_nr_allocs(void);

/*
 * Bad frees since init. The kernel installs a handler that panics; host tests read the count. The
 * handler survives page_alloc_init().
 */
unsigned long page_alloc_nr_bad_frees(void);
typedef void (*bad_free_handler_t)(struct page *page, unsigned int order, const char *why);
void page_alloc_set_bad_free_handler(bad_free_handler_t fn);

/*
 * Walk mem_map and every free list and check the allocator's invariants (alignment, flags, no two
 * free buddies left unmerged, counters exact). Returns NULL when they hold, else a description of
 * the first one broken.
 */
const char *page_alloc_verify(void);

/* Page-table pages (mm/pgalloc.c): tables currently handed out by pt_alloc_table(). */
unsigned long nr_pgtable_pages(void);

#endif
