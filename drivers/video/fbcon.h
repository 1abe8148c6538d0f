/*
 * A text console drawn on a linear 32-bit framebuffer (Linux: drivers/video/fbdev/core/fbcon.c,
 * much reduced): printk output in 8x16 cells with the built-in font (font.h), a cursor,
 * wrapping and scrolling.
 *
 * The characters live in RAM (`text`); a second array (`shown`) remembers what each cell shows,
 * and fbcon_write() redraws only the cells that differ. A scroll therefore moves bytes in RAM
 * and never reads the framebuffer back: reads from write-combining memory are uncached and
 * slow on real hardware.
 *
 * fbcon.c is hostable (it draws into whatever memory it is given); kernel/efifb.c puts it on the
 * GOP framebuffer and registers it as a console.
 */
#ifndef PAGODA_DRIVERS_VIDEO_FBCON_H
#define PAGODA_DRIVERS_VIDEO_FBCON_H

#include "boot_info.h"
#include "types.h"

#define FBCON_CELL_WIDTH 8
#define FBCON_CELL_HEIGHT 16
#define FBCON_TAB 8
#define FBCON_FG 0xc0c0c0 /* light grey on black, as 0xRRGGBB */
#define FBCON_BG 0x000000

struct fbcon {
	u32 *fb;	/* top-left pixel */
	u32 stride;	/* pixels per scan line */
	u32 cols, rows; /* text cells */
	u32 fg, bg;	/* pixel values in the framebuffer's format */
	u32 x, y;	/* the cursor; x == cols: the line is full, the next character wraps */
	u8 *text;	/* rows * cols bytes, row-major: what the screen should show (>= ' ') */
	u8 *shown;	/* rows * cols bytes: what each cell shows now; 0: unknown or cursor */
};

/* The framebuffer word for colour rgb (0xRRGGBB) in format fmt (BOOT_FB_RGBX8888/BGRX8888). */
u32 fbcon_pixel(enum boot_fb_format fmt, u32 rgb);

/* Bytes of cell memory fbcon_setup() needs for a width x height pixel mode. */
size_t fbcon_cells_size(u32 width, u32 height);

/*
 * Can fbcon draw on mode? Returns 0; -EINVAL when the format is not a 32-bit one, the stride is
 * below the width or the mode holds no character cell. Only width, height, stride and format
 * are read.
 */
int fbcon_check_mode(const struct boot_fb *mode);

/*
 * Set up fc over the pixels at fb, described by mode (width, height, stride, format; base and
 * size are not read), with cells (fbcon_cells_size() bytes, owned by fc from now on), and clear
 * the screen. Returns 0, or -EINVAL as fbcon_check_mode() (fc is then untouched).
 */
int fbcon_setup(struct fbcon *fc, void *fb, const struct boot_fb *mode, u8 *cells);

/*
 * Put s[0..len) on the screen at the cursor: '\n' starts a new line (the screen scrolls up one
 * row at the bottom), '\r' returns to column 0, '\b' moves back one column (not past column 0;
 * it erases nothing), '\t' advances to the next multiple of FBCON_TAB, other bytes below ' '
 * and DEL are ignored; any other byte is drawn (bytes outside ASCII as a box). A line longer
 * than the screen wraps. The screen is brought up to date before returning.
 */
void fbcon_write(struct fbcon *fc, const char *s, size_t len);

/* ------------------------------------------------------------------------ kernel/efifb.c */

/*
 * Show the console on the GOP framebuffer fb (NULL: there is none; nothing is done) and
 * register it with printk, which replays the log so far. Returns 0; -ENODEV when fb is NULL;
 * -EINVAL for a mode fbcon cannot draw; -ENOMEM when the framebuffer cannot be mapped or the
 * cells allocated (nothing is registered then).
 */
int efifb_init(const struct boot_fb *fb);

/*
 * A driver is taking over the display at physical [base, base + size) (Linux:
 * aperture_remove_conflicting_devices): when the console draws there, it stops for good, so it
 * does not scribble over the driver's pixels or over a mode it no longer understands.
 */
void efifb_remove_conflicting(phys_addr_t base, u64 size, const char *name);

#endif
