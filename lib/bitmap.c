/* Bit arrays (see bitmap.h). Bit by bit: the bitmaps here are a few hundred bits. */
#include <bitmap.h>
#include <errno.h>

static void bitmap_assign(unsigned long *bitmap, unsigned int start, unsigned int nr, bool value)
{
	for (unsigned int i = start; i < start + nr; i++) {
		if (value)
			bitmap[i / BITS_PER_LONG] |= BIT(i % BITS_PER_LONG);
		else
			bitmap[i / BITS_PER_LONG] &= ~BIT(i % BITS_PER_LONG);
	}
}

void bitmap_set(unsigned long *bitmap, unsigned int start, unsigned int nr)
{
	bitmap_assign(bitmap, start, nr, true);
}

void bitmap_clear(unsigned long *bitmap, unsigned int start, unsigned int nr)
{
	bitmap_assign(bitmap, start, nr, false);
}

/* Is every bit of [start, start + nr) clear? */
static bool bitmap_region_free(const unsigned long *bitmap, unsigned int start, unsigned int nr)
{
	for (unsigned int i = start; i < start + nr; i++)
		if (test_bit(i, bitmap))
			return false;
	return true;
}

int bitmap_find_free_region(unsigned long *bitmap, unsigned int bits, unsigned int order)
{
	unsigned int nr = 1U << order;

	for (unsigned int pos = 0; pos + nr <= bits; pos += nr) {
		if (bitmap_region_free(bitmap, pos, nr)) {
			bitmap_set(bitmap, pos, nr);
			return pos;
		}
	}
	return -ENOMEM;
}

void bitmap_release_region(unsigned long *bitmap, unsigned int pos, unsigned int order)
{
	bitmap_clear(bitmap, pos, 1U << order);
}
