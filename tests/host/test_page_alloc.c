/*
 * Buddy allocator tests. Expected free lists come from a separate model: a free range splits into
 * the largest naturally aligned blocks, greedily from its start, which is what full merging must
 * leave behind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host_env.h"
#include "mm/page_alloc.h"
#include "phys.h"
#include "tap.h"

#define B HOST_PHYS_BASE
#define MB (1UL << 20)

static struct page *pages[HOST_DEFAULT_RAM / PAGE_SIZE];

struct orders {
	unsigned long n[NR_PAGE_ORDERS];
};

static void model_add_range(struct orders *o, phys_addr_t start, phys_addr_t end)
{
	pfn_t pfn = PHYS_PFN(start), last = PHYS_PFN(end);

	while (pfn < last) {
		unsigned int order = MAX_PAGE_ORDER;

		while (!IS_ALIGNED(pfn, 1UL << order) || pfn + (1UL << order) > last)
			order--;
		o->n[order]++;
		pfn += 1UL << order;
	}
}

static unsigned long model_pages(const struct orders *o)
{
	unsigned long pages = 0;

	for (unsigned int i = 0; i < NR_PAGE_ORDERS; i++)
		pages += o->n[i] << i;
	return pages;
}

static unsigned long model_blocks(const struct orders *o)
{
	unsigned long blocks = 0;

	for (unsigned int i = 0; i < NR_PAGE_ORDERS; i++)
		blocks += o->n[i];
	return blocks;
}

static struct orders snapshot(void)
{
	struct orders o;

	for (unsigned int i = 0; i < NR_PAGE_ORDERS; i++)
		o.n[i] = nr_free_pages_order(i);
	return o;
}

static void check_orders(const struct orders *want)
{
	for (unsigned int i = 0; i < NR_PAGE_ORDERS; i++)
		CHECK_EQ(nr_free_pages_order(i), want->n[i]);
	CHECK_EQ(nr_free_pages(), model_pages(want));
}

static void check_verify(void)
{
	const char *why = page_alloc_verify();

	if (why)
		printf("# page_alloc_verify: %s\n", why);
	CHECK(why == NULL);
}

/* Pages mem_map takes for a span of this many bytes. */
static unsigned long map_pages(unsigned long span)
{
	return ALIGN_UP(span / PAGE_SIZE * sizeof(struct page), PAGE_SIZE) / PAGE_SIZE;
}

TEST(page_alloc_default_layout)
{
	struct orders want = { { 0 } };
	unsigned long map = map_pages(HOST_DEFAULT_RAM);

	host_env_init();
	host_env_reset();
	CHECK_EQ(map, 128); /* 32-byte struct page */
	model_add_range(&want, B, B + HOST_DEFAULT_RAM - map * PAGE_SIZE);
	check_orders(&want);
	CHECK_EQ(nr_free_pages(), HOST_DEFAULT_RAM / PAGE_SIZE - 128);
	CHECK_EQ(nr_managed_pages(), nr_free_pages());
	CHECK_EQ(min_pfn, PHYS_PFN(B));
	CHECK_EQ(max_pfn, PHYS_PFN(B + HOST_DEFAULT_RAM));
	/* mem_map sits at the top of the region. */
	CHECK_EQ(__pa(mem_map), B + HOST_DEFAULT_RAM - map * PAGE_SIZE);
	CHECK(PageReserved(phys_to_page(B + HOST_DEFAULT_RAM - PAGE_SIZE)));
	check_verify();
}

/*
 * Offsets from B (MiB):  0 KERNEL 2  FREE(unaligned) 6  hole  8 FREE 12 RECLAIMABLE 16 ACPI_NVS
 * 16+64K FREE 17  hole  20+1 RECLAIMABLE(unaligned) 21+1  hole  24 FREE 40, plus MMIO far away,
 * listed out of order.
 */
static const struct boot_mem_region messy[] = {
	{ B + 12 * MB, 4 * MB, BOOT_MEM_RECLAIMABLE, 0 },
	{ B + 8 * MB, 4 * MB, BOOT_MEM_FREE, 0 },
	{ 0xfe000000UL, 16 * MB, BOOT_MEM_RESERVED, 0 },
	{ B + 24 * MB, 16 * MB, BOOT_MEM_FREE, 0 },
	{ B, 2 * MB, BOOT_MEM_KERNEL, 0 },
	{ B + 2 * MB + 123, 4 * MB - 223, BOOT_MEM_FREE, 0 },
	{ B + 16 * MB, 64 * 1024, BOOT_MEM_ACPI_NVS, 0 },
	{ B + 16 * MB + 64 * 1024, MB - 64 * 1024, BOOT_MEM_FREE, 0 },
	{ B + 20 * MB + 1, MB, BOOT_MEM_RECLAIMABLE, 0 },
	{ B + 50 * MB, 0, BOOT_MEM_FREE, 0 },
};

TEST(page_alloc_messy_layout)
{
	struct orders want = { { 0 } };
	unsigned long map = map_pages(40 * MB);

	host_env_init();
	CHECK_EQ(host_env_load(messy, ARRAY_SIZE(messy)), 0);
	CHECK_EQ(min_pfn, PHYS_PFN(B));
	CHECK_EQ(max_pfn, PHYS_PFN(B + 40 * MB));
	CHECK_EQ(__pa(mem_map), B + 40 * MB - map * PAGE_SIZE);
	model_add_range(&want, B + 2 * MB + PAGE_SIZE, B + 6 * MB - PAGE_SIZE);
	model_add_range(&want, B + 8 * MB, B + 12 * MB);
	model_add_range(&want, B + 16 * MB + 64 * 1024, B + 17 * MB);
	model_add_range(&want, B + 24 * MB, B + 40 * MB - map * PAGE_SIZE);
	check_orders(&want);
	CHECK_EQ(nr_free_pages(), 1022 + 1024 + 240 + 4096 - map);
	CHECK_EQ(nr_free_pages_order(11), 1); /* [24, 32) */
	check_verify();

	CHECK(pfn_valid(PHYS_PFN(B + 7 * MB)));
	CHECK(PageReserved(phys_to_page(B + 7 * MB)));	/* hole */
	CHECK(PageReserved(phys_to_page(B + MB)));	/* kernel */
	CHECK(PageReserved(phys_to_page(B + 2 * MB)));	/* partial page */
	CHECK(PageReserved(phys_to_page(B + 12 * MB))); /* not yet reclaimed */
	CHECK(PageReserved(phys_to_page(B + 16 * MB))); /* ACPI NVS */
	CHECK(!pfn_valid(PHYS_PFN(B + 40 * MB)));
	CHECK(!pfn_valid(PHYS_PFN(B) - 1));
	CHECK(!pfn_valid(PHYS_PFN(0xfe000000UL)));

	/* [8, 12) FREE and [12, 16) RECLAIMABLE merge into one 8 MiB block. */
	CHECK_EQ(page_alloc_reclaim(messy, ARRAY_SIZE(messy)), 1024 + 255);
	want = (struct orders){ { 0 } };
	model_add_range(&want, B + 2 * MB + PAGE_SIZE, B + 6 * MB - PAGE_SIZE);
	model_add_range(&want, B + 8 * MB, B + 16 * MB);
	model_add_range(&want, B + 16 * MB + 64 * 1024, B + 17 * MB);
	model_add_range(&want, B + 20 * MB + PAGE_SIZE, B + 21 * MB);
	model_add_range(&want, B + 24 * MB, B + 40 * MB - map * PAGE_SIZE);
	check_orders(&want);
	CHECK_EQ(nr_free_pages_order(11), 2); /* and now [8, 16) */
	CHECK_EQ(nr_managed_pages(), nr_free_pages());
	CHECK_EQ(page_alloc_reclaim(messy, ARRAY_SIZE(messy)), 0);
	check_orders(&want);
	check_verify();
	host_env_reset();
}

TEST(page_alloc_init_errors)
{
	static const struct boot_mem_region no_ram[] = {
		{ 0xfe000000UL, MB, BOOT_MEM_RESERVED, 0 },
	};
	static const struct boot_mem_region no_room[] = {
		{ B, PAGE_SIZE, BOOT_MEM_FREE, 0 },
		{ B + PAGE_SIZE, 64 * MB - PAGE_SIZE, BOOT_MEM_KERNEL, 0 },
	};

	host_env_init();
	CHECK_EQ(host_env_load(no_ram, ARRAY_SIZE(no_ram)), -EINVAL);
	CHECK_EQ(nr_free_pages(), 0);
	CHECK(alloc_page() == NULL);
	CHECK_EQ(host_env_load(no_room, ARRAY_SIZE(no_room)), -ENOMEM);
	CHECK_EQ(nr_free_pages(), 0);
	CHECK(alloc_pages(MAX_PAGE_ORDER) == NULL);
	CHECK_EQ(host_env_load(NULL, 0), -EINVAL);
	host_env_reset();
}

/* Every page comes out exactly once at order 0; freeing them all restores the free lists. */
TEST(page_alloc_exhaust_order0)
{
	struct orders initial;
	unsigned long n = 0, total;
	static unsigned char seen[HOST_DEFAULT_RAM / PAGE_SIZE];

	host_env_init();
	host_env_reset();
	initial = snapshot();
	total = nr_free_pages();
	memset(seen, 0, sizeof(seen));
	while (n < ARRAY_SIZE(pages) && (pages[n] = alloc_page()) != NULL) {
		pfn_t i = page_to_pfn(pages[n]) - min_pfn;

		CHECK(i < ARRAY_SIZE(seen) && !seen[i]);
		CHECK_EQ(page_count(pages[n]), 1);
		seen[i] = 1;
		n++;
	}
	CHECK_EQ(n, total);
	CHECK_EQ(nr_free_pages(), 0);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		CHECK_EQ(nr_free_pages_order(o), 0);
	CHECK(alloc_pages(0) == NULL);
	check_verify();
	/* Free in a scrambled order (7 is coprime with the count's factors 2 and 509). */
	for (unsigned long i = 0; i < n; i++)
		__free_page(pages[(i * 7) % n]);
	check_orders(&initial);
	CHECK_EQ(page_alloc_nr_bad_frees(), 0);
	check_verify();
}

/* Allocate top-down by order until nothing is left, 1 GiB blocks included. */
TEST(page_alloc_exhaust_large_orders)
{
	static const struct boot_mem_region big[] = {
		{ B, HOST_ARENA_SIZE, BOOT_MEM_FREE, 0 },
	};
	struct page *blocks[256];
	unsigned int orders[256];
	unsigned long n = 0;
	struct orders initial;

	host_env_init();
	CHECK_EQ(host_env_load(big, 1), 0);
	initial = snapshot();
	CHECK_EQ(initial.n[MAX_PAGE_ORDER], 2);
	for (int o = MAX_PAGE_ORDER; o >= 0; o--) {
		while (n < ARRAY_SIZE(blocks) && (blocks[n] = alloc_pages(o)) != NULL) {
			CHECK(IS_ALIGNED(page_to_phys(blocks[n]), PAGE_SIZE << o));
			orders[n++] = o;
		}
	}
	CHECK_EQ(page_to_phys(blocks[0]) % SZ_1G, 0);
	CHECK_EQ(page_to_phys(blocks[1]) % SZ_1G, 0);
	CHECK(orders[2] < MAX_PAGE_ORDER);
	CHECK_EQ(n, model_blocks(&initial));
	CHECK_EQ(nr_free_pages(), 0);
	CHECK(alloc_page() == NULL);
	for (unsigned long i = 0; i < n; i++)
		__free_pages(blocks[i], orders[i]);
	check_orders(&initial);
	check_verify();
	host_env_reset();
}

/* A 1 GiB block starts on a 1 GiB boundary even when the free region does not. */
TEST(page_alloc_gib_alignment)
{
	static const struct boot_mem_region off[] = {
		{ B + PAGE_SIZE, HOST_ARENA_SIZE - PAGE_SIZE, BOOT_MEM_FREE, 0 },
	};
	struct page *gib;

	host_env_init();
	CHECK_EQ(host_env_load(off, 1), 0);
	CHECK_EQ(nr_free_pages_order(MAX_PAGE_ORDER), 1);
	gib = alloc_pages(MAX_PAGE_ORDER);
	CHECK(gib != NULL);
	if (gib)
		CHECK_EQ(page_to_phys(gib), B + SZ_1G);
	CHECK(alloc_pages(MAX_PAGE_ORDER) == NULL);
	CHECK(alloc_pages(MAX_PAGE_ORDER + 1) == NULL);
	host_env_reset();
}

TEST(page_alloc_split_and_merge)
{
	struct orders initial;
	struct page *p[NR_PAGE_ORDERS];

	host_env_init();
	host_env_reset();
	initial = snapshot();
	for (unsigned int o = 0; o <= 12; o++) {
		p[o] = alloc_pages(o);
		CHECK(p[o] != NULL);
		CHECK(IS_ALIGNED(page_to_pfn(p[o]), 1UL << o));
		CHECK_EQ(page_count(p[o]), 1);
	}
	CHECK_EQ(nr_free_pages(), model_pages(&initial) - ((1UL << 13) - 1));
	check_verify();
	for (unsigned int o = 0; o <= 12; o++)
		__free_pages(p[12 - o], 12 - o);
	check_orders(&initial);
	check_verify();
}

TEST(page_alloc_refcount)
{
	unsigned long free0;
	struct page *p, *q;

	host_env_init();
	host_env_reset();
	free0 = nr_free_pages();
	p = alloc_page();
	CHECK_EQ(nr_free_pages(), free0 - 1);
	get_page(p);
	CHECK_EQ(page_count(p), 2);
	put_page(p);
	CHECK_EQ(page_count(p), 1);
	CHECK_EQ(nr_free_pages(), free0 - 1);
	put_page(p);
	CHECK_EQ(nr_free_pages(), free0);

	/* The last reference frees the whole allocation, whoever drops it. */
	q = alloc_pages(3);
	get_page(q);
	__free_pages(q, 3);
	CHECK_EQ(nr_free_pages(), free0 - 8);
	put_page(q);
	CHECK_EQ(nr_free_pages(), free0);
	CHECK_EQ(page_alloc_nr_bad_frees(), 0);
	check_verify();
}

static unsigned long handler_calls;
static const char *handler_why;

static void record_bad_free(struct page *page, unsigned int order, const char *why)
{
	handler_calls++;
	handler_why = why;
}

TEST(page_alloc_bad_frees)
{
	struct page *p, *q, *map_page;
	unsigned long free0;

	host_env_init();
	host_env_reset();
	page_alloc_set_bad_free_handler(record_bad_free);
	handler_calls = 0;
	free0 = nr_free_pages();
	map_page = phys_to_page(__pa(mem_map));

	__free_page(map_page);
	CHECK_EQ(page_alloc_nr_bad_frees(), 1);
	CHECK_EQ(handler_calls, 1);
	CHECK(handler_why && strstr(handler_why, "reserved"));
	put_page(map_page);
	CHECK_EQ(page_alloc_nr_bad_frees(), 2);
	CHECK_EQ(page_count(map_page), 1);

	p = alloc_page();
	__free_page(p);
	__free_page(p); /* double free */
	put_page(p);
	CHECK_EQ(page_alloc_nr_bad_frees(), 4);

	q = alloc_pages(2);
	__free_pages(q, 1); /* wrong order */
	__free_page(q + 1); /* not the first page */
	CHECK_EQ(page_alloc_nr_bad_frees(), 6);
	CHECK_EQ(handler_calls, 6);
	CHECK_EQ(page_count(q), 1);
	CHECK_EQ(nr_free_pages(), free0 - 4);
	__free_pages(q, 2);
	CHECK_EQ(nr_free_pages(), free0);
	CHECK_EQ(page_alloc_nr_bad_frees(), 6);
	check_verify();
	page_alloc_set_bad_free_handler(NULL);
	host_env_reset();
	CHECK_EQ(page_alloc_nr_bad_frees(), 0);
}

TEST(page_alloc_fail_injection)
{
	unsigned long before;
	struct page *p[4];

	host_env_init();
	host_env_reset();
	before = page_alloc_nr_allocs();
	page_alloc_fail_nth(3);
	for (int i = 0; i < 4; i++)
		p[i] = alloc_pages(i & 1);
	CHECK(p[0] && p[1] && p[3]);
	CHECK(p[2] == NULL);
	CHECK_EQ(page_alloc_nr_allocs() - before, 4);
	CHECK(alloc_page() != NULL); /* one-shot */

	page_alloc_fail_nth(1);
	CHECK_EQ(pt_alloc_table(), 0);
	page_alloc_fail_nth(1);
	page_alloc_fail_nth(0);
	CHECK(alloc_page() != NULL);
	host_env_reset();
}

TEST(pgalloc_tables)
{
	unsigned long free0, tables0;
	phys_addr_t pa, pb;
	struct page *dirty;
	const unsigned char *bytes;
	bool zero = true;

	host_env_init();
	host_env_reset();
	free0 = nr_free_pages();
	tables0 = nr_pgtable_pages();
	dirty = alloc_page();
	memset(page_address(dirty), 0xa5, PAGE_SIZE);
	__free_page(dirty);

	pa = pt_alloc_table();
	CHECK_EQ(pa, page_to_phys(dirty)); /* the page just freed comes back first */
	CHECK(IS_ALIGNED(pa, PAGE_SIZE));
	bytes = __va(pa);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		zero &= bytes[i] == 0;
	CHECK(zero);
	pb = pt_alloc_table();
	CHECK(pb && pb != pa);
	CHECK_EQ(nr_pgtable_pages(), tables0 + 2);
	CHECK_EQ(nr_free_pages(), free0 - 2);
	pt_free_table(pa);
	pt_free_table(pb);
	CHECK_EQ(nr_pgtable_pages(), tables0);
	CHECK_EQ(nr_free_pages(), free0);

	while (alloc_page())
		;
	CHECK_EQ(pt_alloc_table(), 0);
	CHECK_EQ(nr_pgtable_pages(), tables0);
	host_env_reset();
}
