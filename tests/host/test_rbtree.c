/*
 * Host tests of the red-black tree (lib/rbtree.c): random inserts and erases checked after
 * every operation against a reference set kept as a flag array, by walking the tree in order
 * both ways, and with rb_verify() for the colour and link invariants.
 */
#include <rbtree.h>

#include "tap.h"

#define NR_KEYS 512
#define NR_OPS 20000

struct item {
	struct rb_node node;
	unsigned int key;
	bool in_tree;
};

static struct item items[NR_KEYS];

/* xorshift64: a fixed sequence, so a failure reproduces. */
static unsigned long rnd(unsigned long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void insert(struct rb_root *root, struct item *it)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, node)->key ? &parent->rb_left :
									    &parent->rb_right;
	}
	rb_link_node(&it->node, parent, link);
	rb_insert_color(&it->node, root);
	it->in_tree = true;
}

static void erase(struct rb_root *root, struct item *it)
{
	rb_erase(&it->node, root);
	it->in_tree = false;
}

/* The tree holds exactly the items flagged in_tree, in key order, read forwards and backwards. */
static bool tree_matches(const struct rb_root *root)
{
	const struct rb_node *fwd = rb_first(root), *back = rb_last(root);
	unsigned long count;

	if (rb_verify(root, &count))
		return false;
	for (unsigned int k = 0; k < NR_KEYS; k++) {
		if (!items[k].in_tree)
			continue;
		if (fwd != &items[k].node)
			return false;
		fwd = rb_next(fwd);
		count--;
	}
	for (unsigned int k = NR_KEYS; k-- > 0;) {
		if (!items[k].in_tree)
			continue;
		if (back != &items[k].node)
			return false;
		back = rb_prev(back);
	}
	return !fwd && !back && count == 0;
}

static unsigned int height(const struct rb_node *node)
{
	unsigned int l, r;

	if (!node)
		return 0;
	l = height(node->rb_left);
	r = height(node->rb_right);
	return 1 + (l > r ? l : r);
}

static void reset(struct rb_root *root)
{
	*root = RB_ROOT;
	for (unsigned int k = 0; k < NR_KEYS; k++)
		items[k] = (struct item){ .key = k };
}

TEST(rbtree_random_ops_match_reference)
{
	struct rb_root root;
	unsigned long state = 0x2545f4914f6cdd1dUL, bad = 0;

	reset(&root);
	CHECK(rb_first(&root) == NULL && rb_last(&root) == NULL);
	for (unsigned int op = 0; op < NR_OPS; op++) {
		struct item *it = &items[rnd(&state) % NR_KEYS];

		if (it->in_tree)
			erase(&root, it);
		else
			insert(&root, it);
		bad += !tree_matches(&root);
	}
	CHECK_EQ(bad, 0);
}

/* Sorted runs are the worst case of an unbalanced tree: the height must stay logarithmic. */
TEST(rbtree_sorted_inserts_stay_balanced_and_erase_to_empty)
{
	struct rb_root root;
	unsigned long count, bad = 0;

	reset(&root);
	for (unsigned int k = 0; k < NR_KEYS; k++)
		insert(&root, &items[k]);
	CHECK(rb_verify(&root, &count) == NULL);
	CHECK_EQ(count, NR_KEYS);
	CHECK(height(root.rb_node) <= 18); /* the bound 2 log2(NR_KEYS + 1) */
	for (unsigned int k = NR_KEYS; k-- > 0;) {
		erase(&root, &items[k]);
		bad += !tree_matches(&root);
	}
	CHECK_EQ(bad, 0);
	CHECK(RB_EMPTY_ROOT(&root));
}

/* Erasing the root and inner nodes with two children, in an order unlike insertion. */
TEST(rbtree_erase_inner_nodes)
{
	struct rb_root root;
	unsigned long bad = 0;

	reset(&root);
	for (unsigned int k = 0; k < NR_KEYS; k++)
		insert(&root, &items[(k * 7) % NR_KEYS]); /* 7 is coprime to NR_KEYS */
	while (!RB_EMPTY_ROOT(&root)) {
		erase(&root, rb_entry(root.rb_node, struct item, node));
		bad += !tree_matches(&root);
	}
	CHECK_EQ(bad, 0);
}
