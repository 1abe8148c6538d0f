/*
 * Red-black tree rebalancing (see rbtree.h). Every case has a mirror image with left and right
 * swapped; the code is written once over a direction instead of twice.
 */
#include <rbtree.h>

#define RB_RED 0UL
#define RB_BLACK 1UL

enum rb_dir { RB_LEFT, RB_RIGHT };

static enum rb_dir rb_opposite(enum rb_dir dir)
{
	return dir == RB_LEFT ? RB_RIGHT : RB_LEFT;
}

static struct rb_node **rb_child(struct rb_node *node, enum rb_dir dir)
{
	return dir == RB_LEFT ? &node->rb_left : &node->rb_right;
}

/* Which side of its parent node hangs on (parent must be node's parent, node may be NULL). */
static enum rb_dir rb_side(const struct rb_node *parent, const struct rb_node *node)
{
	return parent->rb_left == node ? RB_LEFT : RB_RIGHT;
}

static unsigned long rb_color(const struct rb_node *node)
{
	return node->__rb_parent_color & 1;
}

/* Missing children count as black. */
static bool rb_is_black(const struct rb_node *node)
{
	return !node || rb_color(node) == RB_BLACK;
}

static void rb_set_color(struct rb_node *node, unsigned long color)
{
	node->__rb_parent_color = (node->__rb_parent_color & ~1UL) | color;
}

static void rb_set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->__rb_parent_color = (unsigned long)parent | rb_color(node);
}

/* Make parent (NULL: the root) point at new where it pointed at old. */
static void rb_change_child(struct rb_node *old, struct rb_node *new, struct rb_node *parent,
			    struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else
		*rb_child(parent, rb_side(parent, old)) = new;
}

/*
 * Rotate node down towards dir: its child on the other side takes its place, node becomes
 * that child's dir child. In-order sequence and colours are unchanged.
 */
static void rb_rotate(struct rb_node *node, enum rb_dir dir, struct rb_root *root)
{
	enum rb_dir up = rb_opposite(dir);
	struct rb_node *pivot = *rb_child(node, up), *parent = rb_parent(node);
	struct rb_node *inner = *rb_child(pivot, dir);

	*rb_child(node, up) = inner;
	if (inner)
		rb_set_parent(inner, node);
	*rb_child(pivot, dir) = node;
	rb_set_parent(pivot, parent);
	rb_set_parent(node, pivot);
	rb_change_child(node, pivot, parent, root);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;
	enum rb_dir dir;

	while ((parent = rb_parent(node)) && !rb_is_black(parent)) {
		/* parent is red, so it is not the root: gparent exists. */
		gparent = rb_parent(parent);
		dir = rb_side(gparent, parent);
		uncle = *rb_child(gparent, rb_opposite(dir));
		if (!rb_is_black(uncle)) {
			/* Push gparent's blackness down one level; the red may now clash higher. */
			rb_set_color(parent, RB_BLACK);
			rb_set_color(uncle, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (node == *rb_child(parent, rb_opposite(dir))) {
			/* Inner grandchild: turn it into the outer case. */
			rb_rotate(parent, dir, root);
			node = parent;
			parent = rb_parent(node);
		}
		rb_set_color(parent, RB_BLACK);
		rb_set_color(gparent, RB_RED);
		rb_rotate(gparent, rb_opposite(dir), root);
		break;
	}
	rb_set_color(root->rb_node, RB_BLACK);
}

/*
 * A black node was removed above node (possibly NULL), whose parent is parent: the paths
 * through node lack one black. Borrow it from the sibling's side or push the lack upwards.
 */
static void rb_erase_color(struct rb_node *node, struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *sibling, *near, *far;
	enum rb_dir dir;

	while (rb_is_black(node) && node != root->rb_node) {
		/* node's side has a black deficit, so the sibling's side has a node: no NULL. */
		dir = rb_side(parent, node);
		sibling = *rb_child(parent, rb_opposite(dir));
		if (!rb_is_black(sibling)) {
			rb_set_color(sibling, RB_BLACK);
			rb_set_color(parent, RB_RED);
			rb_rotate(parent, dir, root);
			sibling = *rb_child(parent, rb_opposite(dir));
		}
		near = *rb_child(sibling, dir);
		far = *rb_child(sibling, rb_opposite(dir));
		if (rb_is_black(near) && rb_is_black(far)) {
			rb_set_color(sibling, RB_RED);
			node = parent;
			parent = rb_parent(node);
			continue;
		}
		if (rb_is_black(far)) {
			rb_set_color(near, RB_BLACK);
			rb_set_color(sibling, RB_RED);
			rb_rotate(sibling, rb_opposite(dir), root);
			sibling = *rb_child(parent, rb_opposite(dir));
		}
		rb_set_color(sibling, rb_color(parent));
		rb_set_color(parent, RB_BLACK);
		rb_set_color(*rb_child(sibling, rb_opposite(dir)), RB_BLACK);
		rb_rotate(parent, dir, root);
		node = root->rb_node;
		break;
	}
	if (node)
		rb_set_color(node, RB_BLACK);
}

/* The extreme node of the subtree under node in direction dir. */
static struct rb_node *rb_extreme(struct rb_node *node, enum rb_dir dir)
{
	while (*rb_child(node, dir))
		node = *rb_child(node, dir);
	return node;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent, *old = node;
	unsigned long color;

	if (node->rb_left && node->rb_right) {
		/* Two children: the in-order successor (no left child) takes node's place. */
		node = rb_extreme(old->rb_right, RB_LEFT);
		child = node->rb_right;
		parent = rb_parent(node);
		color = rb_color(node);
		rb_change_child(old, node, rb_parent(old), root);
		if (parent == old) {
			parent = node;
		} else {
			if (child)
				rb_set_parent(child, parent);
			parent->rb_left = child;
			node->rb_right = old->rb_right;
			rb_set_parent(old->rb_right, node);
		}
		node->__rb_parent_color = old->__rb_parent_color;
		node->rb_left = old->rb_left;
		rb_set_parent(old->rb_left, node);
	} else {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		color = rb_color(node);
		if (child)
			rb_set_parent(child, parent);
		rb_change_child(node, child, parent, root);
	}
	if (color == RB_BLACK)
		rb_erase_color(child, parent, root);
}

static struct rb_node *rb_root_extreme(const struct rb_root *root, enum rb_dir dir)
{
	return root->rb_node ? rb_extreme(root->rb_node, dir) : NULL;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return rb_root_extreme(root, RB_LEFT);
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return rb_root_extreme(root, RB_RIGHT);
}

/* The neighbour of node in in-order direction dir (RB_RIGHT: successor), or NULL. */
static struct rb_node *rb_step(const struct rb_node *node, enum rb_dir dir)
{
	struct rb_node *parent, *down = *rb_child((struct rb_node *)node, dir);

	if (down)
		return rb_extreme(down, rb_opposite(dir));
	while ((parent = rb_parent(node)) && node == *rb_child(parent, dir))
		node = parent;
	return parent;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	return rb_step(node, RB_RIGHT);
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	return rb_step(node, RB_LEFT);
}

/*
 * Check the subtree under node, whose parent must be parent; *black_height gets the number of
 * black nodes on each of its paths down to a missing child.
 */
static const char *rb_verify_subtree(const struct rb_node *node, const struct rb_node *parent,
				     unsigned long *black_height, unsigned long *count)
{
	unsigned long left_height, right_height;
	const char *why;

	*black_height = 0;
	if (!node)
		return NULL;
	if (rb_parent(node) != parent)
		return "parent pointer does not match the tree";
	if (node->__rb_parent_color & 2)
		return "stray bit in the parent word";
	if (!rb_is_black(node) && !rb_is_black(parent))
		return "red node with a red parent";
	why = rb_verify_subtree(node->rb_left, node, &left_height, count);
	if (!why)
		why = rb_verify_subtree(node->rb_right, node, &right_height, count);
	if (why)
		return why;
	if (left_height != right_height)
		return "black heights differ";
	*black_height = left_height + rb_is_black(node);
	(*count)++;
	return NULL;
}

const char *rb_verify(const struct rb_root *root, unsigned long *count)
{
	unsigned long height;

	*count = 0;
	if (!rb_is_black(root->rb_node))
		return "red root";
	return rb_verify_subtree(root->rb_node, NULL, &height, count);
}
