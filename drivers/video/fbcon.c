/*
 * The framebuffer text console (fbcon.h): characters kept in RAM, cells redrawn when they change.
 */
#include <errno.h>
#include <string.h>

#include "drivers/video/fbcon.h"
#include "drivers/video/font.h"

/* Each font row is drawn this many times: 8x8 glyphs fill 8x16 cells. */
#define FBCON_ROW_REPEAT (FBCON_CELL_HEIGHT / FONT8X8_HEIGHT)
_Static_assert(FBCON_CELL_WIDTH == FONT8X8_WIDTH, "one font column per pixel");
_Static_assert(FBCON_CELL_HEIGHT % FONT8X8_HEIGHT == 0, "whole repeats of font rows");

u32 fbcon_pixel(enum boot_fb_format fmt, u32 rgb)
{
	u32 r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

	/* GOP names the bytes in memory order; both arches are little-endian. */
	if (fmt == BOOT_FB_RGBX8888)
		return r | g << 8 | b << 16;
	return b | g << 8 | r << 16;
}

size_t fbcon_cells_size(u32 width, u32 height)
{
	return 2 * (size_t)(width / FBCON_CELL_WIDTH) * (height / FBCON_CELL_HEIGHT);
}

/* Fill every pixel of the mode with the background (the margins right and below the cells too). */
static void fbcon_clear(struct fbcon *fc, u32 width, u32 height)
{
	for (u32 y = 0; y < height; y++) {
		u32 *row = fc->fb + (size_t)y * fc->stride;

		for (u32 x = 0; x < width; x++)
			row[x] = fc->bg;
	}
}

int fbcon_check_mode(const struct boot_fb *mode)
{
	if (mode->format != BOOT_FB_RGBX8888 && mode->format != BOOT_FB_BGRX8888)
		return -EINVAL;
	if (mode->stride < mode->width || !fbcon_cells_size(mode->width, mode->height))
		return -EINVAL;
	return 0;
}

int fbcon_setup(struct fbcon *fc, void *fb, const struct boot_fb *mode, u8 *cells)
{
	size_t ncells = fbcon_cells_size(mode->width, mode->height) / 2;

	if (fbcon_check_mode(mode))
		return -EINVAL;
	*fc = (struct fbcon){
		.fb = fb,
		.stride = mode->stride,
		.cols = mode->width / FBCON_CELL_WIDTH,
		.rows = mode->height / FBCON_CELL_HEIGHT,
		.fg = fbcon_pixel(mode->format, FBCON_FG),
		.bg = fbcon_pixel(mode->format, FBCON_BG),
		.text = cells,
		.shown = cells + ncells,
	};
	fbcon_clear(fc, mode->width, mode->height);
	memset(fc->text, ' ', ncells);
	memset(fc->shown, ' ', ncells);
	return 0;
}

/* Draw character c in cell idx; with cursor, its two bottom pixel rows are lit (underline). */
static void fbcon_draw_cell(struct fbcon *fc, u32 idx, u8 c, bool cursor)
{
	const u8 *glyph = font8x8_glyph(c);
	u32 *row = fc->fb + (size_t)(idx / fc->cols) * FBCON_CELL_HEIGHT * fc->stride +
		   (idx % fc->cols) * FBCON_CELL_WIDTH;

	for (u32 y = 0; y < FBCON_CELL_HEIGHT; y++, row += fc->stride) {
		u8 bits = cursor && y >= FBCON_CELL_HEIGHT - 2 ? 0xff : glyph[y / FBCON_ROW_REPEAT];

		for (u32 x = 0; x < FBCON_CELL_WIDTH; x++)
			row[x] = bits & (0x80 >> x) ? fc->fg : fc->bg;
	}
}

/*
 * Redraw every cell whose character changed, and the cursor. The cursor's cell is recorded as
 * unknown (0), so it is redrawn, without the cursor, once the cursor has moved on.
 */
static void fbcon_flush(struct fbcon *fc)
{
	u32 n = fc->rows * fc->cols;
	u32 cursor = fc->y * fc->cols + MIN(fc->x, fc->cols - 1);

	fc->shown[cursor] = 0;
	for (u32 i = 0; i < n; i++) {
		if (fc->text[i] == fc->shown[i])
			continue;
		fbcon_draw_cell(fc, i, fc->text[i], i == cursor);
		fc->shown[i] = i == cursor ? 0 : fc->text[i];
	}
}

/* Column 0 of the next row; at the bottom the text moves up a row and the last row is blank. */
static void fbcon_newline(struct fbcon *fc)
{
	fc->x = 0;
	if (fc->y + 1 < fc->rows) {
		fc->y++;
		return;
	}
	memmove(fc->text, fc->text + fc->cols, (size_t)(fc->rows - 1) * fc->cols);
	memset(fc->text + (size_t)(fc->rows - 1) * fc->cols, ' ', fc->cols);
}

static void fbcon_putc(struct fbcon *fc, u8 c)
{
	switch (c) {
	case '\n':
		fbcon_newline(fc);
		return;
	case '\r':
		fc->x = 0;
		return;
	case '\b':
		if (fc->x)
			fc->x--;
		return;
	case '\t':
		fc->x = MIN(ALIGN_DOWN(fc->x, FBCON_TAB) + FBCON_TAB, fc->cols);
		return;
	}
	if (c < ' ' || c == 0x7f)
		return;
	/* Wrap only when a character follows: a full line then '\n' leaves no blank line. */
	if (fc->x == fc->cols)
		fbcon_newline(fc);
	fc->text[fc->y * fc->cols + fc->x++] = c;
}

void fbcon_write(struct fbcon *fc, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fbcon_putc(fc, (u8)s[i]);
	fbcon_flush(fc);
}
