/* Host tests of kmalloc/kzalloc/kfree (mm/slab.c). */
#include <string.h>

#include "host_env.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "tap.h"

#define NR_OBJS 600 /* enough to fill several slabs of every size class */

TEST(slab_objects_aligned_disjoint_and_freed_exactly)
{
	static const size_t sizes[] = { 1, 8, 16, 17, 100, 256, 1000, 2048 };
	static char *objs[NR_OBJS];
	unsigned long before;

	host_env_init();
	before = nr_free_pages();
	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (int i = 0; i < NR_OBJS; i++) {
			objs[i] = kmalloc(sizes[s]);
			CHECK(objs[i] != NULL);
			CHECK(IS_ALIGNED((uintptr_t)objs[i], KMALLOC_MIN_SIZE));
			memset(objs[i], i & 0xff, sizes[s]); /* ASan catches an object too small */
		}
		for (int i = 0; i < NR_OBJS; i++)
			CHECK_EQ((unsigned char)objs[i][sizes[s] - 1], i & 0xff);
		CHECK(nr_slab_pages() > 0);
		/* Free in an order unlike allocation so slabs go partial, full and empty again. */
		for (int i = 0; i < NR_OBJS; i += 2)
			kfree(objs[i]);
		for (int i = 1; i < NR_OBJS; i += 2)
			kfree(objs[i]);
		CHECK_EQ(nr_slab_pages(), 0);
		CHECK_EQ(nr_free_pages(), before);
	}
	CHECK(page_alloc_verify() == NULL);
}

TEST(slab_reuses_freed_object)
{
	void *a, *b;

	host_env_init();
	a = kmalloc(64);
	kfree(a);
	b = kmalloc(64);
	CHECK(a == b);
	kfree(b);
	CHECK_EQ(nr_slab_pages(), 0);
}

TEST(slab_large_allocations_use_pages)
{
	unsigned long before;
	char *p, *q;

	host_env_init();
	before = nr_free_pages();
	p = kmalloc(2049);
	q = kmalloc(3 * PAGE_SIZE);
	CHECK(p && q);
	CHECK(IS_ALIGNED((uintptr_t)p | (uintptr_t)q, PAGE_SIZE));
	CHECK_EQ(before - nr_free_pages(), 1 + 4);
	memset(q, 0x5a, 3 * PAGE_SIZE);
	kfree(p);
	kfree(q);
	CHECK_EQ(nr_free_pages(), before);
	CHECK(kmalloc((PAGE_SIZE << MAX_PAGE_ORDER) + 1) == NULL);
}

TEST(slab_kzalloc_zeroes_and_edge_cases)
{
	unsigned char *p;
	size_t i;

	host_env_init();
	p = kmalloc(512);
	memset(p, 0xff, 512);
	kfree(p);
	p = kzalloc(512);
	for (i = 0; i < 512 && !p[i]; i++)
		;
	CHECK_EQ(i, 512);
	kfree(p);
	CHECK(kmalloc(0) == NULL);
	kfree(NULL);
	CHECK_EQ(nr_slab_pages(), 0);
}

TEST(slab_out_of_memory_returns_null)
{
	unsigned long before;
	void *p;

	host_env_init();
	before = nr_free_pages();
	page_alloc_fail_nth(1);
	CHECK(kmalloc(32) == NULL);
	CHECK_EQ(nr_slab_pages(), 0);
	page_alloc_fail_nth(1);
	CHECK(kmalloc(8192) == NULL);
	CHECK_EQ(nr_free_pages(), before);
	p = kmalloc(32);
	CHECK(p != NULL);
	kfree(p);
	CHECK_EQ(nr_free_pages(), before);
}
