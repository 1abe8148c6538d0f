/* Command line parsing. */
#include <errno.h>
#include <string.h>

#include "lib.h"
#include "tap.h"

static const char line[] = "console=ttyS0 test run=\"lspci; map bar 00:03.0 2\"\tquiet\n"
			   "test=pgtable  path=\"a b\"c \"key=quoted word\" eq=b=c";

/* cmdline_get into a buffer of len bytes, returning the error and checking the value. */
static void check_get(const char *cmdline, const char *key, size_t len, int want_err,
		      const char *want)
{
	char buf[80];
	int err;

	memset(buf, '#', sizeof(buf));
	err = cmdline_get(cmdline, key, buf, len);
	CHECK_EQ(err, want_err);
	if (want) {
		CHECK(strcmp(buf, want) == 0);
		if (strcmp(buf, want))
			printf("# %s: got \"%s\", want \"%s\"\n", key, buf, want);
	}
	CHECK_EQ(buf[len], '#'); /* nothing written past len */
	if (want_err == -ENOENT)
		CHECK_EQ(buf[0], '#');
}

TEST(cmdline_has_keys)
{
	CHECK(cmdline_has(line, "console"));
	CHECK(cmdline_has(line, "test"));
	CHECK(cmdline_has(line, "run"));
	CHECK(cmdline_has(line, "quiet"));
	CHECK(cmdline_has(line, "key"));
	CHECK(cmdline_has(line, "eq"));
	CHECK(!cmdline_has(line, "tes"));
	CHECK(!cmdline_has(line, "testing"));
	CHECK(!cmdline_has(line, "ttyS0"));
	CHECK(!cmdline_has(line, "map")); /* inside quotes */
	CHECK(!cmdline_has(line, "lspci;"));
	CHECK(!cmdline_has(line, "word"));
	CHECK(!cmdline_has("", "test"));
	CHECK(!cmdline_has(" \t ", "test"));
	CHECK(cmdline_has("test", "test"));
	CHECK(cmdline_has("  test  ", "test"));
	CHECK(cmdline_has("test=", "test"));
}

TEST(cmdline_get_values)
{
	check_get(line, "console", 64, 0, "ttyS0");
	check_get(line, "run", 64, 0, "lspci; map bar 00:03.0 2");
	check_get(line, "test", 64, 0, "pgtable"); /* the last one counts */
	check_get(line, "quiet", 64, 0, "");
	check_get(line, "path", 64, 0, "a bc");
	check_get(line, "key", 64, 0, "quoted word");
	check_get(line, "eq", 64, 0, "b=c");
	check_get("test", "test", 64, 0, "");
	check_get("test=mm", "test", 64, 0, "mm");
	check_get("test=mm test", "test", 64, 0, "");
	check_get("a=\"b c", "a", 64, 0, "b c");
	check_get("a=\"\"", "a", 64, 0, "");
}

TEST(cmdline_get_errors)
{
	check_get(line, "missing", 64, -ENOENT, NULL);
	check_get(line, "tes", 8, -ENOENT, NULL);
	check_get("", "test", 8, -ENOENT, NULL);
	check_get(line, "console", 6, 0, "ttyS0");
	check_get(line, "console", 5, -EOVERFLOW, "ttyS");
	check_get(line, "console", 1, -EOVERFLOW, "");
	check_get(line, "console", 0, -EOVERFLOW, NULL);
	check_get(line, "quiet", 1, 0, "");
	check_get(line, "quiet", 0, -EOVERFLOW, NULL);
	check_get(line, "run", 10, -EOVERFLOW, "lspci; ma");
}
