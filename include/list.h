/*
 * Circular doubly linked lists with a sentinel head (Linux include/linux/list.h, the subset
 * Pagoda uses). A list_head is embedded in each element; the head is a list_head of its own
 * whose next is the first element and prev the last, so an empty list points at itself and no
 * operation needs a NULL check. list_entry() turns a link back into its element.
 *
 * Removal with list_del() leaves the element's links poisoned (NULL): a second list_del() or a
 * walk from a removed element faults instead of corrupting a list.
 */
#ifndef PAGODA_LIST_H
#define PAGODA_LIST_H

#include "types.h"

struct list_head {
	struct list_head *next, *prev;
};

/* clang-format off */
#define LIST_HEAD_INIT(name) { &(name), &(name) }
/* clang-format on */
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *new, struct list_head *prev, struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/* Insert new right after head (a stack push when head is the list head). */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

/* Insert new right before head (a queue append when head is the list head). */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

/* Take entry out of its list; its links are poisoned until it is added again. */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = NULL;
	entry->prev = NULL;
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline bool list_is_head(const struct list_head *list, const struct list_head *head)
{
	return list == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
/* The first element; the list must not be empty. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)
/* The first element, or NULL when the list is empty. */
#define list_first_entry_or_null(head, type, member)                                               \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each_entry(pos, head, member)                                                     \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member);                           \
	     !list_is_head(&(pos)->member, head); (pos) = list_next_entry(pos, member))

/* The same, with n holding the next element so that pos may be removed from the list. */
#define list_for_each_entry_safe(pos, n, head, member)                                             \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member),                           \
	    (n) = list_next_entry(pos, member);                                                    \
	     !list_is_head(&(pos)->member, head); (pos) = (n), (n) = list_next_entry(n, member))

#endif
