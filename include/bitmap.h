/*
 * Bit arrays (Linux include/linux/bitmap.h, the part the interrupt controllers use): a bitmap is
 * an array of unsigned long, bit n in word n / BITS_PER_LONG. lib/bitmap.c.
 */
#ifndef PAGODA_BITMAP_H
#define PAGODA_BITMAP_H

#include "types.h"

#define BITS_PER_LONG 64
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline bool test_bit(unsigned int nr, const unsigned long *bitmap)
{
	return bitmap[nr / BITS_PER_LONG] & BIT(nr % BITS_PER_LONG);
}

/* Set or clear bits [start, start + nr). */
void bitmap_set(unsigned long *bitmap, unsigned int start, unsigned int nr);
void bitmap_clear(unsigned long *bitmap, unsigned int start, unsigned int nr);

/*
 * Find a free block of 1 << order bits that starts at a multiple of 1 << order and ends within
 * the first bits bits, and mark it used: a naturally aligned power-of-two region, which is what
 * multi-message MSI needs of its message data. Returns the first bit, or -ENOMEM with nothing
 * changed when there is no such block.
 */
int bitmap_find_free_region(unsigned long *bitmap, unsigned int bits, unsigned int order);
/* Free the region that bitmap_find_free_region() returned at pos. */
void bitmap_release_region(unsigned long *bitmap, unsigned int pos, unsigned int order);

/* The order of the smallest power of two >= count (Linux get_count_order); 0 for count <= 1. */
static inline unsigned int get_count_order(unsigned int count)
{
	return count <= 1 ? 0 : 32 - __builtin_clz(count - 1);
}

#endif
