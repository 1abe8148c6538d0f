/* The sparse pointer array (see xarray.h). */
#include <errno.h>

#include "mm/slab.h"
#include "mm/xarray.h"

#define XA_CHUNK_MASK (XA_CHUNK_SIZE - 1)

static unsigned int xa_offset(const struct xa_node *node, unsigned long index)
{
	return (index >> node->shift) & XA_CHUNK_MASK;
}

/* Does the subtree of the top node reach index? (Two shifts: node->shift may be 60.) */
static bool xa_covers(const struct xa_node *node, unsigned long index)
{
	return ((index >> node->shift) >> XA_CHUNK_SHIFT) == 0;
}

static struct xa_node *xa_node_alloc(struct xarray *xa, unsigned int shift)
{
	struct xa_node *node = kzalloc(sizeof(*node));

	if (node) {
		node->shift = shift;
		xa->xa_nodes++;
	}
	return node;
}

static void xa_node_free(struct xarray *xa, struct xa_node *node)
{
	kfree(node);
	xa->xa_nodes--;
}

static void xa_set_slot(struct xa_node *node, unsigned int offset, void *entry)
{
	node->count += (entry != NULL) - (node->slots[offset] != NULL);
	node->slots[offset] = entry;
}

/* Hang child in slot offset of parent (NULL: make it the top node). */
static void xa_link_node(struct xarray *xa, struct xa_node *parent, unsigned int offset,
			 struct xa_node *child)
{
	child->parent = parent;
	child->offset = offset;
	if (parent)
		xa_set_slot(parent, offset, child);
	else
		xa->xa_head = child;
}

/* While the top node only leads to slot 0, its child can be the top: the tree drops a level. */
static void xa_shrink(struct xarray *xa)
{
	struct xa_node *top;

	while ((top = xa->xa_head) && top->shift && top->count == 1 && top->slots[0]) {
		xa_link_node(xa, NULL, 0, top->slots[0]);
		xa_node_free(xa, top);
	}
}

/* Free node if it holds nothing, then its parent if that leaves it empty, and so on up. */
static void xa_delete_empty(struct xarray *xa, struct xa_node *node)
{
	while (node && !node->count) {
		struct xa_node *parent = node->parent;

		if (parent)
			xa_set_slot(parent, node->offset, NULL);
		else
			xa->xa_head = NULL;
		xa_node_free(xa, node);
		node = parent;
	}
}

/* The smallest node shift whose top node covers index. */
static unsigned int xa_shift_for(unsigned long index)
{
	unsigned int shift = 0;

	while ((index >> shift) >> XA_CHUNK_SHIFT)
		shift += XA_CHUNK_SHIFT;
	return shift;
}

/* Add levels on top until the tree reaches index. Returns 0 or -ENOMEM (levels added stay). */
static int xa_expand(struct xarray *xa, unsigned long index)
{
	struct xa_node *top;

	if (!xa->xa_head) {
		top = xa_node_alloc(xa, xa_shift_for(index));
		if (!top)
			return -ENOMEM;
		xa_link_node(xa, NULL, 0, top);
	}
	while (!xa_covers(xa->xa_head, index)) {
		top = xa_node_alloc(xa, xa->xa_head->shift + XA_CHUNK_SHIFT);
		if (!top)
			return -ENOMEM;
		xa_link_node(xa, top, 0, xa->xa_head);
		xa_link_node(xa, NULL, 0, top);
	}
	return 0;
}

/* The leaf node for index, created along the way; NULL when out of memory (see xa_store). */
static struct xa_node *xa_create_leaf(struct xarray *xa, unsigned long index)
{
	struct xa_node *node, *child;

	if (xa_expand(xa, index))
		return NULL;
	for (node = xa->xa_head; node->shift; node = child) {
		child = node->slots[xa_offset(node, index)];
		if (child)
			continue;
		child = xa_node_alloc(xa, node->shift - XA_CHUNK_SHIFT);
		if (!child) {
			xa_delete_empty(xa, node);
			return NULL;
		}
		xa_link_node(xa, node, xa_offset(node, index), child);
	}
	return node;
}

/* The leaf node that would hold index, or NULL when there is none. */
static struct xa_node *xa_find_leaf(const struct xarray *xa, unsigned long index)
{
	struct xa_node *node = xa->xa_head;

	if (!node || !xa_covers(node, index))
		return NULL;
	while (node && node->shift)
		node = node->slots[xa_offset(node, index)];
	return node;
}

void *xa_load(const struct xarray *xa, unsigned long index)
{
	struct xa_node *leaf = xa_find_leaf(xa, index);

	return leaf ? leaf->slots[xa_offset(leaf, index)] : NULL;
}

int xa_store(struct xarray *xa, unsigned long index, void *entry)
{
	struct xa_node *leaf = xa_create_leaf(xa, index);

	if (!leaf) {
		xa_shrink(xa);
		return -ENOMEM;
	}
	xa_set_slot(leaf, xa_offset(leaf, index), entry);
	return 0;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	struct xa_node *leaf = xa_find_leaf(xa, index);
	void *old;

	if (!leaf)
		return NULL;
	old = leaf->slots[xa_offset(leaf, index)];
	xa_set_slot(leaf, xa_offset(leaf, index), NULL);
	xa_delete_empty(xa, leaf);
	xa_shrink(xa);
	return old;
}

/*
 * The first entry at an index >= *index under node, whose first index is base; *index must not
 * lie beyond node's span. Depth-first over the non-empty slots, so empty ranges cost nothing.
 */
static void *xa_node_find(const struct xa_node *node, unsigned long base, unsigned long *index)
{
	unsigned int offset = *index > base ? (*index - base) >> node->shift : 0;

	for (; offset < XA_CHUNK_SIZE; offset++) {
		unsigned long slot_base = base + ((unsigned long)offset << node->shift);
		void *entry = node->slots[offset];

		if (entry && node->shift)
			entry = xa_node_find(entry, slot_base, index);
		else if (entry)
			*index = slot_base;
		if (entry)
			return entry;
	}
	return NULL;
}

void *xa_find(const struct xarray *xa, unsigned long *index)
{
	if (!xa->xa_head || !xa_covers(xa->xa_head, *index))
		return NULL;
	return xa_node_find(xa->xa_head, 0, index);
}

void *xa_find_after(const struct xarray *xa, unsigned long *index)
{
	unsigned long next = *index + 1;
	void *entry;

	if (!next)
		return NULL;
	entry = xa_find(xa, &next);
	if (entry)
		*index = next;
	return entry;
}

static void xa_free_subtree(struct xarray *xa, struct xa_node *node)
{
	for (unsigned int i = 0; node->shift && i < XA_CHUNK_SIZE; i++)
		if (node->slots[i])
			xa_free_subtree(xa, node->slots[i]);
	xa_node_free(xa, node);
}

void xa_destroy(struct xarray *xa)
{
	if (xa->xa_head)
		xa_free_subtree(xa, xa->xa_head);
	xa->xa_head = NULL;
}
