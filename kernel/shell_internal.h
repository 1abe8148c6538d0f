/*
 * Inside the shell: the command table (kernel/shell_cmds.c), the address-space commands
 * (kernel/shell_mm.c), the interrupt and time commands (kernel/shell_time.c) and the parsing
 * helpers every command uses (kernel/shell.c).
 */
#ifndef PAGODA_KERNEL_SHELL_INTERNAL_H
#define PAGODA_KERNEL_SHELL_INTERNAL_H

#include "types.h"

#define SHELL_MAX_ARGS 8
#define SHELL_DETAIL_MAX 96

/* What a failing command says beside its errno; the shell prints both on one line. */
struct shell_ctx {
	char detail[SHELL_DETAIL_MAX];
};

/*
 * A command: argv[0] is its name, and the shell has checked that min_args <= argc - 1 <=
 * max_args. Returns 0, or a negative errno after describing the failure with shell_fail() (the
 * shell prints `error: -N (meaning): detail`).
 */
struct shell_cmd {
	const char *name;
	const char *usage; /* the arguments, for help and usage errors */
	const char *help;
	unsigned char min_args, max_args;
	int (*fn)(struct shell_ctx *ctx, int argc, char **argv);
};

extern const struct shell_cmd shell_cmds[];
extern const unsigned int shell_nr_cmds;

/* Record why the command fails (printf-style) and return err, for `return shell_fail(...)`. */
__attribute__((format(printf, 3, 4))) int shell_fail(struct shell_ctx *ctx, int err,
						     const char *fmt, ...);

/* How shell_parse_ulong() reads a number: decimal or 0x hex, with K/M/G suffixes for sizes. */
enum shell_num { SHELL_NUM_PLAIN, SHELL_NUM_SIZE };

/*
 * Parse s whole into *val. Returns 0; -EINVAL (with the detail set) when s is not a number of
 * that kind; -ERANGE when it does not fit an unsigned long. *val is untouched on failure.
 */
int shell_parse_ulong(struct shell_ctx *ctx, const char *s, enum shell_num kind,
		      unsigned long *val);

/* Run one command line (words separated by blanks); errors are printed, never returned. */
void shell_exec(char *line);

/* kernel/shell_mm.c: the address-space commands. */
int shell_cmd_as(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_ptdump(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_map(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_mprotect(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_mremap(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_madvise(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_probe(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_notify(struct shell_ctx *ctx, int argc, char **argv);

/* kernel/shell_time.c: the interrupt and time commands. */
int shell_cmd_irq(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_uptime(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_sleep(struct shell_ctx *ctx, int argc, char **argv);
int shell_cmd_date(struct shell_ctx *ctx, int argc, char **argv);

#endif
