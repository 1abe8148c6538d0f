/*
 * The shell: reads a line from the console with minimal editing, splits it into words and runs
 * the command (kernel/shell_cmds.c has the table). A failing command prints one line, e.g.
 * `error: -22 (invalid argument): bad number 'x'`, and the shell goes on.
 *
 * Input bytes (include/console_input.h): printable ASCII is echoed and kept; Backspace and DEL
 * erase one character, Ctrl-U the whole line, Ctrl-C abandons it; CR, LF or CR LF ends it;
 * escape sequences (arrow keys) are swallowed.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "console_input.h"
#include "kernel/shell_internal.h"
#include "lib.h"
#include "printk.h"
#include "shell.h"

#define SHELL_PROMPT "pagoda> "
#define SHELL_LINE_MAX 256
#define SHELL_RUN_MAX 1024

#define CTRL(c) ((c)&0x1f)
#define KEY_BS 0x08
#define KEY_DEL 0x7f
#define KEY_ESC 0x1b

static const char *const errno_names[] = {
	[EPERM] = "operation not permitted",
	[ENOENT] = "not found",
	[EIO] = "I/O error",
	[ENXIO] = "no such device or address",
	[E2BIG] = "too many arguments",
	[ENOMEM] = "out of memory",
	[EACCES] = "permission denied",
	[EFAULT] = "bad address",
	[EBUSY] = "busy",
	[EEXIST] = "already exists",
	[ENODEV] = "no such device",
	[EINVAL] = "invalid argument",
	[ENOSPC] = "no space left",
	[ERANGE] = "out of range",
	[EAGAIN] = "try again",
	[EOVERFLOW] = "value too large",
};

static const char *errno_name(int err)
{
	unsigned int e = (unsigned int)-err;

	return e < ARRAY_SIZE(errno_names) && errno_names[e] ? errno_names[e] : "unknown error";
}

int shell_fail(struct shell_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(ctx->detail, sizeof(ctx->detail), fmt, ap);
	va_end(ap);
	return err;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* log2 of the multiplier suffix c stands for (K, M, G, either case), or -1. */
static int size_suffix_shift(char c)
{
	switch (c | 0x20) {
	case 'k':
		return 10;
	case 'm':
		return 20;
	case 'g':
		return 30;
	default:
		return -1;
	}
}

int shell_parse_ulong(struct shell_ctx *ctx, const char *s, enum shell_num kind, unsigned long *val)
{
	unsigned int base = 10;
	unsigned long v = 0;
	const char *digits = s, *p;
	int shift = 0;

	if (s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		digits += 2;
	}
	if (!*digits)
		return shell_fail(ctx, -EINVAL, "bad number '%s'", s);
	for (p = digits; *p; p++) {
		unsigned int d = (unsigned int)digit_value(*p);

		if (d >= base) {
			shift = kind == SHELL_NUM_SIZE && !p[1] ? size_suffix_shift(*p) : -1;
			if (shift < 0 || p == digits)
				return shell_fail(ctx, -EINVAL, "bad number '%s'", s);
			break;
		}
		if (v > (~0UL - d) / base)
			return shell_fail(ctx, -ERANGE, "number too large '%s'", s);
		v = v * base + d;
	}
	if (shift && v > ~0UL >> shift)
		return shell_fail(ctx, -ERANGE, "number too large '%s'", s);
	*val = v << shift;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Split line in place into at most max words; returns the count, or -E2BIG when there are more. */
static int split_words(char *line, char **argv, int max)
{
	int argc = 0;

	for (char *p = line;;) {
		while (is_blank(*p))
			p++;
		if (!*p)
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static const struct shell_cmd *find_cmd(const char *name)
{
	for (unsigned int i = 0; i < shell_nr_cmds; i++)
		if (!strcmp(shell_cmds[i].name, name))
			return &shell_cmds[i];
	return NULL;
}

static int run_cmd(const struct shell_cmd *cmd, struct shell_ctx *ctx, int argc, char **argv)
{
	if (argc - 1 < cmd->min_args || argc - 1 > cmd->max_args)
		return shell_fail(ctx, -EINVAL, "usage: %s %s", cmd->name, cmd->usage);
	return cmd->fn(ctx, argc, argv);
}

void shell_exec(char *line)
{
	char *argv[SHELL_MAX_ARGS];
	struct shell_ctx ctx = { .detail = "" };
	const struct shell_cmd *cmd;
	int argc = split_words(line, argv, SHELL_MAX_ARGS);
	int err;

	if (argc == 0)
		return;
	if (argc < 0) {
		err = shell_fail(&ctx, argc, "more than %d words", SHELL_MAX_ARGS);
	} else {
		cmd = find_cmd(argv[0]);
		err = cmd ? run_cmd(cmd, &ctx, argc, argv) :
			    shell_fail(&ctx, -ENOENT, "unknown command '%s' (try help)", argv[0]);
	}
	if (err < 0)
		printk("error: %d (%s)%s%s\n", err, errno_name(err), ctx.detail[0] ? ": " : "",
		       ctx.detail);
}

/* A line being typed. */
struct line_editor {
	char buf[SHELL_LINE_MAX];
	size_t len;
	bool in_escape; /* inside an escape sequence, until its final byte */
	bool after_cr;	/* the last byte ended a line with CR: a following LF is part of it */
};

static void erase_chars(size_t n)
{
	while (n--)
		printk("\b \b");
}

/*
 * Feed one input byte c to ed. Returns true when it completes the line (ed->buf then holds it,
 * NUL-terminated).
 */
static bool line_feed(struct line_editor *ed, int c)
{
	bool after_cr = ed->after_cr;

	ed->after_cr = false;
	if (ed->in_escape) {
		/* ESC [ parameters final: the final byte is the first in 0x40..0x7e after '['. */
		ed->in_escape = c == '[' || c < 0x40 || c > 0x7e;
		return false;
	}
	switch (c) {
	case '\r':
	case '\n':
		if (c == '\n' && after_cr)
			return false;
		ed->after_cr = c == '\r';
		printk("\n");
		ed->buf[ed->len] = '\0';
		return true;
	case KEY_BS:
	case KEY_DEL:
		if (ed->len) {
			ed->len--;
			erase_chars(1);
		}
		return false;
	case CTRL('U'):
		erase_chars(ed->len);
		ed->len = 0;
		return false;
	case CTRL('C'):
		printk("^C\n" SHELL_PROMPT);
		ed->len = 0;
		return false;
	case KEY_ESC:
		ed->in_escape = true;
		return false;
	}
	if (c >= ' ' && c < KEY_DEL && ed->len < sizeof(ed->buf) - 1) {
		ed->buf[ed->len++] = (char)c;
		printk("%c", c);
	}
	return false;
}

/* Run each `;`-separated command of run= as if typed after the prompt. */
static void run_boot_commands(const char *cmdline)
{
	static char run[SHELL_RUN_MAX];
	char *cmd = run;

	if (cmdline_get(cmdline, "run", run, sizeof(run))) {
		if (cmdline_has(cmdline, "run"))
			printk("shell: run= is too long (at most %d bytes); ignored\n",
			       SHELL_RUN_MAX - 1);
		return;
	}
	while (cmd) {
		char *end = strchr(cmd, ';');

		if (end)
			*end++ = '\0';
		while (is_blank(*cmd))
			cmd++;
		if (*cmd) {
			printk(SHELL_PROMPT "%s\n", cmd);
			shell_exec(cmd);
		}
		cmd = end;
	}
}

void shell_main(const char *cmdline)
{
	static struct line_editor ed;

	run_boot_commands(cmdline);
	printk("shell: type `help` for the commands\n");
	for (;;) {
		printk(SHELL_PROMPT);
		ed.len = 0;
		while (!line_feed(&ed, console_getc()))
			;
		shell_exec(ed.buf);
	}
}
