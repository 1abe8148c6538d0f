/*
 * printf-style formatting for the kernel (no floating point: the kernel is built with
 * -mgeneral-regs-only).
 *
 * Conversions: d i u x X o p s c %. Length modifiers: hh h l ll z t j. Flags: - 0 space + #.
 * Width and precision as digits or '*'. They behave as C99 specifies, except:
 *   %p      prints 0x and 16 hex digits (NULL too), never a hashed or shortened value;
 *   unknown conversions end the output there, because the arguments after them can no longer be
 *           located (Linux does the same).
 */
#include <limits.h>
#include <stdarg.h>

#include "lib.h"
#include "types.h"

enum fmt_flags {
	FMT_LEFT = BIT(0),  /* '-' */
	FMT_ZERO = BIT(1),  /* '0' */
	FMT_SPACE = BIT(2), /* ' ' */
	FMT_PLUS = BIT(3),  /* '+' */
	FMT_ALT = BIT(4),   /* '#' */
};

/* No modifier, hh, h, l, ll, z, t, j. */
enum fmt_length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_J };

struct fmt_spec {
	unsigned int flags;
	int width;
	int precision; /* -1: none given */
	enum fmt_length length;
	char conv;
};

/* The output buffer; len counts every character, written or not (C99 return value). */
struct fmt_out {
	char *buf;
	size_t size;
	size_t len;
};

/* A va_list wrapped so helpers can consume arguments through a pointer on every ABI. */
struct fmt_args {
	va_list ap;
};

_Static_assert(sizeof(long) == sizeof(size_t), "%zd reads a long");

static void put_char(struct fmt_out *out, char c)
{
	if (out->len < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void put_repeat(struct fmt_out *out, char c, int n)
{
	while (n-- > 0)
		put_char(out, c);
}

static void put_string(struct fmt_out *out, const char *s, size_t n)
{
	while (n--)
		put_char(out, *s++);
}

static const char *parse_flags(const char *fmt, unsigned int *flags)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-':
			*flags |= FMT_LEFT;
			break;
		case '0':
			*flags |= FMT_ZERO;
			break;
		case ' ':
			*flags |= FMT_SPACE;
			break;
		case '+':
			*flags |= FMT_PLUS;
			break;
		case '#':
			*flags |= FMT_ALT;
			break;
		default:
			return fmt;
		}
	}
}

/* A decimal field (width or precision), capped so that absurd values cannot overflow an int. */
static const char *parse_decimal(const char *fmt, int *val)
{
	*val = 0;
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		if (*val < 1000000)
			*val = *val * 10 + (*fmt - '0');
	return fmt;
}

static const char *parse_length(const char *fmt, enum fmt_length *len)
{
	switch (*fmt) {
	case 'h':
		if (fmt[1] == 'h') {
			*len = LEN_CHAR;
			return fmt + 2;
		}
		*len = LEN_SHORT;
		return fmt + 1;
	case 'l':
		if (fmt[1] == 'l') {
			*len = LEN_LLONG;
			return fmt + 2;
		}
		*len = LEN_LONG;
		return fmt + 1;
	case 'z':
		*len = LEN_SIZE;
		return fmt + 1;
	case 't':
		*len = LEN_PTRDIFF;
		return fmt + 1;
	case 'j':
		*len = LEN_J;
		return fmt + 1;
	default:
		*len = LEN_INT;
		return fmt;
	}
}

/*
 * Parse one conversion specification; fmt points just after the '%'. Consumes the '*' arguments.
 * Returns the character after the conversion, or NULL at an unknown conversion.
 */
static const char *parse_spec(const char *fmt, struct fmt_spec *spec, struct fmt_args *args)
{
	int star;

	spec->flags = 0;
	spec->precision = -1;
	fmt = parse_flags(fmt, &spec->flags);
	if (*fmt == '*') {
		star = va_arg(args->ap, int);
		spec->width = star == INT_MIN ? INT_MAX : star < 0 ? -star : star;
		if (star < 0)
			spec->flags |= FMT_LEFT;
		fmt++;
	} else {
		fmt = parse_decimal(fmt, &spec->width);
	}
	if (*fmt == '.') {
		if (*++fmt == '*') {
			star = va_arg(args->ap, int);
			spec->precision = star < 0 ? -1 : star;
			fmt++;
		} else {
			fmt = parse_decimal(fmt, &spec->precision);
		}
	}
	fmt = parse_length(fmt, &spec->length);
	spec->conv = *fmt;
	switch (spec->conv) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o':
	case 'p':
	case 's':
	case 'c':
	case '%':
		return fmt + 1;
	default:
		return NULL;
	}
}

static long long fetch_signed(struct fmt_args *args, enum fmt_length len)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(args->ap, int);
	case LEN_SHORT:
		return (short)va_arg(args->ap, int);
	case LEN_LONG:
		return va_arg(args->ap, long);
	case LEN_LLONG:
		return va_arg(args->ap, long long);
	case LEN_SIZE:
		return va_arg(args->ap, long);
	case LEN_PTRDIFF:
		return va_arg(args->ap, ptrdiff_t);
	case LEN_J:
		return va_arg(args->ap, intmax_t);
	default:
		return va_arg(args->ap, int);
	}
}

static unsigned long long fetch_unsigned(struct fmt_args *args, enum fmt_length len)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(args->ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(args->ap, unsigned int);
	case LEN_LONG:
		return va_arg(args->ap, unsigned long);
	case LEN_LLONG:
		return va_arg(args->ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(args->ap, size_t);
	case LEN_PTRDIFF:
		return (unsigned long long)va_arg(args->ap, ptrdiff_t);
	case LEN_J:
		return va_arg(args->ap, uintmax_t);
	default:
		return va_arg(args->ap, unsigned int);
	}
}

/* The characters before the digits: a sign, or 0x / 0X. */
static int number_prefix(const struct fmt_spec *spec, unsigned long long v, bool negative,
			 char prefix[2])
{
	bool is_signed = spec->conv == 'd' || spec->conv == 'i';

	if (is_signed && (negative || (spec->flags & (FMT_PLUS | FMT_SPACE)))) {
		prefix[0] = negative ? '-' : (spec->flags & FMT_PLUS) ? '+' : ' ';
		return 1;
	}
	if (spec->conv == 'p' ||
	    ((spec->flags & FMT_ALT) && v && (spec->conv == 'x' || spec->conv == 'X'))) {
		prefix[0] = '0';
		prefix[1] = spec->conv == 'X' ? 'X' : 'x';
		return 2;
	}
	return 0;
}

/* The base of an integer conversion: octal, decimal, else hexadecimal (x, X, p). */
static unsigned int number_base(char conv)
{
	switch (conv) {
	case 'o':
		return 8;
	case 'd':
	case 'i':
	case 'u':
		return 10;
	default:
		return 16;
	}
}

/*
 * Print a magnitude v (negative says whether a '-' goes in front) as the integer conversion in
 * spec asks: [padding][prefix][zeros][digits][padding].
 */
static void format_number(struct fmt_out *out, const struct fmt_spec *spec, unsigned long long v,
			  bool negative)
{
	unsigned int base = number_base(spec->conv);
	const char *set = spec->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24], prefix[2];
	int nd = 0, np = number_prefix(spec, v, negative, prefix), zeros, pad;

	for (; v; v /= base)
		digits[nd++] = set[v % base];
	zeros = (spec->precision < 0 ? 1 : spec->precision) - nd;
	if (spec->conv == 'o' && (spec->flags & FMT_ALT) && zeros <= 0)
		zeros = 1; /* '#o' makes the first digit a 0; digits[] never starts with one */
	zeros = MAX(zeros, 0);
	pad = spec->width - np - zeros - nd;
	if ((spec->flags & (FMT_ZERO | FMT_LEFT)) == FMT_ZERO && spec->precision < 0 && pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(spec->flags & FMT_LEFT))
		put_repeat(out, ' ', pad);
	put_string(out, prefix, np);
	put_repeat(out, '0', zeros);
	while (nd)
		put_char(out, digits[--nd]);
	if (spec->flags & FMT_LEFT)
		put_repeat(out, ' ', pad);
}

/* Print n characters of s padded to the field width. */
static void format_padded(struct fmt_out *out, const struct fmt_spec *spec, const char *s, size_t n)
{
	int pad = spec->width > (int)n ? spec->width - (int)n : 0;

	if (!(spec->flags & FMT_LEFT))
		put_repeat(out, ' ', pad);
	put_string(out, s, n);
	if (spec->flags & FMT_LEFT)
		put_repeat(out, ' ', pad);
}

static void format_string(struct fmt_out *out, const struct fmt_spec *spec, const char *s)
{
	size_t n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (spec->precision < 0 || n < (size_t)spec->precision))
		n++;
	format_padded(out, spec, s, n);
}

/* Consume the arguments of one conversion and print it. */
static void format_one(struct fmt_out *out, struct fmt_spec *spec, struct fmt_args *args)
{
	long long sv;
	unsigned long long magnitude;
	char c;

	switch (spec->conv) {
	case 'd':
	case 'i':
		sv = fetch_signed(args, spec->length);
		magnitude = sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv;
		format_number(out, spec, magnitude, sv < 0);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		format_number(out, spec, fetch_unsigned(args, spec->length), false);
		break;
	case 'p':
		spec->precision = 16;
		format_number(out, spec, (uintptr_t)va_arg(args->ap, void *), false);
		break;
	case 's':
		format_string(out, spec, va_arg(args->ap, const char *));
		break;
	case 'c':
		c = (char)va_arg(args->ap, int);
		format_padded(out, spec, &c, 1);
		break;
	default:
		put_char(out, '%');
		break;
	}
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out out = { buf, size, 0 };
	struct fmt_args args;
	struct fmt_spec spec;

	va_copy(args.ap, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put_char(&out, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec, &args);
		if (!fmt)
			break;
		format_one(&out, &spec, &args);
	}
	va_end(args.ap);
	if (size)
		buf[MIN(out.len, size - 1)] = '\0';
	return out.len > INT_MAX ? INT_MAX : (int)out.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
