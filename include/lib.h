/* Freestanding helpers from lib/ that newlib does not give a kernel. */
#ifndef PAGODA_LIB_H
#define PAGODA_LIB_H

#include <stdarg.h>

#include "types.h"

/*
 * lib/vsnprintf.c: format into buf like C99 vsnprintf (conversions and exceptions listed there).
 * Writes at most size bytes, always NUL-terminated when size > 0; returns the length the whole
 * output would have had, so a return >= size means it was truncated.
 */
__attribute__((format(printf, 3, 0))) int kvsnprintf(char *buf, size_t size, const char *fmt,
						     va_list ap);
__attribute__((format(printf, 3, 4))) int ksnprintf(char *buf, size_t size, const char *fmt, ...);

/*
 * lib/cmdline.c: the kernel command line is words separated by blanks, each `key` or
 * `key=value`; double quotes group blanks into a word and are dropped from values
 * (run="lspci; map bar 00:03.0 2"). Keys match whole and case-sensitively; when a key appears
 * more than once the last occurrence counts.
 */
bool cmdline_has(const char *cmdline, const char *key);
/*
 * Copy key's value into val[0..len), NUL-terminated. A bare `key` has the empty value. Returns 0;
 * -ENOENT when key is absent (val untouched); -EOVERFLOW when the value needs more than len - 1
 * bytes (val holds as much of it as fits, NUL-terminated, when len > 0).
 */
int cmdline_get(const char *cmdline, const char *key, char *val, size_t len);

#endif
