/*
 * The framebuffer text console (drivers/video/fbcon.c) drawing into RAM, and the font it uses:
 * glyph placement and scaling, the cursor, wrapping, scrolling, control characters, both pixel
 * formats, and that only changed cells are redrawn.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/video/fbcon.h"
#include "drivers/video/font.h"
#include "tap.h"

#define POISON 0xdeadbeefu /* never an fbcon colour */

struct screen {
	struct fbcon fc;
	struct boot_fb mode;
	u32 *pixels;
	u8 *cells;
};

/* A cols x rows cell console over a RAM framebuffer with pad spare pixels per scan line. */
static void screen_open(struct screen *s, u32 cols, u32 rows, u32 pad, enum boot_fb_format fmt)
{
	s->mode = (struct boot_fb){ .width = cols * FBCON_CELL_WIDTH,
				    .height = rows * FBCON_CELL_HEIGHT,
				    .stride = cols * FBCON_CELL_WIDTH + pad,
				    .format = fmt };
	s->pixels = malloc((size_t)s->mode.stride * s->mode.height * sizeof(u32));
	for (size_t i = 0; i < (size_t)s->mode.stride * s->mode.height; i++)
		s->pixels[i] = POISON;
	s->cells = malloc(fbcon_cells_size(s->mode.width, s->mode.height));
	CHECK_EQ(fbcon_setup(&s->fc, s->pixels, &s->mode, s->cells), 0);
}

static void screen_close(struct screen *s)
{
	free(s->pixels);
	free(s->cells);
}

static void put(struct screen *s, const char *str)
{
	fbcon_write(&s->fc, str, strlen(str));
}

static u32 *pixel(struct screen *s, u32 x, u32 y)
{
	return &s->pixels[(size_t)y * s->mode.stride + x];
}

/*
 * Does cell (col, row) show c, each font row twice, fg on bg (with cursor: the bottom two pixel
 * rows lit)? Computed from the font data, independently of fbcon's drawing loop.
 */
static bool cell_shows(struct screen *s, u32 col, u32 row, u8 c, bool cursor)
{
	u32 fg = fbcon_pixel(s->mode.format, FBCON_FG), bg = fbcon_pixel(s->mode.format, FBCON_BG);
	const u8 *glyph = font8x8_glyph(c);

	for (u32 y = 0; y < FBCON_CELL_HEIGHT; y++) {
		for (u32 x = 0; x < FBCON_CELL_WIDTH; x++) {
			bool lit = (glyph[y / 2] >> (7 - x)) & 1;
			u32 want = lit || (cursor && y >= FBCON_CELL_HEIGHT - 2) ? fg : bg;

			if (*pixel(s, col * FBCON_CELL_WIDTH + x, row * FBCON_CELL_HEIGHT + y) !=
			    want)
				return false;
		}
	}
	return true;
}

/* Row `row` of the screen shows str padded with blanks; the cursor cell is not checked. */
static bool row_shows(struct screen *s, u32 row, const char *str)
{
	for (u32 col = 0; col < s->fc.cols; col++) {
		u8 c = col < strlen(str) ? str[col] : ' ';

		if (row == s->fc.y && col == MIN(s->fc.x, s->fc.cols - 1))
			continue;
		if (!cell_shows(s, col, row, c, false)) {
			printf("# row %u col %u does not show '%c'\n", row, col, c);
			return false;
		}
	}
	return true;
}

TEST(fbcon_pixel_formats)
{
	CHECK_EQ(fbcon_pixel(BOOT_FB_RGBX8888, 0x112233), 0x332211); /* bytes R G B X */
	CHECK_EQ(fbcon_pixel(BOOT_FB_BGRX8888, 0x112233), 0x112233); /* bytes B G R X */
	CHECK_EQ(fbcon_pixel(BOOT_FB_RGBX8888, 0xff0000), 0x0000ff);
	CHECK_EQ(fbcon_pixel(BOOT_FB_BGRX8888, 0xff0000), 0xff0000);
}

TEST(fbcon_rejects_modes_it_cannot_draw)
{
	struct boot_fb ok = {
		.width = 640, .height = 480, .stride = 640, .format = BOOT_FB_BGRX8888
	};
	struct boot_fb m;

	CHECK_EQ(fbcon_check_mode(&ok), 0);
	m = ok, m.format = BOOT_FB_NONE;
	CHECK_EQ(fbcon_check_mode(&m), -EINVAL);
	m = ok, m.stride = 639;
	CHECK_EQ(fbcon_check_mode(&m), -EINVAL);
	m = ok, m.width = FBCON_CELL_WIDTH - 1;
	CHECK_EQ(fbcon_check_mode(&m), -EINVAL);
	m = ok, m.height = FBCON_CELL_HEIGHT - 1;
	CHECK_EQ(fbcon_check_mode(&m), -EINVAL);
	CHECK_EQ(fbcon_cells_size(640, 480), 2 * 80 * 30);
	CHECK_EQ(fbcon_cells_size(1023, 767), 2 * 127 * 47); /* partial cells are margin */
}

/* Glyphs land in their cell, scaled 2x vertically, in either format; the pad stays untouched. */
static void check_placement(enum boot_fb_format fmt)
{
	struct screen s;

	screen_open(&s, 4, 2, 3, fmt);
	CHECK(cell_shows(&s, 0, 0, ' ', false)); /* cleared, no cursor drawn before a write */
	put(&s, "A~");
	CHECK(cell_shows(&s, 0, 0, 'A', false));
	CHECK(cell_shows(&s, 1, 0, '~', false));
	CHECK(cell_shows(&s, 2, 0, ' ', true)); /* the cursor, after the text */
	CHECK(row_shows(&s, 1, ""));
	for (u32 y = 0; y < s.mode.height; y++)
		for (u32 x = s.mode.width; x < s.mode.stride; x++)
			CHECK_EQ(*pixel(&s, x, y), POISON);
	/* 'A' in BGRX and RGBX alike: its top row is lit in columns 2-4 only. */
	for (u32 x = 0; x < FBCON_CELL_WIDTH; x++)
		CHECK_EQ(*pixel(&s, x, 1),
			 fbcon_pixel(fmt, x >= 2 && x <= 4 ? FBCON_FG : FBCON_BG));
	screen_close(&s);
}

TEST(fbcon_glyph_placement_both_formats)
{
	check_placement(BOOT_FB_RGBX8888);
	check_placement(BOOT_FB_BGRX8888);
}

TEST(fbcon_wraps_long_lines_without_blank_lines)
{
	struct screen s;

	screen_open(&s, 4, 3, 0, BOOT_FB_BGRX8888);
	put(&s, "abcdef");
	CHECK(row_shows(&s, 0, "abcd"));
	CHECK(row_shows(&s, 1, "ef"));
	CHECK_EQ(s.fc.y, 1);
	put(&s, "\nwxyz\n1");
	CHECK(row_shows(&s, 2, "1")); /* a full line then '\n': the next line, not one more */
	CHECK_EQ(s.fc.x, 1);
	screen_close(&s);
}

TEST(fbcon_scrolls_at_the_bottom)
{
	struct screen s;

	screen_open(&s, 4, 3, 1, BOOT_FB_RGBX8888);
	put(&s, "one\ntwo\nsix\nten\nend");
	CHECK(row_shows(&s, 0, "six"));
	CHECK(row_shows(&s, 1, "ten"));
	CHECK(row_shows(&s, 2, "end"));
	CHECK_EQ(s.fc.y, 2);
	CHECK(cell_shows(&s, 3, 2, ' ', true));
	put(&s, "\n");
	CHECK(row_shows(&s, 0, "ten"));
	CHECK(row_shows(&s, 2, ""));
	CHECK(cell_shows(&s, 0, 2, ' ', true));
	CHECK(cell_shows(&s, 3, 1, ' ', false)); /* the old cursor is gone */
	screen_close(&s);
}

TEST(fbcon_control_characters)
{
	struct screen s;

	screen_open(&s, 16, 4, 0, BOOT_FB_BGRX8888);
	put(&s, "abc\rZ\n");
	CHECK(row_shows(&s, 0, "Zbc"));
	put(&s, "ab\b\bX\b\b\bY\n"); /* backspace moves, erases nothing, stops at column 0 */
	CHECK(row_shows(&s, 1, "Yb"));
	put(&s, "a\tb\t\t");
	CHECK(row_shows(&s, 2, "a       b"));
	CHECK_EQ(s.fc.x, 16); /* two tabs from column 9 stop at the end of the line */
	put(&s, "c\x01\x1b\x7f"
		"d\xc3");
	/* Control bytes and DEL are dropped; a byte beyond ASCII is a box. */
	CHECK(row_shows(&s, 3, "cd\xc3"));
	CHECK(cell_shows(&s, 2, 3, FONT8X8_REPLACEMENT, false));
	CHECK(cell_shows(&s, 3, 3, ' ', true));
	screen_close(&s);
}

/* A backspace-space-backspace at the end of a full line erases its last character. */
TEST(fbcon_erase_at_the_right_edge)
{
	struct screen s;

	screen_open(&s, 4, 2, 0, BOOT_FB_BGRX8888);
	put(&s, "abcd\b \b");
	CHECK(row_shows(&s, 0, "abc"));
	CHECK(row_shows(&s, 1, ""));
	CHECK(cell_shows(&s, 3, 0, ' ', true));
	screen_close(&s);
}

/* Only cells whose character changed are drawn: a pixel poisoned in another cell survives. */
TEST(fbcon_redraws_only_changed_cells)
{
	struct screen s;

	screen_open(&s, 4, 2, 0, BOOT_FB_BGRX8888);
	put(&s, "ab\n");
	*pixel(&s, 0, 0) = POISON;
	put(&s, "c");
	CHECK_EQ(*pixel(&s, 0, 0), POISON);
	put(&s, "\n"); /* scrolls: cell (0, 0) now shows 'c' and is drawn again */
	CHECK(cell_shows(&s, 0, 0, 'c', false));
	screen_close(&s);
}

/* The font: blank space, every other glyph drawn, 5 columns wide, all distinct. */
TEST(font8x8_glyphs)
{
	for (unsigned int c = FONT8X8_FIRST; c <= FONT8X8_REPLACEMENT; c++) {
		const u8 *g = font8x8_glyph(c);
		u8 all = 0;

		for (unsigned int r = 0; r < FONT8X8_HEIGHT; r++)
			all |= g[r];
		CHECK_EQ(all & 0x83, 0); /* column 0 and columns 6-7 are the gap between cells */
		CHECK_EQ(all != 0, c != ' ');
		for (unsigned int d = FONT8X8_FIRST; d < c; d++)
			CHECK(memcmp(g, font8x8_glyph(d), FONT8X8_HEIGHT) != 0);
	}
	CHECK(font8x8_glyph(0x80) == font8x8_glyph(FONT8X8_REPLACEMENT));
	CHECK(font8x8_glyph('\n') == font8x8_glyph(FONT8X8_REPLACEMENT));
}
