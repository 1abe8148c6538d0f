/*
 * Red-black trees (Linux include/linux/rbtree.h, without augmentation). The tree holds no keys
 * and calls no comparison: the user embeds a struct rb_node in each element, walks down from the
 * root with its own comparison to find where a new node goes, links it there with rb_link_node()
 * and then lets rb_insert_color() rebalance:
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *
 *	while (*link) {
 *		parent = *link;
 *		link = key < rb_entry(parent, struct thing, node)->key ? &parent->rb_left
 *								       : &parent->rb_right;
 *	}
 *	rb_link_node(&new->node, parent, link);
 *	rb_insert_color(&new->node, root);
 *
 * Invariants (rb_verify() checks them): a red node has no red child, and every path from the
 * root down to a missing child passes the same number of black nodes. So the height stays
 * within 2 log2(n + 1) and every operation here is O(log n); rb_next/rb_prev are O(1) amortised
 * over a whole walk.
 *
 * A node's parent pointer and colour share one word (nodes are at least 4-byte aligned).
 * Locking: none; the owner of the tree serialises.
 */
#ifndef PAGODA_RBTREE_H
#define PAGODA_RBTREE_H

#include "types.h"

struct rb_node {
	unsigned long __rb_parent_color; /* parent pointer | colour in bit 0 (1: black) */
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)

/* Hang node (red, childless) at *link below parent; rb_insert_color() must follow. */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent, struct rb_node **link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

/* Restore the invariants after rb_link_node() added node to root. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Take node out of root and rebalance; node's own fields are left stale. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* The leftmost / rightmost node, or NULL when the tree is empty. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
/* The in-order successor / predecessor of node, or NULL at the end. */
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * Check the red-black and link invariants of the whole tree (O(n), for tests and debug
 * checks). Returns NULL when they hold, else what is broken; *count gets the number of nodes.
 */
const char *rb_verify(const struct rb_root *root, unsigned long *count);

#endif
