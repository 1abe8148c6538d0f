/*
 * \_S5 from the AML: just enough of an AML parser to read Name(_S5, Package(){a, b, ...}), the
 * sleep-type values written to PM1a_CNT/PM1b_CNT to power off (ACPI spec: \_Sx system states;
 * the AML grammar chapter for the encodings). QEMU's q35 DSDT declares
 * Scope(\) { Name(_S5, Package(4){0, 0, 0, 0}) } (hw/i386/acpi-build.c, aml_int() -> ZeroOp).
 *
 * The scan looks for the NameSeg "_S5_" and accepts it only when the bytes around it decode as
 * such a Name; it does not track scopes, so a Name(_S5) nested in a Device or Method would be
 * taken as \_S5 too (firmware does not declare one there).
 */
#include <errno.h>
#include <string.h>

#include "drivers/acpi/internal.h"

#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_QWORD_PREFIX 0x0e
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR 0x5c /* '\' */
#define AML_ONES_OP 0xff

/* PkgLength lead byte: bits 7:6 count the bytes that follow; 5:0 (one byte) or 3:0 the length. */
#define AML_PKG_FOLLOW_SHIFT 6
#define AML_PKG_LEN_1BYTE_MASK 0x3f
#define AML_PKG_LEN_LOW_MASK 0x0f
#define AML_PKG_RESERVED_MASK 0x30 /* must be 0 in a multi-byte encoding */

/* Unread AML bytes [p, end). */
struct aml_cursor {
	const u8 *p;
	const u8 *end;
};

static size_t aml_left(const struct aml_cursor *c)
{
	return (size_t)(c->end - c->p);
}

/*
 * Consume a PkgLength and narrow the cursor to the package it measures (which starts at the
 * PkgLength itself). Returns 0, or -EINVAL when the encoding is malformed or the package does not
 * fit in the cursor.
 */
static int aml_enter_package(struct aml_cursor *c)
{
	const u8 *start = c->p;
	unsigned int follow, k;
	size_t len;

	if (!aml_left(c))
		return -EINVAL;
	follow = start[0] >> AML_PKG_FOLLOW_SHIFT;
	if (!follow) {
		len = start[0] & AML_PKG_LEN_1BYTE_MASK;
	} else {
		if ((start[0] & AML_PKG_RESERVED_MASK) || aml_left(c) < follow + 1)
			return -EINVAL;
		len = start[0] & AML_PKG_LEN_LOW_MASK;
		for (k = 1; k <= follow; k++)
			len |= (size_t)start[k] << (4 + 8 * (k - 1));
	}
	if (len < follow + 1 || len > aml_left(c))
		return -EINVAL;
	c->p = start + follow + 1;
	c->end = start + len;
	return 0;
}

/* Consume an integer constant (ZeroOp, OneOp, OnesOp or a prefixed one). Returns 0 or -EINVAL. */
static int aml_integer(struct aml_cursor *c, u64 *val)
{
	unsigned int size, k;

	if (!aml_left(c))
		return -EINVAL;
	switch (*c->p++) {
	case AML_ZERO_OP:
		*val = 0;
		return 0;
	case AML_ONE_OP:
		*val = 1;
		return 0;
	case AML_ONES_OP:
		*val = ~0ULL;
		return 0;
	case AML_BYTE_PREFIX:
		size = 1;
		break;
	case AML_WORD_PREFIX:
		size = 2;
		break;
	case AML_DWORD_PREFIX:
		size = 4;
		break;
	case AML_QWORD_PREFIX:
		size = 8;
		break;
	default:
		return -EINVAL;
	}
	if (aml_left(c) < size)
		return -EINVAL;
	*val = 0;
	for (k = 0; k < size; k++)
		*val |= (u64)c->p[k] << (8 * k);
	c->p += size;
	return 0;
}

/*
 * Decode PackageOp PkgLength NumElements elem0 elem1 ... at the cursor; the first two elements
 * must be integers. Returns 0 with them in val, or -EINVAL.
 */
static int aml_s5_package(struct aml_cursor *c, u64 val[2])
{
	if (aml_left(c) < 1 || *c->p++ != AML_PACKAGE_OP || aml_enter_package(c))
		return -EINVAL;
	/* NumElements; fewer initialisers than elements is legal, but we need two. */
	if (aml_left(c) < 1 || *c->p++ < 2)
		return -EINVAL;
	if (aml_integer(c, &val[0]) || aml_integer(c, &val[1]))
		return -EINVAL;
	return 0;
}

/* Is the NameSeg at aml[i] the name of a NameOp, with or without a root prefix? */
static bool aml_named_by_name_op(const u8 *aml, size_t i)
{
	if (aml[i - 1] == AML_NAME_OP)
		return true;
	return i >= 2 && aml[i - 1] == AML_ROOT_CHAR && aml[i - 2] == AML_NAME_OP;
}

int acpi_aml_find_s5(const u8 *aml, size_t len, u64 val[2])
{
	struct aml_cursor c;
	size_t i;

	/* From 1: a NameOp must come first. */
	for (i = 1; i + ACPI_NAMESEG_SIZE <= len; i++) {
		if (memcmp(aml + i, "_S5_", ACPI_NAMESEG_SIZE) || !aml_named_by_name_op(aml, i))
			continue;
		c.p = aml + i + ACPI_NAMESEG_SIZE;
		c.end = aml + len;
		if (!aml_s5_package(&c, val))
			return 0;
	}
	return -ENOENT;
}

/* acpi_aml_find_s5() over the AML of a definition block (DSDT or SSDT). */
static int acpi_table_find_s5(const struct acpi_table_header *table, u64 val[2])
{
	return acpi_aml_find_s5((const u8 *)(table + 1), table->length - sizeof(*table), val);
}

int acpi_get_s5_sleep_type(u8 *slp_typ_a, u8 *slp_typ_b)
{
	const struct acpi_table_header *table = acpi_get_table("DSDT", 0);
	unsigned int i = 0;
	u64 val[2];
	int err = -ENOENT;

	if (table)
		err = acpi_table_find_s5(table, val);
	while (err == -ENOENT && (table = acpi_get_table("SSDT", i++)))
		err = acpi_table_find_s5(table, val);
	if (err)
		return err;
	if (val[0] > ACPI_SLP_TYP_MAX || val[1] > ACPI_SLP_TYP_MAX)
		return -ERANGE;
	*slp_typ_a = val[0];
	*slp_typ_b = val[1];
	return 0;
}
