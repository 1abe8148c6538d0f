/*
 * \_S5 from the AML: just enough of an AML parser to read Name(\_S5, Package(){a, b, ...}), the
 * sleep-type values written to PM1a_CNT/PM1b_CNT to power off (ACPI spec: \_Sx system states;
 * the AML grammar chapter for the encodings). QEMU's q35 DSDT declares
 * Scope(\) { Name(_S5, Package(4){0, 0, 0, 0}) } (hw/i386/acpi-build.c, aml_int() -> ZeroOp).
 *
 * The definition block is walked as a term list, following the namespace: Scope, Device,
 * Processor, PowerResource and ThermalZone open the scope their name string resolves to, and
 * every Name is resolved against the scope it sits in, so only a Name whose path is \_S5_ counts.
 * Method bodies (whose names exist only while the method runs), If/Else/While bodies, buffers,
 * strings and fields are stepped over by their lengths. A term this parser does not know (an
 * expression where a constant was expected, a method call at load time) ends the walk: what
 * came before it was still searched.
 */
#include <errno.h>
#include <string.h>

#include "drivers/acpi/internal.h"

#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_ALIAS_OP 0x06
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_STRING_PREFIX 0x0d
#define AML_QWORD_PREFIX 0x0e
#define AML_SCOPE_OP 0x10
#define AML_BUFFER_OP 0x11
#define AML_PACKAGE_OP 0x12
#define AML_VAR_PACKAGE_OP 0x13
#define AML_METHOD_OP 0x14
#define AML_EXTERNAL_OP 0x15
#define AML_DUAL_NAME_PREFIX 0x2e
#define AML_MULTI_NAME_PREFIX 0x2f
#define AML_EXT_OP_PREFIX 0x5b
#define AML_ROOT_CHAR 0x5c     /* '\' */
#define AML_PARENT_PREFIX 0x5e /* '^' */
#define AML_IF_OP 0xa0
#define AML_ELSE_OP 0xa1
#define AML_WHILE_OP 0xa2
#define AML_ONES_OP 0xff

/* Second bytes after AML_EXT_OP_PREFIX. */
#define AML_EXT_MUTEX_OP 0x01
#define AML_EXT_EVENT_OP 0x02
#define AML_EXT_REVISION_OP 0x30
#define AML_EXT_REGION_OP 0x80
#define AML_EXT_FIELD_OP 0x81
#define AML_EXT_DEVICE_OP 0x82
#define AML_EXT_PROCESSOR_OP 0x83
#define AML_EXT_POWER_RES_OP 0x84
#define AML_EXT_THERMAL_ZONE_OP 0x85
#define AML_EXT_INDEX_FIELD_OP 0x86
#define AML_EXT_BANK_FIELD_OP 0x87
#define AML_EXT_DATA_REGION_OP 0x88

/* PkgLength lead byte: bits 7:6 count the bytes that follow; 5:0 (one byte) or 3:0 the length. */
#define AML_PKG_FOLLOW_SHIFT 6
#define AML_PKG_LEN_1BYTE_MASK 0x3f
#define AML_PKG_LEN_LOW_MASK 0x0f
#define AML_PKG_RESERVED_MASK 0x30 /* must be 0 in a multi-byte encoding */

/* Scopes opened inside one another that are followed; deeper ones are stepped over. */
#define AML_MAX_NESTING 32
/* Path segments kept: \_S5_ has one, so only the first ones ever matter. */
#define AML_PATH_KEPT 4

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

/*
 * An absolute namespace path: depth segments below the root, the first AML_PATH_KEPT of them
 * kept (each NameSeg as its 4 bytes, little-endian).
 */
struct aml_path {
	unsigned int depth;
	u32 seg[AML_PATH_KEPT];
};

static bool aml_lead_char(u8 ch)
{
	return (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool aml_name_char(u8 ch)
{
	return aml_lead_char(ch) || (ch >= '0' && ch <= '9');
}

/* Consume one NameSeg and append it to path. Returns 0, or -EINVAL when it is not one. */
static int aml_name_seg(struct aml_cursor *c, struct aml_path *path)
{
	const u8 *p = c->p;

	if (aml_left(c) < ACPI_NAMESEG_SIZE || !aml_lead_char(p[0]) || !aml_name_char(p[1]) ||
	    !aml_name_char(p[2]) || !aml_name_char(p[3]))
		return -EINVAL;
	if (path->depth < AML_PATH_KEPT)
		path->seg[path->depth] = p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
	path->depth++;
	c->p += ACPI_NAMESEG_SIZE;
	return 0;
}

/*
 * Consume a NameString and resolve it against scope as a definition does (no search rules): a
 * root prefix starts from the root, each parent prefix goes up one level, the segments go down.
 * Returns 0 with the absolute path in *out, or -EINVAL when malformed or above the root.
 */
static int aml_name_string(struct aml_cursor *c, const struct aml_path *scope, struct aml_path *out)
{
	unsigned int nsegs = 1;

	*out = *scope;
	if (aml_left(c) && *c->p == AML_ROOT_CHAR) {
		out->depth = 0;
		c->p++;
	} else {
		for (; aml_left(c) && *c->p == AML_PARENT_PREFIX; c->p++) {
			if (!out->depth)
				return -EINVAL;
			out->depth--;
		}
	}
	if (!aml_left(c))
		return -EINVAL;
	switch (*c->p) {
	case AML_ZERO_OP: /* NullName */
		c->p++;
		return 0;
	case AML_DUAL_NAME_PREFIX:
		c->p++;
		nsegs = 2;
		break;
	case AML_MULTI_NAME_PREFIX:
		if (aml_left(c) < 2)
			return -EINVAL;
		nsegs = c->p[1];
		c->p += 2;
		break;
	}
	for (unsigned int i = 0; i < nsegs; i++)
		if (aml_name_seg(c, out))
			return -EINVAL;
	return 0;
}

static bool aml_path_is_root_s5(const struct aml_path *path)
{
	return path->depth == 1 && path->seg[0] == ('_' | 'S' << 8 | '5' << 16 | (u32)'_' << 24);
}

/* Step over a PkgLength and the package it measures. Returns 0 or -EINVAL. */
static int aml_skip_package(struct aml_cursor *c)
{
	struct aml_cursor pkg = *c;
	int err = aml_enter_package(&pkg);

	if (!err)
		c->p = pkg.end;
	return err;
}

/*
 * Step over a data object: an integer constant, Revision, a string, or a buffer or package by
 * its length. Also serves for the TermArgs of OperationRegion and DataRegion, which firmware
 * writes as constants. Returns 0, or -EINVAL for anything else or when it does not fit.
 */
static int aml_skip_data(struct aml_cursor *c)
{
	const u8 *nul;
	u64 val;

	if (!aml_left(c))
		return -EINVAL;
	switch (*c->p) {
	case AML_STRING_PREFIX:
		nul = memchr(c->p + 1, 0, aml_left(c) - 1);
		if (!nul)
			return -EINVAL;
		c->p = nul + 1;
		return 0;
	case AML_BUFFER_OP:
	case AML_PACKAGE_OP:
	case AML_VAR_PACKAGE_OP:
		c->p++;
		return aml_skip_package(c);
	case AML_EXT_OP_PREFIX:
		if (aml_left(c) < 2 || c->p[1] != AML_EXT_REVISION_OP)
			return -EINVAL;
		c->p += 2;
		return 0;
	default:
		return aml_integer(c, &val);
	}
}

/* Step over n bytes. Returns 0 or -EINVAL. */
static int aml_skip(struct aml_cursor *c, size_t n)
{
	if (aml_left(c) < n)
		return -EINVAL;
	c->p += n;
	return 0;
}

/* A term stepped over without finding \_S5: 0 becomes -ENOENT (go on), errors stay. */
static int aml_stepped(int err)
{
	return err ? err : -ENOENT;
}

static int aml_walk(struct aml_cursor *c, const struct aml_path *scope, unsigned int nesting,
		    u64 val[2]);

/*
 * A scope-opening term at the cursor (just past its opcode): PkgLength NameString, fixed bytes
 * of the object, then a term list searched in the scope the name resolves to. The cursor moves
 * past the whole term. Returns as aml_walk().
 */
static int aml_walk_scope(struct aml_cursor *c, const struct aml_path *scope, size_t fixed,
			  unsigned int nesting, u64 val[2])
{
	struct aml_cursor body = *c;
	struct aml_path inner;
	int err = aml_enter_package(&body);

	if (err)
		return err;
	c->p = body.end;
	err = aml_name_string(&body, scope, &inner);
	if (!err)
		err = aml_skip(&body, fixed);
	if (err)
		return err;
	if (nesting + 1 >= AML_MAX_NESTING)
		return -ENOENT;
	return aml_walk(&body, &inner, nesting + 1, val);
}

/*
 * Name(NameString, DataRefObject): when the name is \_S5_ and its object a package of two
 * integers, that is the answer (0). Otherwise the object is stepped over: -ENOENT to go on.
 */
static int aml_walk_name(struct aml_cursor *c, const struct aml_path *scope, u64 val[2])
{
	struct aml_cursor obj;
	struct aml_path name;
	int err = aml_name_string(c, scope, &name);

	if (err)
		return err;
	obj = *c;
	if (aml_path_is_root_s5(&name) && !aml_s5_package(&obj, val))
		return 0;
	return aml_stepped(aml_skip_data(c));
}

/*
 * The terms after the ExtOpPrefix at the cursor. Returns as aml_walk() for one term: 0 found,
 * -ENOENT stepped over, -EINVAL unknown or malformed.
 */
static int aml_walk_ext(struct aml_cursor *c, const struct aml_path *scope, unsigned int nesting,
			u64 val[2])
{
	struct aml_path name;
	int err;

	if (!aml_left(c))
		return -EINVAL;
	switch (*c->p++) {
	case AML_EXT_DEVICE_OP:
	case AML_EXT_THERMAL_ZONE_OP:
		return aml_walk_scope(c, scope, 0, nesting, val);
	case AML_EXT_PROCESSOR_OP: /* ProcID, PblkAddr (4 bytes), PblkLen */
		return aml_walk_scope(c, scope, 6, nesting, val);
	case AML_EXT_POWER_RES_OP: /* SystemLevel, ResourceOrder (2 bytes) */
		return aml_walk_scope(c, scope, 3, nesting, val);
	case AML_EXT_FIELD_OP:
	case AML_EXT_INDEX_FIELD_OP:
	case AML_EXT_BANK_FIELD_OP:
		err = aml_skip_package(c);
		break;
	case AML_EXT_MUTEX_OP: /* NameString SyncFlags */
		err = aml_name_string(c, scope, &name);
		if (!err)
			err = aml_skip(c, 1);
		break;
	case AML_EXT_EVENT_OP:
		err = aml_name_string(c, scope, &name);
		break;
	case AML_EXT_REGION_OP: /* NameString RegionSpace RegionOffset RegionLen */
		err = aml_name_string(c, scope, &name);
		if (!err)
			err = aml_skip(c, 1);
		if (!err)
			err = aml_skip_data(c);
		if (!err)
			err = aml_skip_data(c);
		break;
	case AML_EXT_DATA_REGION_OP: /* NameString and three strings */
		err = aml_name_string(c, scope, &name);
		for (int i = 0; i < 3 && !err; i++)
			err = aml_skip_data(c);
		break;
	default:
		return -EINVAL;
	}
	return aml_stepped(err);
}

/*
 * Walk the term list at the cursor, in scope, up to its end. Returns 0 with \_S5's values in val
 * when one is defined there; -ENOENT when the list ends without one; -EINVAL at a term this
 * parser cannot step over (the walk stops: nothing after it can be located).
 */
static int aml_walk(struct aml_cursor *c, const struct aml_path *scope, unsigned int nesting,
		    u64 val[2])
{
	struct aml_path name;
	int err;

	while (aml_left(c)) {
		switch (*c->p++) {
		case AML_SCOPE_OP:
			err = aml_walk_scope(c, scope, 0, nesting, val);
			break;
		case AML_NAME_OP:
			err = aml_walk_name(c, scope, val);
			break;
		case AML_METHOD_OP:
		case AML_IF_OP:
		case AML_ELSE_OP:
		case AML_WHILE_OP:
		case AML_BUFFER_OP:
		case AML_PACKAGE_OP:
		case AML_VAR_PACKAGE_OP:
			err = aml_stepped(aml_skip_package(c));
			break;
		case AML_ALIAS_OP:
			err = aml_name_string(c, scope, &name);
			if (!err)
				err = aml_name_string(c, scope, &name);
			err = aml_stepped(err);
			break;
		case AML_EXTERNAL_OP: /* NameString ObjectType ArgumentCount */
			err = aml_name_string(c, scope, &name);
			if (!err)
				err = aml_skip(c, 2);
			err = aml_stepped(err);
			break;
		case AML_EXT_OP_PREFIX:
			err = aml_walk_ext(c, scope, nesting, val);
			break;
		default:
			return -EINVAL;
		}
		if (err != -ENOENT)
			return err;
	}
	return -ENOENT;
}

int acpi_aml_find_s5(const u8 *aml, size_t len, u64 val[2])
{
	struct aml_cursor c = { .p = aml, .end = aml + len };
	struct aml_path root = { 0 };
	u64 found[2];

	if (aml_walk(&c, &root, 0, found))
		return -ENOENT;
	val[0] = found[0];
	val[1] = found[1];
	return 0;
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
