/*
 * The built-in console font: 8x8 glyphs for printable ASCII, drawn for Pagoda (font8x8.c). The
 * text console shows each glyph row twice, so a character cell is 8x16 pixels.
 */
#ifndef PAGODA_DRIVERS_VIDEO_FONT_H
#define PAGODA_DRIVERS_VIDEO_FONT_H

#include "types.h"

#define FONT8X8_WIDTH 8
#define FONT8X8_HEIGHT 8
#define FONT8X8_FIRST 0x20	 /* ' ' */
#define FONT8X8_LAST 0x7e	 /* '~' */
#define FONT8X8_REPLACEMENT 0x7f /* a box, drawn for every byte outside FIRST..LAST */

/* Row r of a glyph is glyph[r]; bit 7 is the leftmost pixel. */
extern const u8 font8x8[FONT8X8_REPLACEMENT - FONT8X8_FIRST + 1][FONT8X8_HEIGHT];

/* The glyph for byte c (the replacement box when c is not printable ASCII). */
static inline const u8 *font8x8_glyph(unsigned char c)
{
	if (c < FONT8X8_FIRST || c > FONT8X8_LAST)
		c = FONT8X8_REPLACEMENT;
	return font8x8[c - FONT8X8_FIRST];
}

#endif
