/*
 * Kernel command line parsing (syntax in lib.h).
 *
 * Double quotes only stop blanks from ending a word and are never part of a key or value, so
 * run="a b" and "run=a b" mean the same; the first '=' of a word ends its key. An unterminated
 * quote runs to the end of the line.
 */
#include <errno.h>

#include "lib.h"

/* One word: key is [key, key_end); val is [val, end), or NULL for a bare key. */
struct cmdline_param {
	const char *key, *key_end;
	const char *val, *end;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse the word at or after p into param. Returns the word's end, or NULL when none is left. */
static const char *next_param(const char *p, struct cmdline_param *param)
{
	bool quoted = false;

	while (is_blank(*p))
		p++;
	if (!*p)
		return NULL;
	param->key = p;
	param->val = NULL;
	for (; *p && (quoted || !is_blank(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (*p == '=' && !param->val) {
			param->key_end = p;
			param->val = p + 1;
		}
	}
	if (!param->val)
		param->key_end = p;
	param->end = p;
	return p;
}

static bool key_matches(const struct cmdline_param *param, const char *key)
{
	for (const char *s = param->key; s < param->key_end; s++) {
		if (*s == '"')
			continue;
		if (*s != *key++)
			return false;
	}
	return *key == '\0';
}

/* The last word whose key is key; false when there is none. */
static bool find_param(const char *cmdline, const char *key, struct cmdline_param *found)
{
	struct cmdline_param param;
	bool any = false;

	while ((cmdline = next_param(cmdline, &param)) != NULL) {
		if (key_matches(&param, key)) {
			*found = param;
			any = true;
		}
	}
	return any;
}

bool cmdline_has(const char *cmdline, const char *key)
{
	struct cmdline_param param;

	return find_param(cmdline, key, &param);
}

int cmdline_get(const char *cmdline, const char *key, char *val, size_t len)
{
	struct cmdline_param param;
	size_t n = 0;

	if (!find_param(cmdline, key, &param))
		return -ENOENT;
	for (const char *s = param.val; s && s < param.end; s++) {
		if (*s == '"')
			continue;
		if (n + 1 < len)
			val[n] = *s;
		n++;
	}
	if (len)
		val[MIN(n, len - 1)] = '\0';
	return n < len ? 0 : -EOVERFLOW;
}
