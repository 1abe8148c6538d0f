/*
 * Scan code set 1 to bytes, US layout (atkbd.h).
 */
#include "drivers/input/atkbd.h"

#define ATKBD_NR_KEYS 0x59 /* make codes 0x00-0x58: up to F12 */

#define KEY_LSHIFT 0x2a
#define KEY_RSHIFT 0x36
#define KEY_CTRL 0x1d /* left; with E0 right */
#define KEY_CAPSLOCK 0x3a
#define KEY_ENTER 0x1c /* with E0 the keypad's */
#define KEY_SLASH 0x35 /* with E0 the keypad's */

/*
 * What each make code types, without and with Shift; 0: nothing (modifiers, function keys).
 * Written as runs of adjacent keys; a literal ends after each escape so that no digit or letter
 * is taken into it.
 */
/* One run of adjacent keys per literal: clang-format would put each on its own line. */
/* clang-format off */
#define KEYMAP_PLAIN                                                                           \
	"\0" "\x1b" "1234567890-=" "\x7f" "\t" "qwertyuiop[]" "\r" "\0" "asdfghjkl;'`" "\0"      \
	"\\" "zxcvbnm,./" "\0" "*" "\0" " " "\0\0\0\0\0\0\0\0\0\0\0\0\0" "789-456+1230."         \
	"\0\0" "<" "\0\0"
#define KEYMAP_SHIFT                                                                           \
	"\0" "\x1b" "!@#$%^&*()_+" "\x7f" "\t" "QWERTYUIOP{}" "\r" "\0" "ASDFGHJKL:\"~" "\0"     \
	"|" "ZXCVBNM<>?" "\0" "*" "\0" " " "\0\0\0\0\0\0\0\0\0\0\0\0\0" "789-456+1230."          \
	"\0\0" ">" "\0\0"
/* clang-format on */
_Static_assert(sizeof(KEYMAP_PLAIN) == ATKBD_NR_KEYS + 1, "one entry per make code");
_Static_assert(sizeof(KEYMAP_SHIFT) == ATKBD_NR_KEYS + 1, "one entry per make code");

static const char keymap[2][ATKBD_NR_KEYS] = { KEYMAP_PLAIN, KEYMAP_SHIFT };

/* The modifier bit key (a make code, bit 7 clear) stands for; 0 when it is not a modifier. */
static u8 atkbd_mod_bit(u8 key, bool e0)
{
	switch (key) {
	case KEY_LSHIFT: /* E0 2A and E0 36 are fake shifts some keyboards send around arrows */
		return e0 ? 0 : ATKBD_LSHIFT;
	case KEY_RSHIFT:
		return e0 ? 0 : ATKBD_RSHIFT;
	case KEY_CTRL:
		return e0 ? ATKBD_RCTRL : ATKBD_LCTRL;
	case KEY_CAPSLOCK:
		return e0 ? 0 : ATKBD_CAPS_DOWN;
	}
	return 0;
}

static void atkbd_update_mods(struct atkbd *kbd, u8 bit, bool press)
{
	if (bit == ATKBD_CAPS_DOWN && press && !(kbd->mods & ATKBD_CAPS_DOWN))
		kbd->mods ^= ATKBD_CAPSLOCK;
	if (press)
		kbd->mods |= bit;
	else
		kbd->mods &= ~bit;
}

static bool is_letter(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The byte a press of the (not extended) key types under the current modifiers, or -1. */
static int atkbd_char(const struct atkbd *kbd, u8 key)
{
	char c;

	if (key >= ATKBD_NR_KEYS)
		return -1;
	c = keymap[!!(kbd->mods & (ATKBD_LSHIFT | ATKBD_RSHIFT))][key];
	if (!c)
		return -1;
	if ((kbd->mods & ATKBD_CAPSLOCK) && is_letter(c))
		c ^= 0x20;
	if ((kbd->mods & (ATKBD_LCTRL | ATKBD_RCTRL)) && (is_letter(c) || (c >= '@' && c <= '_')))
		c &= 0x1f;
	return (u8)c;
}

int atkbd_feed(struct atkbd *kbd, u8 code)
{
	bool e0 = kbd->e0, press = !(code & ATKBD_BREAK);
	u8 key = code & ~ATKBD_BREAK, mod;

	kbd->e0 = false;
	if (kbd->skip) {
		kbd->skip--;
		return -1;
	}
	if (code == ATKBD_PREFIX_E0) {
		kbd->e0 = true;
		return -1;
	}
	if (code == ATKBD_PREFIX_E1) {
		kbd->skip = ATKBD_PAUSE_TAIL;
		return -1;
	}
	mod = atkbd_mod_bit(key, e0);
	if (mod)
		atkbd_update_mods(kbd, mod, press);
	if (mod || !press)
		return -1;
	if (e0) /* of the extended keys only the keypad's Enter and '/' type something */
		return key == KEY_ENTER ? '\r' : key == KEY_SLASH ? '/' : -1;
	return atkbd_char(kbd, key);
}
