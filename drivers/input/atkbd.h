/*
 * An AT keyboard's scan codes turned into the bytes a terminal would send (Linux:
 * drivers/input/keyboard/atkbd.c with the US keymap of drivers/tty/vt/defkeymap.map, much
 * reduced). The i8042 controller translates the keyboard's scan code set 2 into set 1, so this
 * decodes set 1: a key's make code is 0x01-0x58 (0xe0 before some), its break code the same
 * with bit 7 set.
 *
 * Hostable: a state machine fed one byte at a time; drivers/input/i8042.c reads the bytes.
 */
#ifndef PAGODA_DRIVERS_INPUT_ATKBD_H
#define PAGODA_DRIVERS_INPUT_ATKBD_H

#include "types.h"

#define ATKBD_BREAK 0x80     /* set in the break (release) code of a key */
#define ATKBD_PREFIX_E0 0xe0 /* an extended key follows (right Ctrl, arrows, keypad Enter) */
#define ATKBD_PREFIX_E1 0xe1 /* Pause: E1 1D 45 E1 9D C5, no break code */
#define ATKBD_PAUSE_TAIL 5   /* bytes of the Pause sequence after its first E1 */

/* Modifier keys held down, and Caps Lock, as bits of atkbd.mods. */
enum atkbd_mod {
	ATKBD_LSHIFT = 1 << 0,
	ATKBD_RSHIFT = 1 << 1,
	ATKBD_LCTRL = 1 << 2,
	ATKBD_RCTRL = 1 << 3,
	ATKBD_CAPSLOCK = 1 << 4,  /* on: toggled by each press */
	ATKBD_CAPS_DOWN = 1 << 5, /* the Caps Lock key is held (its repeats toggle nothing) */
};

struct atkbd {
	u8 mods; /* enum atkbd_mod bits */
	bool e0; /* the previous byte was ATKBD_PREFIX_E0 */
	u8 skip; /* bytes of a Pause sequence still to drop */
};

/*
 * Feed one byte from the keyboard. Returns the byte the key press types, or -1 when it types
 * nothing (a release, a modifier, a prefix, a key without a character such as an arrow).
 * Letters follow Shift xor Caps Lock; Ctrl with a letter or one of @ [ \ ] ^ _ gives the control
 * code (Ctrl-U: 0x15); Enter (either) gives '\r', Backspace 0x7f (DEL, as terminals send),
 * Tab '\t', Escape 0x1b. The keypad types its digits and symbols (Num Lock assumed on).
 */
int atkbd_feed(struct atkbd *kbd, u8 code);

#endif
