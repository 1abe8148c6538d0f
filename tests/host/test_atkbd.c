/* The AT keyboard decoder (drivers/input/atkbd.c): scan code set 1 to terminal bytes. */
#include <string.h>

#include "drivers/input/atkbd.h"
#include "tap.h"

/* Feed codes[0..n) to kbd; returns the bytes typed, NUL-terminated, in out. */
static const char *type_codes(struct atkbd *kbd, const u8 *codes, size_t n, char *out)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		int c = atkbd_feed(kbd, codes[i]);

		if (c >= 0)
			out[len++] = (char)c;
	}
	out[len] = '\0';
	return out;
}

#define TYPE(kbd, out, ...)                                                                        \
	type_codes(kbd, (const u8[]){ __VA_ARGS__ }, sizeof((const u8[]){ __VA_ARGS__ }), out)

TEST(atkbd_plain_keys_and_releases)
{
	struct atkbd kbd = { 0 };
	char out[32];

	/* h e l p, each pressed and released, then Enter. */
	CHECK(strcmp(TYPE(&kbd, out, 0x23, 0xa3, 0x12, 0x92, 0x26, 0xa6, 0x19, 0x99, 0x1c, 0x9c),
		     "help\r") == 0);
	/* Reference points of the set 1 layout: Q A Z M, Space, 0, `, \, Esc, Tab, Backspace. */
	CHECK(strcmp(TYPE(&kbd, out, 0x10, 0x1e, 0x2c, 0x32, 0x39, 0x0b, 0x29, 0x2b),
		     "qazm 0`\\") == 0);
	CHECK(strcmp(TYPE(&kbd, out, 0x01, 0x0f, 0x0e), "\x1b\t\x7f") == 0);
	CHECK_EQ(atkbd_feed(&kbd, 0x9e), -1); /* a release types nothing */
	CHECK_EQ(atkbd_feed(&kbd, 0x3b), -1); /* F1 types nothing */
	CHECK_EQ(atkbd_feed(&kbd, 0x59), -1); /* past the table */
}

TEST(atkbd_every_letter_once_digits_twice)
{
	struct atkbd kbd = { 0 };
	int count[128] = { 0 };

	for (unsigned int code = 0; code < 0x80; code++) {
		int c = atkbd_feed(&kbd, (u8)code);

		if (c >= 0 && c < 128)
			count[c]++;
		atkbd_feed(&kbd, (u8)(code | 0x80));
	}
	for (char c = 'a'; c <= 'z'; c++)
		CHECK_EQ(count[(int)c], 1);
	for (char c = '0'; c <= '9'; c++)
		CHECK_EQ(count[(int)c], 2); /* the top row and the keypad */
	for (char c = 'A'; c <= 'Z'; c++)
		CHECK_EQ(count[(int)c], 0);
}

TEST(atkbd_shift_and_caps_lock)
{
	struct atkbd kbd = { 0 };
	char out[32];

	CHECK(strcmp(TYPE(&kbd, out, 0x2a, 0x1e, 0x02, 0x27, 0xaa, 0x1e), "A!:a") == 0);
	CHECK(strcmp(TYPE(&kbd, out, 0x36, 0x28, 0x35, 0xb6, 0x28), "\"?'") == 0);
	/* Caps Lock held (it repeats) toggles once; it affects letters only; Shift inverts it. */
	CHECK(strcmp(TYPE(&kbd, out, 0x3a, 0x3a, 0x3a, 0xba, 0x1e, 0x02, 0x2a, 0x1e, 0xaa),
		     "A1a") == 0);
	CHECK(strcmp(TYPE(&kbd, out, 0x3a, 0xba, 0x1e), "a") == 0);
}

TEST(atkbd_ctrl_gives_control_codes)
{
	struct atkbd kbd = { 0 };
	char out[32];

	/* Left Ctrl-U, then right Ctrl (E0 1D) -U and -[, then u with both released. */
	CHECK(strcmp(TYPE(&kbd, out, 0x1d, 0x16, 0x96, 0x9d, 0xe0, 0x1d, 0x16, 0x1a, 0xe0, 0x9d,
			  0x16),
		     "\x15\x15\x1b"
		     "u") == 0);
	CHECK(strcmp(TYPE(&kbd, out, 0x1d, 0x2e, 0x9d), "\x03") == 0); /* Ctrl-C */
}

TEST(atkbd_extended_and_pause_sequences)
{
	struct atkbd kbd = { 0 };
	char out[32];

	/* Keypad Enter and '/', then Up (E0 48: not keypad 8) inside fake shifts: nothing. */
	CHECK(strcmp(TYPE(&kbd, out, 0xe0, 0x1c, 0xe0, 0x9c, 0xe0, 0x35, 0xe0, 0xb5), "\r/") == 0);
	CHECK(strcmp(TYPE(&kbd, out, 0xe0, 0x2a, 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0xaa, 0x1e), "a") ==
	      0);
	CHECK(strcmp(TYPE(&kbd, out, 0x48, 0xc8), "8") == 0); /* keypad 8 without E0 */
	/* Pause (E1 1D 45 E1 9D C5) leaves no Ctrl held and types nothing. */
	CHECK(strcmp(TYPE(&kbd, out, 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x16), "u") == 0);
}
