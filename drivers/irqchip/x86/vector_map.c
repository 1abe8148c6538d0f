/* The vector allocator (vector.h): a bitmap over the IDT, hostable. */
#include <errno.h>

#include "drivers/irqchip/x86/vector.h"

#define MAX_VECTOR_BLOCK 32 /* multi-message MSI asks for at most 32 */

static bool vector_used(const struct vector_map *map, unsigned int v)
{
	return map->used[v / 64] & BIT(v % 64);
}

static bool block_free(const struct vector_map *map, unsigned int first, unsigned int nr)
{
	for (unsigned int v = first; v < first + nr; v++)
		if (vector_used(map, v))
			return false;
	return true;
}

static void block_set(struct vector_map *map, unsigned int first, unsigned int nr, bool used)
{
	for (unsigned int v = first; v < first + nr; v++) {
		if (used)
			map->used[v / 64] |= BIT(v % 64);
		else
			map->used[v / 64] &= ~BIT(v % 64);
	}
}

unsigned int vector_block_size(unsigned int n)
{
	unsigned int size = 1;

	while (size < n)
		size <<= 1;
	return size;
}

int vector_map_alloc(struct vector_map *map, unsigned int nr)
{
	unsigned int first = ALIGN_UP(FIRST_DEVICE_VECTOR, nr);

	if (nr == 0 || nr > MAX_VECTOR_BLOCK || vector_block_size(nr) != nr)
		return -EINVAL;
	for (; first + nr - 1 <= LAST_DEVICE_VECTOR; first += nr) {
		if (block_free(map, first, nr)) {
			block_set(map, first, nr, true);
			return (int)first;
		}
	}
	return -ENOSPC;
}

void vector_map_free(struct vector_map *map, unsigned int vector, unsigned int nr)
{
	block_set(map, vector, nr, false);
}
