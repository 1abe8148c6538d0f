/*
 * Host tests of the VMA set (mm/vma.c): lookup, insert, split at every position, merge of
 * compatible neighbours only. Each step is checked against the whole expected VMA list.
 */
#include <errno.h>

#include "host_env.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "tap.h"
#include "vma_expect.h"

#define P PAGE_SIZE
#define A 0x10000000UL
#define RW (VM_READ | VM_WRITE)

/* Ops whose open/close keep a reference count in vm_private_data (like a shared store). */
struct ref {
	int count;
};

static void ref_open(struct vm_area_struct *vma)
{
	((struct ref *)vma->vm_private_data)->count++;
}

static void ref_close(struct vm_area_struct *vma)
{
	((struct ref *)vma->vm_private_data)->count--;
}

static const struct vm_operations_struct ref_ops = { .open = ref_open,
						     .close = ref_close,
						     .name = "ref" };
static const struct vm_operations_struct plain_ops = { .name = "plain" };

static struct vm_area_struct *add(struct mm_struct *mm, unsigned long start, unsigned long end,
				  unsigned long flags, unsigned long pgoff,
				  const struct vm_operations_struct *ops, void *priv)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_pgoff = pgoff;
	vma->vm_ops = ops;
	vma->vm_private_data = priv;
	CHECK_EQ(insert_vm_struct(mm, vma), 0);
	return vma;
}

static void remove_all(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *tmp;

	for_each_vma_safe(mm, vma, tmp) {
		vma_unlink(mm, vma);
		remove_vma(vma);
	}
}

TEST(vma_find_vma_linux_semantics)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct vm_area_struct *a, *b;

	host_env_init();
	CHECK(find_vma(&mm, A) == NULL);
	b = add(&mm, A + 8 * P, A + 10 * P, RW, 8, &plain_ops, NULL);
	a = add(&mm, A, A + 2 * P, RW, 0, &plain_ops, NULL); /* inserted out of order */
	CHECK(vmas_match(&mm, VMAS({ A, A + 2 * P, RW, 0, &plain_ops },
				   { A + 8 * P, A + 10 * P, RW, 8, &plain_ops })));
	CHECK(find_vma(&mm, 0) == a);
	CHECK(find_vma(&mm, A) == a);
	CHECK(find_vma(&mm, A + 2 * P - 1) == a);
	CHECK(find_vma(&mm, A + 2 * P) == b); /* in the gap: the next VMA above */
	CHECK(find_vma(&mm, A + 9 * P) == b);
	CHECK(find_vma(&mm, A + 10 * P) == NULL);
	CHECK(find_vma_intersection(&mm, A + 2 * P, A + 8 * P) == NULL);
	CHECK(find_vma_intersection(&mm, A + 2 * P, A + 8 * P + 1) == b);
	CHECK(find_vma_intersection(&mm, A + P, A + 9 * P) == a);
	remove_all(&mm);
	CHECK_EQ(nr_slab_pages(), 0);
}

TEST(vma_insert_rejects_every_overlap)
{
	static const struct {
		unsigned long start, end;
	} bad[] = {
		{ A + 3 * P, A + 5 * P }, /* over the front */
		{ A + 7 * P, A + 9 * P }, /* over the back */
		{ A + 5 * P, A + 6 * P }, /* inside */
		{ A + 3 * P, A + 9 * P }, /* around */
		{ A + 4 * P, A + 8 * P }, /* exactly */
	};
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct vm_area_struct *vma;

	host_env_init();
	add(&mm, A + 4 * P, A + 8 * P, RW, 4, &plain_ops, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		vma = vm_area_alloc(&mm);
		vma->vm_start = bad[i].start;
		vma->vm_end = bad[i].end;
		CHECK_EQ(insert_vm_struct(&mm, vma), -EEXIST);
		vm_area_free(vma);
	}
	/* Touching on either side is no overlap. */
	add(&mm, A + 8 * P, A + 9 * P, RW, 8, &plain_ops, NULL);
	add(&mm, A + 3 * P, A + 4 * P, RW, 3, &plain_ops, NULL);
	CHECK(vmas_match(&mm, VMAS({ A + 3 * P, A + 4 * P, RW, 3, &plain_ops },
				   { A + 4 * P, A + 8 * P, RW, 4, &plain_ops },
				   { A + 8 * P, A + 9 * P, RW, 8, &plain_ops })));
	remove_all(&mm);
	CHECK_EQ(nr_slab_pages(), 0);
}

TEST(vma_split_at_every_position)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct ref ref = { 1 };
	struct vm_area_struct *vma;

	host_env_init();
	for (unsigned long pos = 1; pos < 4; pos++) {
		vma = add(&mm, A, A + 4 * P, RW, 100, &ref_ops, &ref);
		CHECK_EQ(split_vma(&mm, vma, A + pos * P), 0);
		CHECK(vmas_match(&mm, VMAS({ A, A + pos * P, RW, 100, &ref_ops },
					   { A + pos * P, A + 4 * P, RW, 100 + pos, &ref_ops })));
		CHECK(vma_next(&mm, vma)->vm_private_data == &ref);
		CHECK_EQ(ref.count, 2);
		remove_all(&mm);
		CHECK_EQ(ref.count, 0);
		ref.count = 1;
	}
	CHECK_EQ(nr_slab_pages(), 0);
}

/*
 * The list accessors against the tree: from each VMA, vma_next() reaches the VMA find_vma()
 * finds at its end, and vma_prev() steps back to where the walk came from (NULL at either end).
 */
static bool list_steps_match_tree(struct mm_struct *mm)
{
	struct vm_area_struct *vma = first_vma(mm), *prev = NULL;

	if (vma != find_vma(mm, 0))
		return false;
	for (; vma; prev = vma, vma = vma_next(mm, vma))
		if (vma_prev(mm, vma) != prev || vma_next(mm, vma) != find_vma(mm, vma->vm_end))
			return false;
	return true;
}

TEST(vma_list_accessors_follow_the_tree)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct vm_area_struct *a, *b, *c, *vma;
	unsigned long n = 0;

	host_env_init();
	CHECK(first_vma(&mm) == NULL);
	CHECK(list_steps_match_tree(&mm));
	/* Out of order: each lands on the list where the tree search put it. */
	c = add(&mm, A + 8 * P, A + 10 * P, RW, 8, &plain_ops, NULL);
	a = add(&mm, A, A + 2 * P, RW, 0, &plain_ops, NULL);
	b = add(&mm, A + 4 * P, A + 6 * P, RW, 4, &plain_ops, NULL);
	CHECK(first_vma(&mm) == a && vma_next(&mm, a) == b && vma_next(&mm, b) == c);
	CHECK(vma_next(&mm, c) == NULL && vma_prev(&mm, c) == b && vma_prev(&mm, b) == a);
	CHECK(vma_prev(&mm, a) == NULL);
	for_each_vma(&mm, vma)
		n++;
	CHECK_EQ(n, 3);
	CHECK_EQ(split_vma(&mm, b, A + 5 * P), 0);
	CHECK(list_steps_match_tree(&mm));
	CHECK(vma_merge_neighbours(&mm, vma_next(&mm, b)) == b);
	CHECK(list_steps_match_tree(&mm));
	vma_unlink(&mm, a);
	remove_vma(a);
	CHECK(first_vma(&mm) == b && vma_prev(&mm, b) == NULL);
	CHECK(list_steps_match_tree(&mm));
	CHECK(vmas_match(&mm, VMAS({ A + 4 * P, A + 6 * P, RW, 4, &plain_ops },
				   { A + 8 * P, A + 10 * P, RW, 8, &plain_ops })));
	remove_all(&mm);
	CHECK(first_vma(&mm) == NULL);
	CHECK_EQ(nr_slab_pages(), 0);
}

/*
 * Allocate objects of size until the current slab page of that class is full, so that the next
 * allocation needs a fresh page (and fails under failure injection). Returns how many it took.
 */
static int slab_fill_page(void **objs, int max, size_t size)
{
	unsigned long pages = nr_slab_pages();
	int n = 0;

	while (n < max) {
		objs[n++] = kmalloc(size);
		if (nr_slab_pages() != pages) {
			kfree(objs[--n]); /* opened a page: give it back, the old one is full */
			break;
		}
	}
	return n;
}

TEST(vma_split_rejects_bad_positions_and_survives_oom)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct vm_area_struct *vma;
	void *fill[64];
	int n;

	host_env_init();
	vma = add(&mm, A, A + 4 * P, RW, 0, &plain_ops, NULL);
	add(&mm, A + 4 * P, A + 6 * P, VM_READ, 4, &plain_ops, NULL);
	CHECK_EQ(split_vma(&mm, vma, A), -EINVAL);
	CHECK_EQ(split_vma(&mm, vma, A + 4 * P), -EINVAL);
	CHECK_EQ(split_vma(&mm, vma, A + 5 * P), -EINVAL);
	CHECK_EQ(split_vma(&mm, vma, A - P), -EINVAL);
	CHECK_EQ(split_vma(&mm, vma, A + P + 1), -EINVAL);
	n = slab_fill_page(fill, ARRAY_SIZE(fill), sizeof(struct vm_area_struct));
	page_alloc_fail_nth(1);
	CHECK_EQ(split_vma(&mm, vma, A + P), -ENOMEM);
	page_alloc_fail_nth(0);
	while (n)
		kfree(fill[--n]);
	CHECK(vmas_match(&mm, VMAS({ A, A + 4 * P, RW, 0, &plain_ops },
				   { A + 4 * P, A + 6 * P, VM_READ, 4, &plain_ops })));
	remove_all(&mm);
	CHECK_EQ(nr_slab_pages(), 0);
}

TEST(vma_merge_compatible_neighbours_only)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct ref ref = { 0 };
	struct vm_area_struct *prev, *mid;

	host_env_init();
	/* prev + mid + next, all compatible: one VMA; the two folded away are closed. */
	prev = add(&mm, A, A + 2 * P, RW, 10, &ref_ops, &ref);
	mid = add(&mm, A + 2 * P, A + 3 * P, RW, 12, &ref_ops, &ref);
	add(&mm, A + 3 * P, A + 5 * P, RW, 13, &ref_ops, &ref);
	ref.count = 3;
	CHECK(vma_merge_neighbours(&mm, mid) == prev);
	CHECK(vmas_match(&mm, VMAS({ A, A + 5 * P, RW, 10, &ref_ops })));
	CHECK_EQ(ref.count, 1);
	remove_all(&mm);

	/* Only the compatible side merges (here: next). */
	prev = add(&mm, A, A + 2 * P, VM_READ, 10, &ref_ops, &ref);
	mid = add(&mm, A + 2 * P, A + 3 * P, RW, 12, &ref_ops, &ref);
	add(&mm, A + 3 * P, A + 5 * P, RW, 13, &ref_ops, &ref);
	CHECK(vma_merge_neighbours(&mm, mid) == mid);
	CHECK(vmas_match(&mm, VMAS({ A, A + 2 * P, VM_READ, 10, &ref_ops },
				   { A + 2 * P, A + 5 * P, RW, 12, &ref_ops })));
	remove_all(&mm);
	CHECK_EQ(nr_slab_pages(), 0);
}

/* Each case differs from prev = [A, A + 2P) RW pgoff 10 ref_ops &ref MT_NORMAL in one way. */
TEST(vma_merge_refuses_each_incompatibility)
{
	static struct ref ref, other;
	static const struct {
		const char *what;
		unsigned long start, flags, pgoff;
		const struct vm_operations_struct *ops;
		void *priv;
		enum mem_type mt;
	} cases[] = {
		{ "flags", A + 2 * P, VM_READ, 12, &ref_ops, &ref, MT_NORMAL },
		{ "ops", A + 2 * P, RW, 12, &plain_ops, &ref, MT_NORMAL },
		{ "private data", A + 2 * P, RW, 12, &ref_ops, &other, MT_NORMAL },
		{ "memory type", A + 2 * P, RW, 12, &ref_ops, &ref, MT_WC },
		{ "pgoff gap", A + 2 * P, RW, 13, &ref_ops, &ref, MT_NORMAL },
		{ "pgoff backwards", A + 2 * P, RW, 11, &ref_ops, &ref, MT_NORMAL },
		{ "address gap", A + 3 * P, RW, 13, &ref_ops, &ref, MT_NORMAL },
	};
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct vm_area_struct *prev, *next;

	host_env_init();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		prev = add(&mm, A, A + 2 * P, RW, 10, &ref_ops, &ref);
		prev->mem_type = MT_NORMAL;
		next = add(&mm, cases[i].start, cases[i].start + P, cases[i].flags, cases[i].pgoff,
			   cases[i].ops, cases[i].priv);
		next->mem_type = cases[i].mt;
		CHECK(!vma_can_merge(prev, next));
		CHECK(vma_merge_neighbours(&mm, next) == next);
		if (mm.map_count != 2)
			printf("# merged despite different %s\n", cases[i].what);
		CHECK_EQ(mm.map_count, 2);
		remove_all(&mm);
	}
	CHECK_EQ(nr_slab_pages(), 0);
}

/*
 * Random operations on a few hundred VMAs, checked after each one against a page-by-page record
 * of which VMA owns each page: find_vma() at every page (the tree) must name the owner of the
 * first owned page at or above it (the record), and vma_verify() and the list accessors must
 * find the tree and the list in agreement.
 */
#define NR_RANDOM_PAGES 1024
#define NR_RANDOM_OPS 3000

static struct vm_area_struct *owner[NR_RANDOM_PAGES];

static unsigned long rnd(unsigned long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void own(struct vm_area_struct *vma)
{
	for (unsigned long a = vma->vm_start; a < vma->vm_end; a += P)
		owner[(a - A) / P] = vma;
}

static bool find_vma_matches_record(struct mm_struct *mm)
{
	struct vm_area_struct *want = NULL;

	for (unsigned long i = NR_RANDOM_PAGES; i-- > 0;) {
		if (owner[i])
			want = owner[i];
		if (find_vma(mm, A + i * P) != want || find_vma(mm, A + i * P + P - 1) != want)
			return false;
	}
	return find_vma(mm, 0) == want && !find_vma(mm, A + NR_RANDOM_PAGES * P) &&
	       !vma_verify(mm) && list_steps_match_tree(mm);
}

/* Map [first, first + n) pages; -EEXIST exactly when one of them is owned. */
static bool random_insert(struct mm_struct *mm, unsigned long first, unsigned long n)
{
	struct vm_area_struct *vma;
	bool busy = false;

	for (unsigned long i = first; i < first + n; i++)
		busy |= owner[i] != NULL;
	vma = vm_area_alloc(mm);
	vma->vm_start = A + first * P;
	vma->vm_end = A + (first + n) * P;
	vma->vm_flags = RW;
	vma->vm_pgoff = first;
	vma->vm_ops = &plain_ops;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		return busy;
	}
	own(vma);
	return !busy;
}

static void random_op(struct mm_struct *mm, unsigned long *state, unsigned long *bad)
{
	unsigned long page = rnd(state) % NR_RANDOM_PAGES, n = 1 + rnd(state) % 8;
	struct vm_area_struct *vma = owner[page];

	switch (rnd(state) % 4) {
	case 0:
		*bad += !random_insert(mm, page, MIN(n, NR_RANDOM_PAGES - page));
		break;
	case 1: /* split at the page, when it is strictly inside its VMA */
		if (vma && A + page * P > vma->vm_start) {
			*bad += split_vma(mm, vma, A + page * P) != 0;
			own(vma_next(mm, vma));
		}
		break;
	case 2:
		if (vma) {
			for (unsigned long a = vma->vm_start; a < vma->vm_end; a += P)
				owner[(a - A) / P] = NULL;
			vma_unlink(mm, vma);
			remove_vma(vma);
		}
		break;
	default: /* every VMA here is compatible with a touching neighbour */
		if (vma)
			own(vma_merge_neighbours(mm, vma));
	}
}

TEST(vma_tree_random_ops_match_page_record)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	unsigned long state = 0x123456789abcdefUL, bad = 0, max_count = 0;

	host_env_init();
	for (unsigned int op = 0; op < NR_RANDOM_OPS; op++) {
		random_op(&mm, &state, &bad);
		bad += !find_vma_matches_record(&mm);
		max_count = MAX(max_count, mm.map_count);
	}
	CHECK_EQ(bad, 0);
	CHECK(max_count > 100); /* deep enough a tree to rebalance many times */
	remove_all(&mm);
	for (unsigned long i = 0; i < NR_RANDOM_PAGES; i++)
		owner[i] = NULL;
	CHECK_EQ(nr_slab_pages(), 0);
}

/* vma_verify() notices a tree that disagrees with the list. */
TEST(vma_verify_catches_tree_out_of_step)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct vm_area_struct *a;

	host_env_init();
	a = add(&mm, A, A + P, RW, 0, &plain_ops, NULL);
	add(&mm, A + 2 * P, A + 3 * P, RW, 2, &plain_ops, NULL);
	CHECK(vma_verify(&mm) == NULL);
	rb_erase(&a->vm_rb, &mm.mm_rb);
	CHECK(vma_verify(&mm) != NULL);
	CHECK(find_vma(&mm, A) != a);
	/* Back where it belongs: left of the only node left. */
	rb_link_node(&a->vm_rb, mm.mm_rb.rb_node, &mm.mm_rb.rb_node->rb_left);
	rb_insert_color(&a->vm_rb, &mm.mm_rb);
	CHECK(vma_verify(&mm) == NULL);
	remove_all(&mm);
	CHECK_EQ(nr_slab_pages(), 0);
}

/* vma_verify() notices a list whose back links disagree with its forward links. */
TEST(vma_verify_catches_broken_back_link)
{
	struct mm_struct mm = { .mmap_list = LIST_HEAD_INIT(mm.mmap_list) };
	struct vm_area_struct *a, *b, *c;

	host_env_init();
	a = add(&mm, A, A + P, RW, 0, &plain_ops, NULL);
	b = add(&mm, A + 2 * P, A + 3 * P, RW, 2, &plain_ops, NULL);
	c = add(&mm, A + 4 * P, A + 5 * P, RW, 4, &plain_ops, NULL);
	CHECK(vma_verify(&mm) == NULL);
	b->vm_list.prev = &c->vm_list;
	CHECK(vma_verify(&mm) != NULL);
	b->vm_list.prev = &a->vm_list;
	mm.mmap_list.prev = &b->vm_list; /* the tail no longer the last VMA */
	CHECK(vma_verify(&mm) != NULL);
	mm.mmap_list.prev = &c->vm_list;
	CHECK(vma_verify(&mm) == NULL);
	remove_all(&mm);
	CHECK_EQ(nr_slab_pages(), 0);
}
