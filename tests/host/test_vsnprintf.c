/* kvsnprintf against the host C library's snprintf, plus the cases where Pagoda differs. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "lib.h"
#include "tap.h"

static void check_same(int line, const char *what, const char *got, int got_len, const char *want,
		       int want_len)
{
	if (got_len == want_len && strcmp(got, want) == 0)
		return;
	printf("# line %d: %s: got \"%s\" (%d), want \"%s\" (%d)\n", line, what, got, got_len, want,
	       want_len);
	host_test_fail(__FILE__, line, what);
}

/* Format the same arguments with both implementations and compare text and return value. */
#define SAME(...)                                                                                  \
	do {                                                                                       \
		char got_[128], want_[128];                                                        \
		int got_len_ = ksnprintf(got_, sizeof(got_), __VA_ARGS__);                         \
		int want_len_ = snprintf(want_, sizeof(want_), __VA_ARGS__);                       \
		check_same(__LINE__, #__VA_ARGS__, got_, got_len_, want_, want_len_);              \
	} while (0)

/* Compare with a fixed expectation (where Pagoda differs from the C library on purpose). */
#define EXPECT(want, ...)                                                                          \
	do {                                                                                       \
		char got_[128];                                                                    \
		int got_len_ = ksnprintf(got_, sizeof(got_), __VA_ARGS__);                         \
		check_same(__LINE__, #__VA_ARGS__, got_, got_len_, want, (int)strlen(want));       \
	} while (0)

/*
 * The same through va_list, out of reach of -Wformat: for flag combinations C defines (or glibc
 * handles) but the compiler warns about.
 */
static void same_unchecked(int line, const char *fmt, ...)
{
	char got[128], want[128];
	int got_len, want_len;
	va_list ap, ap2;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	got_len = kvsnprintf(got, sizeof(got), fmt, ap);
	want_len = vsnprintf(want, sizeof(want), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	check_same(line, fmt, got, got_len, want, want_len);
}

TEST(vsnprintf_integers)
{
	SAME("%d", 0);
	SAME("%d", 42);
	SAME("%d", -42);
	SAME("%d|%d", INT_MAX, INT_MIN);
	SAME("%i", -7);
	SAME("%u|%u", 0u, UINT_MAX);
	SAME("%x|%X", 0xdeadbeefu, 0xdeadbeefu);
	SAME("%o|%o|%o", 0u, 8u, 0777u);
	SAME("%5d|%-5d|%05d", 42, 42, -42);
	SAME("%+d|%+d|% d|% d", 42, -42, 42, -42);
	same_unchecked(__LINE__, "%+ d|% +d|%+u|% x", 42, 42, 5u, 5u);
	SAME("%.3d|%.0d|%5.0d|%.0x|%.0o", 7, 0, 0, 0u, 0u);
	SAME("%#.0o|%#o|%#o|%#.5o|%#3o", 0u, 0u, 8u, 8u, 8u);
	SAME("%#x|%#x|%#X|%#08x|%#8x|%#-8x|", 0u, 255u, 255u, 255u, 255u, 255u);
	SAME("%08.3d|%010d|%+06d|% 06d", 42, INT_MIN, 42, 42);
	same_unchecked(__LINE__, "%-08d|%0-8x|", 42, 42u);
	SAME("%#.3x|%#010.4x", 1u, 0xabu);
	SAME("%*d|%*d|%.*d|%.*d|%-*.*d|", 6, 42, -6, 42, 4, 42, -1, 42, 8, 4, -42);
	SAME("%0*d|%.*u", 5, 3, 0, 0u);
}

TEST(vsnprintf_lengths)
{
	SAME("%hhd|%hhu|%hhx", (signed char)-1, (unsigned char)255, (unsigned char)0xab);
	SAME("%hd|%hu|%hx", (short)-32768, (unsigned short)65535, (unsigned short)0xbeef);
	SAME("%ld|%ld|%lu|%lx", LONG_MIN, LONG_MAX, ULONG_MAX, 0x123456789abcdefUL);
	SAME("%lld|%llu|%llo|%llX", LLONG_MIN, ULLONG_MAX, ULLONG_MAX, 0xfedcba9876543210ULL);
	SAME("%zu|%zx|%zd", (size_t)SIZE_MAX, (size_t)4096, (ssize_t)-5);
	SAME("%td|%tx", (ptrdiff_t)-5, (ptrdiff_t)255);
	SAME("%jd|%ju", INTMAX_MIN, UINTMAX_MAX);
	SAME("%li|%lli|%hi|%hhi", -1L, -2LL, (short)-3, (signed char)-4);
	SAME("%#lo|%#llx|%-+20lld|", 0UL, 1ULL, -99LL);
}

TEST(vsnprintf_strings_and_chars)
{
	const char *null = NULL;

	SAME("%s|%s|", "hello", "");
	SAME("%10s|%-10s|%.2s|%10.2s|%-6.3s|", "hello", "hello", "hello", "hello", "hello");
	SAME("%.*s|%.0s|%*s|", 3, "abcdef", "abc", -4, "x");
	SAME("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
	SAME("%%|100%% sure|%d%%", 5);
	SAME("%s=%d (%#x) %c", "answer", 42, 42u, '!');
	SAME("plain text, no conversions");
	SAME("%s", null);
	SAME("%10s|%-8s|", null, null);
}

TEST(vsnprintf_pointers)
{
	EXPECT("0x0000000000001234", "%p", (void *)0x1234);
	EXPECT("0x0000000000000000", "%p", NULL);
	EXPECT("0xffff800000000000", "%p", (void *)0xffff800000000000UL);
	EXPECT("  0x00000000000000ff|0x00000000000000ff  |", "%20p|%-20p|", (void *)0xff,
	       (void *)0xff);
}

static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}

TEST(vsnprintf_bad_formats)
{
	char buf[32];

	/* An unknown conversion ends the output: later arguments can no longer be found. */
	CHECK_EQ(unchecked(buf, sizeof(buf), "ab%qcd%d", 5), 2);
	CHECK(strcmp(buf, "ab") == 0);
	CHECK_EQ(unchecked(buf, sizeof(buf), "abc%"), 3);
	CHECK(strcmp(buf, "abc") == 0);
	CHECK_EQ(unchecked(buf, sizeof(buf), "%lq"), 0);
	CHECK(strcmp(buf, "") == 0);
}

TEST(vsnprintf_truncation)
{
	char buf[16];

	memset(buf, '#', sizeof(buf));
	CHECK_EQ(ksnprintf(buf, 5, "hello %s", "world"), 11);
	CHECK(strcmp(buf, "hell") == 0);
	CHECK_EQ(buf[5], '#');

	memset(buf, '#', sizeof(buf));
	CHECK_EQ(ksnprintf(buf, 1, "%d", 12345), 5);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], '#');

	memset(buf, '#', sizeof(buf));
	CHECK_EQ(ksnprintf(buf, 0, "%d", 12345), 5);
	CHECK_EQ(buf[0], '#');
	CHECK_EQ(ksnprintf(NULL, 0, "%s-%s", "abc", "de"), 6);

	memset(buf, '#', sizeof(buf));
	CHECK_EQ(ksnprintf(buf, 6, "%5d", 1), 5);
	CHECK(strcmp(buf, "    1") == 0);
	CHECK_EQ(ksnprintf(buf, 5, "%-8d|", 1), 9);
	CHECK(strcmp(buf, "1   ") == 0);
	CHECK_EQ(ksnprintf(buf, 3, "%#x", 0xabcu), 5);
	CHECK(strcmp(buf, "0x") == 0);
}
