/*
 * Host tests of the sparse array (mm/xarray.c): random stores and erases checked after every
 * operation against a reference table, by lookup and by an in-order walk; node counts and free
 * pages back where they started once everything is erased; allocation failures change nothing.
 */
#include <errno.h>

#include "host_env.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/xarray.h"
#include "tap.h"

#define NR_INDICES 200
#define NR_OPS 6000

static unsigned long indices[NR_INDICES]; /* distinct, ascending */
static void *ref[NR_INDICES];		  /* what each index should hold */
static char values[NR_OPS];		  /* entries are addresses inside this */

static unsigned long rnd(unsigned long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/*
 * Dense runs, sparse middles and the very top of the index space, so that trees of every height
 * and both ends of xa_find_after() are exercised.
 */
static void make_indices(void)
{
	unsigned int n = 0;

	for (unsigned long i = 0; i < 70; i++)
		indices[n++] = i;
	for (unsigned long i = 0; i < 60; i++)
		indices[n++] = 4096 + i * 4099;
	for (unsigned long i = 0; i < 60; i++)
		indices[n++] = (1UL << 30) + i * (1UL << 27);
	for (unsigned long i = 10; i > 0; i--)
		indices[n++] = ~0UL - (i - 1) * (1UL << 40);
	for (unsigned int i = 0; i < NR_INDICES; i++)
		ref[i] = NULL;
}

/* Every index loads its reference value, and a walk visits exactly the stored ones in order. */
static bool xa_matches(const struct xarray *xa)
{
	unsigned long index;
	unsigned int i = 0;
	void *entry;

	for (unsigned int k = 0; k < NR_INDICES; k++)
		if (xa_load(xa, indices[k]) != ref[k])
			return false;
	xa_for_each(xa, index, entry)
	{
		while (i < NR_INDICES && !ref[i])
			i++;
		if (i == NR_INDICES || index != indices[i] || entry != ref[i])
			return false;
		i++;
	}
	while (i < NR_INDICES && !ref[i])
		i++;
	return i == NR_INDICES && xa_empty(xa) == (xa->xa_nodes == 0);
}

TEST(xarray_random_ops_match_reference_and_free_every_node)
{
	struct xarray xa = XARRAY_INIT;
	unsigned long state = 0x9e3779b97f4a7c15UL, bad = 0, before;

	host_env_init();
	before = nr_free_pages();
	make_indices();
	for (unsigned int op = 0; op < NR_OPS; op++) {
		unsigned int k = rnd(&state) % NR_INDICES;

		if (rnd(&state) % 3) {
			CHECK_EQ(xa_store(&xa, indices[k], &values[op]), 0);
			ref[k] = &values[op];
		} else {
			bad += xa_erase(&xa, indices[k]) != ref[k];
			ref[k] = NULL;
		}
		bad += !xa_matches(&xa);
	}
	CHECK_EQ(bad, 0);
	CHECK(xa.xa_nodes > 0);
	for (unsigned int k = 0; k < NR_INDICES; k++) {
		bad += xa_erase(&xa, indices[k]) != ref[k];
		ref[k] = NULL;
	}
	CHECK_EQ(bad, 0);
	CHECK(xa_empty(&xa));
	CHECK_EQ(xa.xa_nodes, 0);
	CHECK_EQ(nr_free_pages(), before);
}

/* One entry costs one node per level its index needs; erasing it frees them all. */
TEST(xarray_nodes_follow_the_stored_indices)
{
	struct xarray xa = XARRAY_INIT;
	static char a, b;

	CHECK_EQ(xa_store(&xa, 1UL << 24, &a), 0);
	CHECK_EQ(xa.xa_nodes, 5); /* shifts 24, 18, 12, 6, 0 */
	CHECK_EQ(xa_store(&xa, 3, &b), 0);
	CHECK_EQ(xa.xa_nodes, 9); /* a second path of 4 nodes below the same top */
	CHECK(xa_erase(&xa, 1UL << 24) == &a);
	CHECK_EQ(xa.xa_nodes, 1); /* the tree shrinks back to one leaf */
	CHECK(xa_load(&xa, 3) == &b);
	CHECK(xa_erase(&xa, 3) == &b);
	CHECK(xa_erase(&xa, 3) == NULL);
	CHECK_EQ(xa.xa_nodes, 0);
	CHECK(xa_empty(&xa));
}

/* A store whose node allocation fails, at each allocation in turn, leaves the array as it was. */
TEST(xarray_store_failure_changes_nothing)
{
	struct xarray xa = XARRAY_INIT;
	static char a, b;
	unsigned long failures = 0, nodes;
	int err;

	host_env_init();
	CHECK_EQ(xa_store(&xa, 5, &a), 0);
	nodes = xa.xa_nodes;
	for (unsigned long n = 1;; n++) {
		page_alloc_fail_nth(n);
		err = xa_store(&xa, 1UL << 40, &b);
		page_alloc_fail_nth(0);
		if (!err)
			break;
		CHECK_EQ(err, -ENOMEM);
		CHECK_EQ(xa.xa_nodes, nodes);
		CHECK(xa_load(&xa, 5) == &a && xa_load(&xa, 1UL << 40) == NULL);
		failures++;
	}
	CHECK(failures > 0);
	CHECK(xa_load(&xa, 1UL << 40) == &b);
	xa_destroy(&xa);
	CHECK_EQ(xa.xa_nodes, 0);
	CHECK_EQ(nr_slab_pages(), 0);
}
