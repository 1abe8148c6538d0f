/* Host tests of the list helpers (include/list.h). */
#include <list.h>

#include "tap.h"

struct elem {
	int value;
	struct list_head link;
};

/* The values of head's elements, in order, are want[0..n). */
static bool list_holds(struct list_head *head, const int *want, int n)
{
	struct elem *e;
	int i = 0;

	list_for_each_entry(e, head, link)
	{
		if (i == n || e->value != want[i] || e->link.next->prev != &e->link)
			return false;
		i++;
	}
	return i == n && head->next->prev == head;
}

TEST(list_add_tail_del_and_walks)
{
	struct elem e[4] = { { .value = 0 }, { .value = 1 }, { .value = 2 }, { .value = 3 } };
	struct elem *pos, *n;
	LIST_HEAD(head);

	CHECK(list_empty(&head));
	CHECK(list_first_entry_or_null(&head, struct elem, link) == NULL);
	list_add_tail(&e[1].link, &head);
	list_add_tail(&e[2].link, &head);
	list_add(&e[0].link, &head);
	list_add_tail(&e[3].link, &head);
	CHECK(list_holds(&head, (const int[]){ 0, 1, 2, 3 }, 4));
	CHECK(list_first_entry(&head, struct elem, link) == &e[0]);
	CHECK(list_last_entry(&head, struct elem, link) == &e[3]);
	list_del(&e[2].link);
	CHECK(e[2].link.next == NULL && e[2].link.prev == NULL);
	CHECK(list_holds(&head, (const int[]){ 0, 1, 3 }, 3));
	list_for_each_entry_safe(pos, n, &head, link) if (pos->value != 1) list_del(&pos->link);
	CHECK(list_holds(&head, (const int[]){ 1 }, 1));
	list_del(&e[1].link);
	CHECK(list_empty(&head));
}
