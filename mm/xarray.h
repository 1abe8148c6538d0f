/*
 * A sparse array of pointers indexed by unsigned long (the core of Linux's xarray, without marks,
 * multi-index entries or locking): a radix tree of 64-way nodes, created on demand along the path
 * of each stored index and freed as soon as they hold nothing. Memory follows what is stored,
 * not the range of indices: one entry at index 2^24 costs 5 nodes, the empty array costs none.
 *
 *   xa_head -> node (shift 12) -> node (shift 6) -> node (shift 0) -> entries
 *              slot = (index >> 12) & 63      ... & 63                index & 63
 *
 * The tree is only as tall as its largest index needs: storing above what the top node covers
 * adds levels on top, erasing shrinks it back. Lookups cost one step per level (at most 11).
 * Nodes come from kmalloc; an allocation failure leaves the array as it was.
 *
 * Entries are any non-NULL pointers (NULL means "nothing there"). Locking: the owner serialises.
 */
#ifndef PAGODA_MM_XARRAY_H
#define PAGODA_MM_XARRAY_H

#include "types.h"

#define XA_CHUNK_SHIFT 6
#define XA_CHUNK_SIZE (1UL << XA_CHUNK_SHIFT)

struct xa_node {
	struct xa_node *parent;	    /* NULL for the top node */
	u8 shift;		    /* index bits below this node's slots: 0 for a leaf node */
	u8 offset;		    /* slot of this node in its parent */
	u8 count;		    /* non-NULL slots */
	void *slots[XA_CHUNK_SIZE]; /* entries (leaf) or child nodes */
};

struct xarray {
	struct xa_node *xa_head; /* top node, NULL when the array is empty */
	unsigned long xa_nodes;	 /* nodes allocated, for leak checks */
};

#define XARRAY_INIT ((struct xarray){ NULL, 0 })

/* The entry at index, or NULL. */
void *xa_load(const struct xarray *xa, unsigned long index);
/*
 * Store entry (not NULL) at index, replacing what was there. Returns 0, or -ENOMEM when a node
 * could not be allocated (the array is unchanged).
 */
int xa_store(struct xarray *xa, unsigned long index, void *entry);
/* Remove the entry at index and free the nodes left empty. Returns what was there, or NULL. */
void *xa_erase(struct xarray *xa, unsigned long index);

/* The first entry at an index >= *index, with *index set to it; NULL when there is none. */
void *xa_find(const struct xarray *xa, unsigned long *index);
/* The same strictly above *index. */
void *xa_find_after(const struct xarray *xa, unsigned long *index);
/* Every entry in index order; the body may erase the current entry. */
#define xa_for_each(xa, index, entry)                                                              \
	for ((index) = 0, (entry) = xa_find(xa, &(index)); (entry);                                \
	     (entry) = xa_find_after(xa, &(index)))

/* Free every node; the entries themselves are the caller's (free them first with xa_for_each). */
void xa_destroy(struct xarray *xa);

static inline bool xa_empty(const struct xarray *xa)
{
	return !xa->xa_head;
}

#endif
