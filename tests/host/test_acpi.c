/*
 * Host tests for drivers/acpi: tables built in "physical" pages the way QEMU lays them out
 * (docs/hardware.md#acpi-qemus-tables), then read back through the public API.
 *
 * The tables are written at byte offsets taken from the ACPI spec here, not through the parser's
 * structs, so a wrong offset in drivers/acpi/internal.h shows up as a failure. Each table sits at
 * an odd address inside its own page, as packed firmware tables may, so misaligned reads trip
 * UBSan.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "drivers/acpi/gtdt.h"
#include "drivers/acpi/madt.h"
#include "drivers/acpi/madt_gic.h"
#include "host_env.h"
#include "host_io.h"
#include "irq.h"
#include "phys.h"
#include "tap.h"

enum {
	HDR_LENGTH = 4,
	HDR_REVISION = 8,
	HDR_CHECKSUM = 9,
	HDR_OEM_ID = 10,
	HDR_SIZE = 36,

	RSDP_CHECKSUM = 8,
	RSDP_OEM_ID = 9,
	RSDP_REVISION = 15,
	RSDP_RSDT = 16,
	RSDP_LENGTH = 20,
	RSDP_XSDT = 24,
	RSDP_XCHECKSUM = 32,
	RSDP_V1_SIZE = 20,
	RSDP_V2_SIZE = 36,

	FADT_DSDT = 40,
	FADT_SMI_CMD = 48,
	FADT_ACPI_ENABLE = 52,
	FADT_PM1A_CNT = 64,
	FADT_PM1B_CNT = 68,
	FADT_PM1_CNT_LEN = 89,
	FADT_IAPC_BOOT_ARCH = 109,
	FADT_FLAGS = 112,
	FADT_ARM_BOOT_ARCH = 129,
	FADT_X_DSDT = 140,
	FADT_X_PM1A_CNT = 172,
	FADT_X_PM1B_CNT = 184,
	FADT_V1_SIZE = 116,
	FADT_V3_SIZE = 244,
	FADT_V6_SIZE = 276,

	SPCR_TYPE = 36,
	SPCR_GAS = 40,
	SPCR_INT_TYPE = 52,
	SPCR_PC_IRQ = 53,
	SPCR_GSI = 54,
	SPCR_BAUD = 58,
	SPCR_SIZE = 80,

	MCFG_ENTRIES = 44,
	MCFG_ENTRY_SIZE = 16,

	TABLE_OFFSET = 3, /* odd on purpose: see the top comment */
};

#define FW_MAX_PAGES 32

/* The pages one test's firmware tables live in, freed at the end of the test. */
struct fw {
	phys_addr_t page[FW_MAX_PAGES];
	unsigned int n;
};

static u8 *fw_alloc(struct fw *fw, phys_addr_t *pa)
{
	phys_addr_t page;

	host_env_init();
	page = pt_alloc_table();
	if (!page || fw->n == FW_MAX_PAGES)
		abort();
	fw->page[fw->n++] = page;
	*pa = page + TABLE_OFFSET;
	return __va(*pa);
}

static void fw_free(struct fw *fw)
{
	while (fw->n)
		pt_free_table(fw->page[--fw->n]);
}

static void put16(u8 *t, size_t off, u16 v)
{
	t[off] = v;
	t[off + 1] = v >> 8;
}

static void put32(u8 *t, size_t off, u32 v)
{
	put16(t, off, v);
	put16(t, off + 2, v >> 16);
}

static void put64(u8 *t, size_t off, u64 v)
{
	put32(t, off, v);
	put32(t, off + 4, v >> 32);
}

static void put_gas(u8 *t, size_t off, u8 space, u8 width, u8 access, u64 addr)
{
	t[off] = space;
	t[off + 1] = width;
	t[off + 2] = 0;
	t[off + 3] = access;
	put64(t, off + 4, addr);
}

static u8 sum(const u8 *p, size_t n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* A zeroed table with its header filled in; the caller fills the body, then seals it. */
static u8 *table_new(struct fw *fw, const char *sig, u32 len, u8 rev, phys_addr_t *pa)
{
	u8 *t = fw_alloc(fw, pa);

	memcpy(t, sig, 4);
	put32(t, HDR_LENGTH, len);
	t[HDR_REVISION] = rev;
	memcpy(t + HDR_OEM_ID, "BOCHS ", 6);
	return t;
}

static void table_seal(u8 *t)
{
	u32 len = t[HDR_LENGTH] | t[HDR_LENGTH + 1] << 8 | t[HDR_LENGTH + 2] << 16 |
		  (u32)t[HDR_LENGTH + 3] << 24;

	t[HDR_CHECKSUM] = 0;
	t[HDR_CHECKSUM] = -sum(t, len);
}

/* A DSDT or SSDT holding the given AML. */
static phys_addr_t aml_table(struct fw *fw, const char *sig, const u8 *aml, size_t n)
{
	phys_addr_t pa;
	u8 *t = table_new(fw, sig, HDR_SIZE + n, 2, &pa);

	memcpy(t + HDR_SIZE, aml, n);
	table_seal(t);
	return pa;
}

/* An XSDT (entry_size 8) or RSDT (4) listing tables. */
static phys_addr_t root_new(struct fw *fw, const char *sig, unsigned int entry_size,
			    const phys_addr_t *tables, unsigned int n)
{
	phys_addr_t pa;
	u8 *t = table_new(fw, sig, HDR_SIZE + n * entry_size, 1, &pa);

	for (unsigned int i = 0; i < n; i++) {
		if (entry_size == 8)
			put64(t, HDR_SIZE + i * 8, tables[i]);
		else
			put32(t, HDR_SIZE + i * 4, tables[i]);
	}
	table_seal(t);
	return pa;
}

static phys_addr_t rsdp_new(struct fw *fw, u8 rev, phys_addr_t rsdt, phys_addr_t xsdt)
{
	phys_addr_t pa;
	u8 *r = fw_alloc(fw, &pa);

	memcpy(r, "RSD PTR ", 8);
	memcpy(r + RSDP_OEM_ID, "BOCHS ", 6);
	r[RSDP_REVISION] = rev;
	put32(r, RSDP_RSDT, rsdt);
	r[RSDP_CHECKSUM] = -sum(r, RSDP_V1_SIZE);
	if (rev >= 2) {
		put32(r, RSDP_LENGTH, RSDP_V2_SIZE);
		put64(r, RSDP_XSDT, xsdt);
		r[RSDP_XCHECKSUM] = -sum(r, RSDP_V2_SIZE);
	}
	return pa;
}

/* An RSDP rev 2 whose XSDT lists tables. */
static phys_addr_t xsdt_fw(struct fw *fw, const phys_addr_t *tables, unsigned int n)
{
	return rsdp_new(fw, 2, 0, root_new(fw, "XSDT", 8, tables, n));
}

static phys_addr_t mcfg_new(struct fw *fw, const u64 *base, const u8 (*bus)[2], unsigned int n,
			    unsigned int extra_bytes)
{
	phys_addr_t pa;
	u8 *t = table_new(fw, "MCFG", MCFG_ENTRIES + n * MCFG_ENTRY_SIZE + extra_bytes, 1, &pa);

	for (unsigned int i = 0; i < n; i++) {
		u8 *e = t + MCFG_ENTRIES + i * MCFG_ENTRY_SIZE;

		put64(e, 0, base[i]);
		put16(e, 8, 0);
		e[10] = bus[i][0];
		e[11] = bus[i][1];
	}
	table_seal(t);
	return pa;
}

/* ---------------------------------------------------------------- QEMU-like fixtures */

/* Scope(\) { Name(_S3, Package(4){One, One, Zero, Zero}) Name(_S5, Package(4){0, 0, 0, 0}) } */
/* The AML byte strings are laid out term by term: clang-format stays off them, here and below. */
/* clang-format off */
static const u8 q35_dsdt_aml[] = {
	0x10, 0x1b, '\\', 0x00, /* Scope(\), NameString \ + NullName */
	0x08, '_', 'S', '3', '_', 0x12, 0x06, 0x04, 0x01, 0x01, 0x00, 0x00,
	0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00,
};

/* Scope(_SB) { Name(_UID, Zero) }: no \_S5, as on virt. */
static const u8 virt_dsdt_aml[] = {
	0x10, 0x0b, '_', 'S', 'B', '_', 0x08, '_', 'U', 'I', 'D', 0x00,
};
/* clang-format on */

/*
 * q35 + OVMF: FADT rev 3 with PM1a_CNT at I/O 0x604 and the ICH9's APM port 0xb2 as SMI_CMD
 * (ACPI_ENABLE 2), APIC, MCFG at 0xb0000000 bus 0-255.
 */
static phys_addr_t q35_fw(struct fw *fw, phys_addr_t *dsdt_out)
{
	static const u64 base[] = { 0xb0000000 };
	static const u8 bus[][2] = { { 0, 255 } };
	phys_addr_t tables[3], dsdt = aml_table(fw, "DSDT", q35_dsdt_aml, sizeof(q35_dsdt_aml));
	u8 *fadt = table_new(fw, "FACP", FADT_V3_SIZE, 3, &tables[0]);
	u8 *apic = table_new(fw, "APIC", 44, 1, &tables[1]);

	put32(fadt, FADT_DSDT, dsdt);
	put64(fadt, FADT_X_DSDT, dsdt);
	put32(fadt, FADT_SMI_CMD, 0xb2);
	fadt[FADT_ACPI_ENABLE] = 2;
	put32(fadt, FADT_PM1A_CNT, 0x604);
	fadt[FADT_PM1_CNT_LEN] = 2;
	put32(fadt, FADT_FLAGS, 0x84a5);
	put_gas(fadt, FADT_X_PM1A_CNT, ACPI_ADR_SPACE_SYSTEM_IO, 16, 0, 0x604);
	table_seal(fadt);
	put32(apic, HDR_SIZE, 0xfee00000);
	table_seal(apic);
	tables[2] = mcfg_new(fw, base, bus, 1, 0);
	if (dsdt_out)
		*dsdt_out = dsdt;
	return xsdt_fw(fw, tables, ARRAY_SIZE(tables));
}

/* virt + AAVMF: FADT rev 6 HW-reduced with PSCI via HVC, SPCR PL011, MCFG high ECAM. */
static phys_addr_t virt_fw(struct fw *fw)
{
	static const u64 base[] = { 0x4010000000 };
	static const u8 bus[][2] = { { 0, 255 } };
	phys_addr_t tables[3], dsdt = aml_table(fw, "DSDT", virt_dsdt_aml, sizeof(virt_dsdt_aml));
	u8 *fadt = table_new(fw, "FACP", FADT_V6_SIZE, 6, &tables[0]);
	u8 *spcr = table_new(fw, "SPCR", SPCR_SIZE, 2, &tables[1]);

	put64(fadt, FADT_X_DSDT, dsdt);
	put32(fadt, FADT_FLAGS, BIT(20));
	put16(fadt, FADT_ARM_BOOT_ARCH, 0x3);
	table_seal(fadt);
	spcr[SPCR_TYPE] = 3;
	put_gas(spcr, SPCR_GAS, ACPI_ADR_SPACE_SYSTEM_MEMORY, 8, 1, 0x09000000);
	spcr[SPCR_INT_TYPE] = 0x08;
	put32(spcr, SPCR_GSI, 33);
	spcr[SPCR_BAUD] = 3;
	table_seal(spcr);
	tables[2] = mcfg_new(fw, base, bus, 1, 0);
	return xsdt_fw(fw, tables, ARRAY_SIZE(tables));
}

/*
 * acpi_get_poweroff() into a struct pre-filled with junk (so untouched fields show); false, with
 * a failed check, when the call fails, so that callers skip reading the junk.
 */
static bool get_poweroff(struct acpi_poweroff *po)
{
	int err;

	memset(po, 0xaa, sizeof(*po));
	err = acpi_get_poweroff(po);
	CHECK_EQ(err, 0);
	return err == 0;
}

/* ---------------------------------------------------------------- discovery */

TEST(acpi_rsdp_rejected)
{
	struct fw fw = { 0 };
	phys_addr_t good = q35_fw(&fw, NULL), bad;
	u8 *r;

	CHECK_EQ(acpi_init(good), 0);
	CHECK(acpi_get_table("FACP", 0) != NULL);

	/* Bad 20-byte checksum; a failed init also forgets the previous root. */
	bad = rsdp_new(&fw, 2, 0, 0);
	memcpy(__va(bad), __va(good), RSDP_V2_SIZE);
	r = __va(bad);
	r[RSDP_CHECKSUM]++;
	r[RSDP_XCHECKSUM]--; /* keeps the extended sum at 0: only the v1 checksum is wrong */
	CHECK_EQ(acpi_init(bad), -EINVAL);
	CHECK(acpi_get_table("FACP", 0) == NULL);
	CHECK(acpi_get_table("DSDT", 0) == NULL);

	/* Bad extended checksum. */
	memcpy(r, __va(good), RSDP_V2_SIZE);
	r[RSDP_XCHECKSUM]++;
	CHECK_EQ(acpi_init(bad), -EINVAL);

	/* Bad signature. */
	memcpy(r, __va(good), RSDP_V2_SIZE);
	r[0] = 'X';
	r[RSDP_CHECKSUM] -= 'X' - 'R'; /* both sums stay 0 */
	CHECK_EQ(sum(r, RSDP_V1_SIZE), 0);
	CHECK_EQ(sum(r, RSDP_V2_SIZE), 0);
	CHECK_EQ(acpi_init(bad), -EINVAL);

	/* A 2.0 RSDP claiming the 1.0 size: its extended sum (20 bytes) is 0, but it is short. */
	memcpy(r, __va(good), RSDP_V2_SIZE);
	put32(r, RSDP_LENGTH, RSDP_V1_SIZE);
	CHECK_EQ(acpi_init(bad), -EINVAL);

	CHECK_EQ(acpi_init(0), -EINVAL);
	/* A valid RSDP naming no root table. */
	CHECK_EQ(acpi_init(rsdp_new(&fw, 2, 0, 0)), -ENOENT);
	fw_free(&fw);
}

TEST(acpi_q35_xsdt)
{
	struct fw fw = { 0 };
	phys_addr_t dsdt;
	const struct acpi_table_header *fadt, *t;
	char buf[128];

	CHECK_EQ(acpi_init(q35_fw(&fw, &dsdt)), 0);
	fadt = acpi_get_table("FACP", 0);
	CHECK(fadt != NULL);
	if (fadt) {
		CHECK_EQ(memcmp(fadt->signature, "FACP", 4), 0);
		CHECK_EQ(fadt->length, FADT_V3_SIZE);
		CHECK_EQ(fadt->revision, 3);
	}
	CHECK(acpi_get_table("FACP", 1) == NULL);
	t = acpi_get_table("DSDT", 0);
	CHECK_EQ(t ? __pa(t) : 0, dsdt);
	CHECK(acpi_get_table("DSDT", 1) == NULL);
	CHECK(acpi_get_table("SPCR", 0) == NULL);
	CHECK(acpi_get_table("HPET", 0) == NULL);

	acpi_describe(buf, sizeof(buf));
	CHECK_EQ(strcmp(buf, "OEM BOCHS XSDT: FACP APIC MCFG DSDT"), 0);
	fw_free(&fw);
}

/*
 * ACPI 1.0: a 20-byte RSDP with 32-bit RSDT entries and a 116-byte FADT. Bytes 20..35 past the
 * RSDP look like a valid 2.0 extension pointing at another XSDT; revision 0 must ignore them.
 */
TEST(acpi_rev0_rsdt)
{
	struct fw fw = { 0 };
	phys_addr_t tables[2], decoy_tables[1], dsdt, rsdp, xsdt;
	const struct acpi_table_header *t;
	struct acpi_poweroff po;
	u8 *fadt, *r;
	char buf[64];

	dsdt = aml_table(&fw, "DSDT", q35_dsdt_aml, sizeof(q35_dsdt_aml));
	fadt = table_new(&fw, "FACP", FADT_V1_SIZE, 1, &tables[0]);
	put32(fadt, FADT_DSDT, dsdt);
	put32(fadt, FADT_PM1A_CNT, 0xb004);
	fadt[FADT_PM1_CNT_LEN] = 2;
	put32(fadt, FADT_FLAGS, 0x1);
	table_seal(fadt);
	put16(fadt, FADT_ARM_BOOT_ARCH, 0x3); /* past the table's end: must not be read */
	table_new(&fw, "SSDT", HDR_SIZE, 1, &tables[1]);
	table_seal(__va(tables[1]));
	table_new(&fw, "BOGS", HDR_SIZE, 1, &decoy_tables[0]);
	table_seal(__va(decoy_tables[0]));
	xsdt = root_new(&fw, "XSDT", 8, decoy_tables, 1);
	rsdp = rsdp_new(&fw, 0, root_new(&fw, "RSDT", 4, tables, 2), 0);
	r = __va(rsdp);
	put32(r, RSDP_LENGTH, RSDP_V2_SIZE);
	put64(r, RSDP_XSDT, xsdt);
	r[RSDP_XCHECKSUM] = -sum(r, RSDP_V2_SIZE);

	CHECK_EQ(acpi_init(rsdp), 0);
	CHECK(acpi_get_table("BOGS", 0) == NULL);
	t = acpi_get_table("SSDT", 0);
	CHECK_EQ(t ? __pa(t) : 0, tables[1]);
	t = acpi_get_table("DSDT", 0);
	CHECK_EQ(t ? __pa(t) : 0, dsdt);
	acpi_describe(buf, sizeof(buf));
	CHECK_EQ(strcmp(buf, "OEM BOCHS RSDT: FACP SSDT DSDT"), 0);

	/* The short FADT has no X_ fields: 32-bit PM1a as I/O, no ARM flags. */
	if (get_poweroff(&po)) {
		CHECK_EQ(po.pm1a_cnt.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
		CHECK_EQ(po.pm1a_cnt.bit_width, 16);
		CHECK_EQ(po.pm1a_cnt.access_size, ACPI_ACCESS_UNDEFINED);
		CHECK_EQ(po.pm1a_cnt.address, 0xb004);
		CHECK_EQ(po.pm1b_cnt.address, 0);
		CHECK_EQ(po.flags, 0x1);
		CHECK_EQ(po.arm_boot_arch, 0);
		CHECK(po.have_s5);
		CHECK_EQ(po.slp_typ_a, 0);
		CHECK_EQ(po.slp_typ_b, 0);
	}
	fw_free(&fw);
}

TEST(acpi_broken_xsdt_falls_back_to_rsdt)
{
	struct fw fw = { 0 };
	phys_addr_t tables[1], xsdt, rsdt;
	char buf[64];
	u8 *x;

	table_new(&fw, "HPET", HDR_SIZE + 20, 1, &tables[0]);
	table_seal(__va(tables[0]));
	xsdt = root_new(&fw, "XSDT", 8, tables, 1);
	rsdt = root_new(&fw, "RSDT", 4, tables, 1);
	x = __va(xsdt);
	x[HDR_SIZE]++; /* the entry no longer matches the checksum */

	CHECK_EQ(acpi_init(rsdp_new(&fw, 2, rsdt, xsdt)), 0);
	CHECK(acpi_get_table("HPET", 0) != NULL);
	acpi_describe(buf, sizeof(buf));
	CHECK_EQ(strcmp(buf, "OEM BOCHS RSDT: HPET"), 0);

	/* Neither root valid. */
	((u8 *)__va(rsdt))[HDR_CHECKSUM]++;
	CHECK_EQ(acpi_init(rsdp_new(&fw, 2, rsdt, xsdt)), -EINVAL);
	/* A wrong signature is as bad as a wrong checksum. */
	CHECK_EQ(acpi_init(rsdp_new(&fw, 2, 0, tables[0])), -EINVAL);
	fw_free(&fw);
}

TEST(acpi_bad_tables_skipped_and_instances)
{
	struct fw fw = { 0 };
	phys_addr_t tables[7];
	const struct acpi_table_header *t;
	char buf[128];
	u8 *p;

	for (unsigned int i = 0; i < ARRAY_SIZE(tables); i++) {
		p = table_new(&fw, "SSDT", HDR_SIZE + 1, 2, &tables[i]);
		p[HDR_SIZE] = i; /* tells the tables apart */
		table_seal(p);
	}
	((u8 *)__va(tables[0]))[HDR_SIZE] = 0x55; /* stale checksum */
	put32(__va(tables[2]), HDR_LENGTH, 20);	  /* shorter than a header */
	table_seal(__va(tables[2]));
	put32(__va(tables[3]), HDR_LENGTH, 0xffffffff); /* absurd length */
	memcpy(__va(tables[5]), "APIC", 4);
	table_seal(__va(tables[5]));
	tables[6] = 0; /* a null entry is skipped */

	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, ARRAY_SIZE(tables))), 0);
	t = acpi_get_table("SSDT", 0);
	CHECK_EQ(t ? __pa(t) : 0, tables[1]);
	t = acpi_get_table("SSDT", 1);
	CHECK_EQ(t ? __pa(t) : 0, tables[4]);
	CHECK(acpi_get_table("SSDT", 2) == NULL);
	t = acpi_get_table("APIC", 0);
	CHECK_EQ(t ? __pa(t) : 0, tables[5]);
	CHECK(acpi_get_table("APIC", 1) == NULL);
	CHECK(acpi_get_table("FACP", 0) == NULL);
	CHECK(acpi_get_table("DSDT", 0) == NULL); /* no FADT to name it */

	acpi_describe(buf, sizeof(buf));
	CHECK_EQ(strcmp(buf, "OEM BOCHS XSDT: SSDT! SSDT SSDT! SSDT! SSDT APIC"), 0);
	fw_free(&fw);
}

TEST(acpi_describe_bounds)
{
	struct fw fw = { 0 };
	char buf[16];

	CHECK_EQ(acpi_init(0), -EINVAL);
	acpi_describe(buf, sizeof(buf));
	CHECK_EQ(strcmp(buf, "no ACPI"), 0);

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	memset(buf, 'x', sizeof(buf));
	acpi_describe(buf, 10);
	CHECK_EQ(strcmp(buf, "OEM BOCHS"), 0);
	CHECK_EQ(buf[10], 'x');
	acpi_describe(buf, 1);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'E');
	buf[0] = 'y';
	acpi_describe(buf, 0);
	CHECK_EQ(buf[0], 'y');
	fw_free(&fw);
}

/* ---------------------------------------------------------------- FADT / power-off */

TEST(acpi_q35_poweroff)
{
	struct fw fw = { 0 };
	struct acpi_poweroff po;
	u8 a = 9, b = 9;

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	if (get_poweroff(&po)) {
		CHECK_EQ(po.pm1a_cnt.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
		CHECK_EQ(po.pm1a_cnt.bit_width, 16);
		CHECK_EQ(po.pm1a_cnt.address, 0x604);
		CHECK_EQ(po.pm1b_cnt.address, 0);
		CHECK_EQ(po.smi_cmd, 0xb2);
		CHECK_EQ(po.acpi_enable, 2);
		CHECK_EQ(po.flags, 0x84a5);
		CHECK(!(po.flags & ACPI_FADT_HW_REDUCED));
		CHECK_EQ(po.arm_boot_arch, 0);
		CHECK(po.have_s5);
		CHECK_EQ(po.slp_typ_a, 0); /* not _S3's One */
		CHECK_EQ(po.slp_typ_b, 0);
	}
	CHECK_EQ(acpi_get_s5_sleep_type(&a, &b), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 0);
	fw_free(&fw);
}

TEST(acpi_virt_hw_reduced_psci)
{
	struct fw fw = { 0 };
	struct acpi_poweroff po;
	u8 a = 9, b = 9;

	CHECK_EQ(acpi_init(virt_fw(&fw)), 0);
	if (get_poweroff(&po)) {
		CHECK(po.flags & ACPI_FADT_HW_REDUCED);
		CHECK_EQ(po.arm_boot_arch, ACPI_FADT_PSCI_COMPLIANT | ACPI_FADT_PSCI_USE_HVC);
		CHECK_EQ(po.pm1a_cnt.address, 0);
		CHECK_EQ(po.pm1b_cnt.address, 0);
		CHECK(!po.have_s5);
		CHECK_EQ(po.slp_typ_a, 0);
	}
	CHECK_EQ(acpi_get_s5_sleep_type(&a, &b), -ENOENT);
	CHECK_EQ(a, 9);
	CHECK_EQ(b, 9);
	fw_free(&fw);
}

/* X_PM1x_CNT_BLK wins over the 32-bit field unless its address is 0; X_DSDT over DSDT likewise. */
TEST(acpi_fadt_extended_fields)
{
	struct fw fw = { 0 };
	phys_addr_t tables[1], dsdt32, dsdt64;
	const struct acpi_table_header *t;
	struct acpi_poweroff po;
	u8 *fadt;

	dsdt32 = aml_table(&fw, "DSDT", virt_dsdt_aml, sizeof(virt_dsdt_aml));
	dsdt64 = aml_table(&fw, "DSDT", q35_dsdt_aml, sizeof(q35_dsdt_aml));
	fadt = table_new(&fw, "FACP", FADT_V6_SIZE, 6, &tables[0]);
	put32(fadt, FADT_DSDT, dsdt32);
	put64(fadt, FADT_X_DSDT, dsdt64);
	put32(fadt, FADT_PM1A_CNT, 0x604);
	put32(fadt, FADT_PM1B_CNT, 0x704);
	fadt[FADT_PM1_CNT_LEN] = 2;
	put_gas(fadt, FADT_X_PM1A_CNT, ACPI_ADR_SPACE_SYSTEM_MEMORY, 16, ACPI_ACCESS_WORD,
		0xfe000404);
	put_gas(fadt, FADT_X_PM1B_CNT, ACPI_ADR_SPACE_SYSTEM_MEMORY, 16, ACPI_ACCESS_WORD, 0);
	table_seal(fadt);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);

	t = acpi_get_table("DSDT", 0);
	CHECK_EQ(t ? __pa(t) : 0, dsdt64);
	if (get_poweroff(&po)) {
		CHECK_EQ(po.pm1a_cnt.space_id, ACPI_ADR_SPACE_SYSTEM_MEMORY);
		CHECK_EQ(po.pm1a_cnt.access_size, ACPI_ACCESS_WORD);
		CHECK_EQ(po.pm1a_cnt.address, 0xfe000404);
		CHECK_EQ(po.pm1b_cnt.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
		CHECK_EQ(po.pm1b_cnt.address, 0x704);
		CHECK(po.have_s5);
	}

	/* X_DSDT = 0: fall back to DSDT. */
	put64(fadt, FADT_X_DSDT, 0);
	table_seal(fadt);
	t = acpi_get_table("DSDT", 0);
	CHECK_EQ(t ? __pa(t) : 0, dsdt32);

	/* A FADT too short for X_DSDT: the bytes beyond its length are ignored. */
	put64(fadt, FADT_X_DSDT, dsdt64);
	put32(fadt, HDR_LENGTH, FADT_X_DSDT + 4);
	table_seal(fadt);
	t = acpi_get_table("DSDT", 0);
	CHECK_EQ(t ? __pa(t) : 0, dsdt32);
	if (get_poweroff(&po)) {
		CHECK_EQ(po.pm1a_cnt.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
		CHECK_EQ(po.pm1a_cnt.address, 0x604);
		CHECK(!po.have_s5);
	}

	/* Shorter than an ACPI 1.0 FADT: no power-off data at all. */
	put32(fadt, HDR_LENGTH, FADT_V1_SIZE - 1);
	table_seal(fadt);
	CHECK_EQ(acpi_get_poweroff(&po), -ENOENT);
	fw_free(&fw);
}

/*
 * The chipset side of power-off on the fake bus: PM1a_CNT at port 0x604 (PM1b at 0x704 when a
 * test gives one), SMI_CMD at 0xb2, whose ACPI_ENABLE value makes firmware set SCI_EN, unless
 * the firmware is broken. Every write is logged in order.
 */
#define CHIP_MAX_WRITES 8

struct chipset {
	struct host_io_dev dev;
	u16 pm1a, pm1b;
	bool broken_smi; /* firmware never sets SCI_EN */
	unsigned int nr_writes;
	struct {
		u64 addr;
		unsigned int size;
		u32 val;
	} w[CHIP_MAX_WRITES];
	int conduit;	  /* of the latest firmware call, -1: none */
	unsigned long fn; /* of the latest firmware call */
};

static u32 chip_read(struct host_io_dev *dev, enum host_io_space space, u64 addr, unsigned int size)
{
	struct chipset *c = (struct chipset *)dev;

	if (space == HOST_IO_PORT && addr == 0x604 && size == 2)
		return c->pm1a;
	if (space == HOST_IO_PORT && addr == 0x704 && size == 2)
		return c->pm1b;
	return 0xffffffffu >> (32 - 8 * size);
}

static void chip_write(struct host_io_dev *dev, enum host_io_space space, u64 addr,
		       unsigned int size, u32 val)
{
	struct chipset *c = (struct chipset *)dev;

	CHECK_EQ(space, HOST_IO_PORT);
	if (c->nr_writes < CHIP_MAX_WRITES)
		c->w[c->nr_writes] = (typeof(c->w[0])){ addr, size, val };
	c->nr_writes++;
	if (addr == 0xb2 && size == 1 && val == 2 && !c->broken_smi)
		c->pm1a |= ACPI_PM1_CNT_SCI_EN;
}

static long chip_smccc(struct host_io_dev *dev, int conduit, unsigned long fn)
{
	struct chipset *c = (struct chipset *)dev;

	c->conduit = conduit;
	c->fn = fn;
	return -1; /* PSCI NOT_SUPPORTED: the call comes back */
}

static void chip_init(struct chipset *c, u16 pm1a)
{
	*c = (struct chipset){ .dev = { chip_read, chip_write, chip_smccc }, .pm1a = pm1a };
	c->conduit = -1;
	host_io = &c->dev;
}

static void check_write(const struct chipset *c, unsigned int i, u64 addr, unsigned int size,
			u32 val)
{
	CHECK(i < c->nr_writes);
	if (i >= c->nr_writes || i >= CHIP_MAX_WRITES)
		return;
	CHECK_EQ(c->w[i].addr, addr);
	CHECK_EQ(c->w[i].size, size);
	CHECK_EQ(c->w[i].val, val);
}

/* The FADT of the firmware acpi_init() was given, writable; reseal it after changes. */
static u8 *fadt_of_current(void)
{
	return (u8 *)acpi_get_table("FACP", 0);
}

/* Firmware left q35 in legacy mode: ACPI_ENABLE goes to SMI_CMD before the S5 writes. */
TEST(acpi_power_off_enables_acpi_mode_first)
{
	struct fw fw = { 0 };
	struct chipset c;

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	chip_init(&c, 0x0000);
	CHECK_EQ(acpi_power_off(), -EIO); /* the fake machine never goes off */
	CHECK_EQ(c.nr_writes, 3);
	check_write(&c, 0, 0xb2, 1, 2);
	/* SCI_EN, set by firmware, is kept; SLP_TYP = \_S5's 0; then SLP_EN. */
	check_write(&c, 1, 0x604, 2, ACPI_PM1_CNT_SCI_EN);
	check_write(&c, 2, 0x604, 2, ACPI_PM1_CNT_SCI_EN | ACPI_PM1_CNT_SLP_EN);
	CHECK_EQ(c.conduit, -1);
	host_io = NULL;
	fw_free(&fw);
}

/* No transition when already in ACPI mode, or when the FADT offers none. */
TEST(acpi_power_off_no_smi_when_not_needed)
{
	struct fw fw = { 0 };
	struct chipset c;
	u8 *fadt;

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	chip_init(&c, ACPI_PM1_CNT_SCI_EN | 0x1c00); /* old SLP_TYP 7 is replaced */
	CHECK_EQ(acpi_power_off(), -EIO);
	CHECK_EQ(c.nr_writes, 2);
	check_write(&c, 0, 0x604, 2, ACPI_PM1_CNT_SCI_EN);
	check_write(&c, 1, 0x604, 2, ACPI_PM1_CNT_SCI_EN | ACPI_PM1_CNT_SLP_EN);

	fadt = fadt_of_current();
	put32(fadt, FADT_SMI_CMD, 0);
	table_seal(fadt);
	chip_init(&c, 0);
	CHECK_EQ(acpi_power_off(), -EIO);
	CHECK_EQ(c.nr_writes, 2);
	check_write(&c, 0, 0x604, 2, 0);

	put32(fadt, FADT_SMI_CMD, 0xb2);
	fadt[FADT_ACPI_ENABLE] = 0;
	table_seal(fadt);
	chip_init(&c, 0);
	CHECK_EQ(acpi_power_off(), -EIO);
	CHECK_EQ(c.nr_writes, 2);
	check_write(&c, 0, 0x604, 2, 0);
	host_io = NULL;
	fw_free(&fw);
}

/* Firmware that never sets SCI_EN: a bounded wait, then no S5 write at all. */
TEST(acpi_power_off_acpi_mode_timeout)
{
	struct fw fw = { 0 };
	struct chipset c;

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	chip_init(&c, 0);
	c.broken_smi = true;
	CHECK_EQ(acpi_power_off(), -ETIMEDOUT);
	CHECK_EQ(c.nr_writes, 1);
	check_write(&c, 0, 0xb2, 1, 2);
	host_io = NULL;
	fw_free(&fw);
}

/* PM1b gets its own SLP_TYPb, in step with PM1a; a CPU without I/O ports cannot do S5. */
TEST(acpi_power_off_pm1b_and_no_ports)
{
	struct fw fw = { 0 };
	struct chipset c;
	u8 *fadt;

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	fadt = fadt_of_current();
	put32(fadt, FADT_PM1B_CNT, 0x704);
	table_seal(fadt);
	chip_init(&c, ACPI_PM1_CNT_SCI_EN);
	c.pm1b = 0x0002;
	CHECK_EQ(acpi_power_off(), -EIO);
	CHECK_EQ(c.nr_writes, 4);
	check_write(&c, 0, 0x604, 2, ACPI_PM1_CNT_SCI_EN);
	check_write(&c, 1, 0x704, 2, 0x0002);
	check_write(&c, 2, 0x604, 2, ACPI_PM1_CNT_SCI_EN | ACPI_PM1_CNT_SLP_EN);
	check_write(&c, 3, 0x704, 2, 0x0002 | ACPI_PM1_CNT_SLP_EN);

	host_io = NULL;
	CHECK_EQ(acpi_power_off(), -ENODEV);
	fw_free(&fw);
}

/* virt: PSCI SYSTEM_OFF through HVC, as ARM_BOOT_ARCH says; SMC when it does not say HVC. */
TEST(acpi_power_off_psci_conduit)
{
	struct fw fw = { 0 };
	struct chipset c;
	u8 *fadt;

	CHECK_EQ(acpi_init(virt_fw(&fw)), 0);
	chip_init(&c, 0);
	CHECK_EQ(acpi_power_off(), -EIO);
	CHECK_EQ(c.conduit, SMCCC_CONDUIT_HVC);
	CHECK_EQ(c.fn, 0x84000008);
	CHECK_EQ(c.nr_writes, 0);

	fadt = fadt_of_current();
	put16(fadt, FADT_ARM_BOOT_ARCH, ACPI_FADT_PSCI_COMPLIANT);
	table_seal(fadt);
	CHECK_EQ(acpi_power_off(), -EIO);
	CHECK_EQ(c.conduit, SMCCC_CONDUIT_SMC);

	/* No PSCI: S5, which virt does not have. */
	put16(fadt, FADT_ARM_BOOT_ARCH, 0);
	table_seal(fadt);
	CHECK_EQ(acpi_power_off(), -ENOENT);

	/* A CPU without HVC/SMC (x86_64) cannot make the call. */
	put16(fadt, FADT_ARM_BOOT_ARCH, ACPI_FADT_PSCI_COMPLIANT);
	table_seal(fadt);
	c.dev.smccc = NULL;
	CHECK_EQ(acpi_power_off(), -EOPNOTSUPP);
	host_io = NULL;
	fw_free(&fw);
}

TEST(acpi_pm1_cnt_sleep_bits)
{
	CHECK_EQ(ACPI_PM1_CNT_SLP_TYP_MASK, 0x1c00);
	CHECK_EQ(ACPI_PM1_CNT_SLP_EN, 0x2000);
	CHECK_EQ(acpi_pm1_cnt_sleep(0x0001, 5), 0x3401);
	CHECK_EQ(acpi_pm1_cnt_sleep(0xffff, 0), 0xe3ff);
	CHECK_EQ(acpi_pm1_cnt_sleep(0x0000, 7), 0x3c00);
}

/* IAPC_BOOT_ARCH says whether there is an i8042; only FADTs of revision 2 and later carry it. */
TEST(acpi_iapc_boot_arch_8042)
{
	struct fw fw = { 0 };
	u16 flags = 0xffff;
	u8 *fadt;

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	CHECK_EQ(acpi_get_iapc_boot_arch(&flags), 0);
	CHECK_EQ(flags, 0);
	fadt = (u8 *)acpi_get_table("FACP", 0);
	put16(fadt, FADT_IAPC_BOOT_ARCH, ACPI_FADT_LEGACY_DEVICES | ACPI_FADT_8042);
	table_seal(fadt);
	CHECK_EQ(acpi_get_iapc_boot_arch(&flags), 0);
	CHECK_EQ(flags, 0x3);
	fadt[HDR_REVISION] = 1;
	table_seal(fadt);
	flags = 0x5a5a;
	CHECK_EQ(acpi_get_iapc_boot_arch(&flags), -ENOENT);
	CHECK_EQ(flags, 0x5a5a);
	fw_free(&fw);
	CHECK_EQ(acpi_init(0), -EINVAL); /* no tables at all */
	CHECK_EQ(acpi_get_iapc_boot_arch(&flags), -ENOENT);
}

/* ---------------------------------------------------------------- AML \_S5 */

static int find_s5(const u8 *aml, size_t len, u64 *a, u64 *b)
{
	u64 val[2] = { 0xdead, 0xdead };
	int err = acpi_aml_find_s5(aml, len, val);

	*a = val[0];
	*b = val[1];
	return err;
}

TEST(acpi_aml_s5_integer_encodings)
{
	/* clang-format off */
	static const struct {
		u8 aml[32];
		size_t len;
		u64 a, b;
	} cases[] = {
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x01 }, 10, 0, 1 },
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0a, 0x05, 0xff }, 11, 5, ~0ULL },
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x0a, 0x02, 0x0b, 0x34, 0x12, 0x0c, 0x78, 0x56,
		    0x34, 0x12 },
		  16, 0x1234, 0x12345678 },
		{ { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x0d, 0x04, 0x0e, 0x88, 0x77, 0x66, 0x55,
		    0x44, 0x33, 0x22, 0x11, 0x00, 0x00 },
		  20, 0x1122334455667788, 0 },
	};
	/* clang-format on */
	u64 a, b;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK_EQ(find_s5(cases[i].aml, cases[i].len, &a, &b), 0);
		CHECK_EQ(a, cases[i].a);
		CHECK_EQ(b, cases[i].b);
		/* One byte short: the package no longer fits the stream. */
		CHECK_EQ(find_s5(cases[i].aml, cases[i].len - 1, &a, &b), -ENOENT);
	}
}

/*
 * Name(_S5, Package(0xff){3, 4, Zero...}) whose PkgLength needs `bytes` bytes: the zero padding
 * of the buffer is the run of ZeroOp elements that makes the package long enough.
 */
static void s5_long_package(unsigned int bytes)
{
	static const size_t longest_shorter[] = { 0x3f, 0xfff, 0xfffff }; /* for 1, 2, 3 bytes */
	size_t pkg_len = longest_shorter[bytes - 2] + 9, total = 6 + pkg_len;
	u8 *aml = calloc(1, total);
	u64 a, b;

	aml[0] = 0x08;
	memcpy(aml + 1, "_S5_", 4);
	aml[5] = 0x12;
	aml[6] = (bytes - 1) << 6 | (pkg_len & 0xf);
	for (unsigned int k = 1; k < bytes; k++)
		aml[6 + k] = pkg_len >> (4 + 8 * (k - 1));
	aml[6 + bytes] = 0xff;
	aml[7 + bytes] = 0x0a;
	aml[8 + bytes] = 3;
	aml[9 + bytes] = 0x0a;
	aml[10 + bytes] = 4;
	CHECK_EQ(find_s5(aml, total, &a, &b), 0);
	CHECK_EQ(a, 3);
	CHECK_EQ(b, 4);
	/* The PkgLength claims one byte more than the stream holds. */
	CHECK_EQ(find_s5(aml, total - 1, &a, &b), -ENOENT);
	free(aml);
}

TEST(acpi_aml_s5_pkglength_sizes)
{
	/* Lead bytes 5:4 must be 0 when bytes follow. */
	static const u8 reserved[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x55, 0x00, 0x02, 0x00, 0x00,
	};
	/* A two-byte PkgLength for a short package is a legal, if wasteful, encoding. */
	static const u8 long_form[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x46, 0x00, 0x02, 0x01, 0x0a, 0x02,
	};
	u64 a, b;

	s5_long_package(2);
	s5_long_package(3);
	s5_long_package(4);
	CHECK_EQ(find_s5(reserved, sizeof(reserved), &a, &b), -ENOENT);
	CHECK_EQ(find_s5(long_form, sizeof(long_form), &a, &b), 0);
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 2);
}

TEST(acpi_aml_s5_decoys)
{
	/* clang-format off */
	static const u8 aml[] = {
		/* Buffer(9){'_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01, 0x01}: only the missing
		 * NameOp tells it apart */
		0x11, 0x0c, 0x0a, 0x09, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01, 0x01,
		/* Name(STR0, "_S5_") */
		0x08, 'S', 'T', 'R', '0', 0x0d, '_', 'S', '5', '_', 0x00,
		/* Method(_S5_, 2) at SyncLevel 1 (flags 0x12) { Return(Zero) }: its PkgLength 8
		 * and flags 0x12 look like a NameOp before and a PackageOp after the NameSeg. */
		0x14, 0x08, '_', 'S', '5', '_', 0x12, 0xa4, 0x00,
		/* Name(_S5_, 0x05): not a package */
		0x08, '_', 'S', '5', '_', 0x0a, 0x05,
		/* Name(_S5_, Package(1){3}) followed by a stray 4 inside its PkgLength */
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x01, 0x0a, 0x03, 0x0a, 0x04,
		/* Name(_S5_, Package(2){"ab", 1}): not an integer */
		0x08, '_', 'S', '5', '_', 0x12, 0x07, 0x02, 0x0d, 'a', 'b', 0x00, 0x01,
		/* the real one: Name(\_S5, Package(4){5, 6, 0, 0}) */
		0x08, '\\', '_', 'S', '5', '_',
		0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x06, 0x00, 0x00,
	};
	/* clang-format on */
	u64 a, b;

	CHECK_EQ(find_s5(aml, sizeof(aml), &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 6);
	/* Without the real one only decoys remain. */
	CHECK_EQ(find_s5(aml, sizeof(aml) - 15, &a, &b), -ENOENT);
	/* "_S5_" at the very start has no room for a NameOp. */
	CHECK_EQ(find_s5(aml + 4, 9, &a, &b), -ENOENT);
	CHECK_EQ(find_s5(aml, 0, &a, &b), -ENOENT);
}

/*
 * Write a PkgLength of `bytes` bytes (1-4) for a package of len bytes at p (len counts the
 * PkgLength itself). Returns the bytes written.
 */
static size_t put_pkg_len(u8 *p, unsigned int bytes, size_t len)
{
	if (bytes == 1) {
		p[0] = len;
		return 1;
	}
	p[0] = (bytes - 1) << 6 | (len & 0xf);
	for (unsigned int k = 1; k < bytes; k++)
		p[k] = len >> (4 + 8 * (k - 1));
	return bytes;
}

/*
 * Scope(\) { <body> } with the Scope's PkgLength in `bytes` bytes, into aml. Returns the length
 * of the AML.
 */
static size_t root_scope(u8 *aml, unsigned int bytes, const u8 *body, size_t body_len)
{
	size_t len = bytes + 2 + body_len, n = 0;

	aml[n++] = 0x10;
	n += put_pkg_len(aml + n, bytes, len);
	aml[n++] = '\\';
	aml[n++] = 0x00;
	memcpy(aml + n, body, body_len);
	return n + body_len;
}

/* A Name(_S5_) counts only where its path resolves to \_S5_, whatever its PkgLength sizes. */
TEST(acpi_aml_s5_scopes)
{
	/* clang-format off */
	/* Device(DEV0) { Name(_S5_, Package(2){1, 2}) }: \DEV0._S5_, not \_S5_ */
	static const u8 in_device[] = {
		0x5b, 0x82, 0x0f, 'D', 'E', 'V', '0',
		0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01, 0x01,
	};
	/* Method(MTH0) { Name(_S5_, Package(2){3, 3}) }: exists only while MTH0 runs */
	static const u8 in_method[] = {
		0x14, 0x12, 'M', 'T', 'H', '0', 0x00,
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x03, 0x0a, 0x03,
	};
	/* Name(BUF0, Buffer(){Name(_S5_, Package(2){4, 4}) bytes}) */
	static const u8 in_buffer[] = {
		0x08, 'B', 'U', 'F', '0', 0x11, 0x0f, 0x0a, 0x0c,
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x04, 0x0a, 0x04,
	};
	/* Name(_S5_, Package(2){5, 6}) */
	static const u8 real[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x05, 0x0a, 0x06,
	};
	u8 body[128], aml[160];
	size_t n = 0, len;
	u64 a, b;

	memcpy(body + n, in_device, sizeof(in_device));
	n += sizeof(in_device);
	memcpy(body + n, in_method, sizeof(in_method));
	n += sizeof(in_method);
	memcpy(body + n, in_buffer, sizeof(in_buffer));
	n += sizeof(in_buffer);
	/* The decoys need more than a 1-byte PkgLength; q35_dsdt_aml has that form. */
	for (unsigned int bytes = 2; bytes <= 4; bytes++) {
		/* Only the decoys: nothing. */
		len = root_scope(aml, bytes, body, n);
		CHECK_EQ(find_s5(aml, len, &a, &b), -ENOENT);
		CHECK_EQ(a, 0xdead);
		/* The real one after them. */
		memcpy(body + n, real, sizeof(real));
		len = root_scope(aml, bytes, body, n + sizeof(real));
		CHECK_EQ(find_s5(aml, len, &a, &b), 0);
		CHECK_EQ(a, 5);
		CHECK_EQ(b, 6);
	}
}

/* Absolute and parent-relative names reach the root from inside other scopes. */
TEST(acpi_aml_s5_resolved_paths)
{
	/* Device(DEV0) { Name(\_S5_, Package(2){1, 2}) } */
	static const u8 absolute[] = {
		0x5b, 0x82, 0x11, 'D', 'E', 'V', '0',
		0x08, '\\', '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x01, 0x0a, 0x02,
	};
	/* Scope(\_SB_) { Scope(^) { Name(_S5_, Package(2){3, 4}) } } */
	static const u8 parent[] = {
		0x10, 0x16, '\\', '_', 'S', 'B', '_',
		0x10, 0x0f, '^', 0x00,
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x03, 0x0a, 0x04,
	};
	/* Scope(\_SB_) { Name(^_S5_, Package(2){5, 6}) }, after External(\_SB_.DEV1, DeviceObj) */
	static const u8 parent_name[] = {
		0x15, 0x2e, '_', 'S', 'B', '_', 'D', 'E', 'V', '1', 0x06, 0x00,
		0x10, 0x12, '_', 'S', 'B', '_',
		0x08, '^', '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x05, 0x0a, 0x06,
	};
	/* Scope(\_SB_.PCI0) { Name(_S5_, ...) } and Name(\_SB_._S5_, ...): not the root */
	static const u8 deeper[] = {
		0x10, 0x15, '\\', 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0',
		0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01, 0x01,
		0x08, '\\', 0x2e, '_', 'S', 'B', '_', '_', 'S', '5', '_',
		0x12, 0x04, 0x02, 0x01, 0x01,
	};
	/* Above the root: malformed, the walk stops. */
	static const u8 above_root[] = {
		0x10, 0x0f, '^', 0x00,
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x03, 0x0a, 0x04,
	};
	/* clang-format on */
	u64 a, b;

	CHECK_EQ(find_s5(absolute, sizeof(absolute), &a, &b), 0);
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 2);
	CHECK_EQ(find_s5(parent, sizeof(parent), &a, &b), 0);
	CHECK_EQ(a, 3);
	CHECK_EQ(b, 4);
	CHECK_EQ(find_s5(parent_name, sizeof(parent_name), &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 6);
	CHECK_EQ(find_s5(deeper, sizeof(deeper), &a, &b), -ENOENT);
	CHECK_EQ(find_s5(above_root, sizeof(above_root), &a, &b), -ENOENT);
}

/* DSDT first, then SSDTs in order; values must fit SLP_TYP. */
TEST(acpi_s5_search_order_and_range)
{
	/* clang-format off */
	static const u8 s4_only[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x08, 0x04, 0x0a, 0x02, 0x0a,
				      0x02, 0x00, 0x00 };
	static const u8 s5_7_1[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0a, 0x07, 0x01 };
	static const u8 s5_ones[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0xff, 0x00 };
	/* clang-format on */
	struct fw fw = { 0 };
	phys_addr_t tables[4], dsdt;
	struct acpi_poweroff po;
	u8 *fadt, a = 9, b = 9;

	dsdt = aml_table(&fw, "DSDT", s4_only, sizeof(s4_only));
	fadt = table_new(&fw, "FACP", FADT_V3_SIZE, 3, &tables[0]);
	put64(fadt, FADT_X_DSDT, dsdt);
	put32(fadt, FADT_PM1A_CNT, 0x604);
	fadt[FADT_PM1_CNT_LEN] = 2;
	table_seal(fadt);
	tables[1] = aml_table(&fw, "SSDT", s4_only, sizeof(s4_only));
	tables[2] = aml_table(&fw, "SSDT", s5_7_1, sizeof(s5_7_1));
	tables[3] = aml_table(&fw, "SSDT", s5_ones, sizeof(s5_ones));
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 4)), 0);
	CHECK_EQ(acpi_get_s5_sleep_type(&a, &b), 0);
	CHECK_EQ(a, 7);
	CHECK_EQ(b, 1);
	if (get_poweroff(&po)) {
		CHECK(po.have_s5);
		CHECK_EQ(po.slp_typ_a, 7);
		CHECK_EQ(po.slp_typ_b, 1);
	}

	/* The first \_S5 found holds OnesOp: out of range, and not replaced by a later one. */
	memcpy(__va(tables[2]), "SSDX", 4);
	table_seal(__va(tables[2]));
	a = b = 9;
	CHECK_EQ(acpi_get_s5_sleep_type(&a, &b), -ERANGE);
	CHECK_EQ(a, 9);
	if (get_poweroff(&po))
		CHECK(!po.have_s5);

	/* No \_S5 anywhere. */
	memcpy(__va(tables[3]), "SSDX", 4);
	table_seal(__va(tables[3]));
	CHECK_EQ(acpi_get_s5_sleep_type(&a, &b), -ENOENT);
	fw_free(&fw);
}

/* ---------------------------------------------------------------- SPCR */

TEST(acpi_spcr_virt_pl011)
{
	struct fw fw = { 0 };
	struct acpi_spcr_info spcr;

	CHECK_EQ(acpi_init(virt_fw(&fw)), 0);
	memset(&spcr, 0xaa, sizeof(spcr));
	CHECK_EQ(acpi_spcr_get(&spcr), 0);
	CHECK_EQ(spcr.interface_type, ACPI_DBG2_ARM_PL011);
	CHECK_EQ(spcr.serial_port.space_id, ACPI_ADR_SPACE_SYSTEM_MEMORY);
	CHECK_EQ(spcr.serial_port.bit_width, 8);
	CHECK_EQ(spcr.serial_port.access_size, ACPI_ACCESS_BYTE);
	CHECK_EQ(spcr.serial_port.address, 0x09000000);
	CHECK_EQ(acpi_gas_access_bytes(&spcr.serial_port), 1);
	CHECK_EQ(spcr.interrupt_type, ACPI_SPCR_IRQ_ARM_GIC);
	CHECK_EQ(spcr.gsi, 33);
	CHECK_EQ(spcr.baud_code, 3);
	CHECK_EQ(spcr.baud_rate, 9600);
	fw_free(&fw);
}

TEST(acpi_spcr_16550_and_baud_codes)
{
	static const struct {
		u8 code;
		u32 rate;
	} bauds[] = { { 0, 0 }, { 3, 9600 }, { 4, 19200 }, { 5, 0 }, { 6, 57600 }, { 7, 115200 } };
	struct fw fw = { 0 };
	struct acpi_spcr_info spcr;
	phys_addr_t tables[1];
	u8 *t = table_new(&fw, "SPCR", SPCR_SIZE, 2, &tables[0]);

	t[SPCR_TYPE] = ACPI_DBG2_16550_COMPATIBLE;
	put_gas(t, SPCR_GAS, ACPI_ADR_SPACE_SYSTEM_IO, 8, 0, 0x3f8);
	t[SPCR_INT_TYPE] = ACPI_SPCR_IRQ_PC_8259 | ACPI_SPCR_IRQ_IO_APIC;
	t[SPCR_PC_IRQ] = 4;
	put32(t, SPCR_GSI, 4);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bauds); i++) {
		t[SPCR_BAUD] = bauds[i].code;
		table_seal(t);
		CHECK_EQ(acpi_spcr_get(&spcr), 0);
		CHECK_EQ(spcr.baud_code, bauds[i].code);
		CHECK_EQ(spcr.baud_rate, bauds[i].rate);
	}
	CHECK_EQ(spcr.interface_type, ACPI_DBG2_16550_COMPATIBLE);
	CHECK_EQ(spcr.serial_port.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
	CHECK_EQ(spcr.serial_port.address, 0x3f8);
	CHECK_EQ(acpi_gas_access_bytes(&spcr.serial_port), 1); /* from bit_width */
	CHECK_EQ(spcr.interrupt_type, ACPI_SPCR_IRQ_PC_8259 | ACPI_SPCR_IRQ_IO_APIC);
	CHECK_EQ(spcr.pc_interrupt, 4);
	CHECK_EQ(spcr.gsi, 4);

	/* Other interface types are reported as found. */
	t[SPCR_TYPE] = 0x0e;
	table_seal(t);
	CHECK_EQ(acpi_spcr_get(&spcr), 0);
	CHECK_EQ(spcr.interface_type, 0x0e);

	/* Too short to hold the fields; then a bad checksum. */
	put32(t, HDR_LENGTH, SPCR_BAUD + 1);
	table_seal(t);
	CHECK_EQ(acpi_spcr_get(&spcr), -ENOENT);
	put32(t, HDR_LENGTH, SPCR_SIZE);
	table_seal(t);
	CHECK_EQ(acpi_spcr_get(&spcr), 0);
	t[SPCR_GSI]++;
	CHECK_EQ(acpi_spcr_get(&spcr), -ENOENT);
	fw_free(&fw);
}

TEST(acpi_gas_access_width)
{
	struct acpi_generic_address gas = { .bit_width = 32 };
	static const unsigned int bytes[] = { 4, 1, 2, 4, 8, 0 };

	for (unsigned int size = 0; size < ARRAY_SIZE(bytes); size++) {
		gas.access_size = size;
		CHECK_EQ(acpi_gas_access_bytes(&gas), bytes[size]);
	}
}

/* ---------------------------------------------------------------- MCFG */

TEST(acpi_mcfg_entries)
{
	static const u64 base[] = { 0xb0000000, 0xc0000000, 0, 0x4010000000 };
	static const u8 bus[][2] = { { 0, 255 }, { 8, 7 }, { 0, 1 }, { 16, 31 } };
	struct fw fw = { 0 };
	struct acpi_mcfg_entry e;
	phys_addr_t tables[1];
	u8 *t;

	CHECK_EQ(acpi_init(q35_fw(&fw, NULL)), 0);
	memset(&e, 0xaa, sizeof(e));
	CHECK_EQ(acpi_mcfg_get(0, &e), 0);
	CHECK_EQ(e.address, 0xb0000000);
	CHECK_EQ(e.segment, 0);
	CHECK_EQ(e.start_bus, 0);
	CHECK_EQ(e.end_bus, 255);
	CHECK_EQ(acpi_mcfg_get(1, &e), -ENOENT);

	CHECK_EQ(acpi_init(virt_fw(&fw)), 0);
	CHECK_EQ(acpi_mcfg_get(0, &e), 0);
	CHECK_EQ(e.address, 0x4010000000);
	CHECK_EQ(e.end_bus, 255);

	/*
	 * Entries with end < start or base 0 are skipped; a trailing partial entry (base only, the
	 * bus numbers would lie past the table) is ignored.
	 */
	tables[0] = mcfg_new(&fw, base, bus, 4, 8);
	t = __va(tables[0]);
	put16(t, MCFG_ENTRIES + 3 * MCFG_ENTRY_SIZE + 8, 1);
	put64(t, MCFG_ENTRIES + 4 * MCFG_ENTRY_SIZE, 0xe0000000);
	table_seal(t);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	CHECK_EQ(acpi_mcfg_get(0, &e), 0);
	CHECK_EQ(e.address, 0xb0000000);
	CHECK_EQ(acpi_mcfg_get(1, &e), 0);
	CHECK_EQ(e.address, 0x4010000000);
	CHECK_EQ(e.segment, 1);
	CHECK_EQ(e.start_bus, 16);
	CHECK_EQ(e.end_bus, 31);
	CHECK_EQ(acpi_mcfg_get(2, &e), -ENOENT);

	/* Shorter than the fixed part. */
	put32(t, HDR_LENGTH, MCFG_ENTRIES - 1);
	table_seal(t);
	CHECK_EQ(acpi_mcfg_get(0, &e), -ENOENT);
	fw_free(&fw);
}

/* ---------------------------------------------------------------- MADT GIC subtables, GTDT */

enum {
	MADT_SUBTABLES = 44,
	GICC_SIZE = 80,
	GICD_SIZE = 24,
	MSI_FRAME_SIZE = 24,
	GICR_SIZE = 16,
	ITS_SIZE = 20,

	GTDT_NS_EL1 = 56,
	GTDT_VIRT = 64,
	GTDT_NS_EL2 = 72,
	GTDT_VIRT_EL2 = 96,
	GTDT_V2_SIZE = 96,
	GTDT_V3_SIZE = 104,
};

/* A MADT under construction: subtables are appended at *len, then it is sealed. */
static u8 *madt_new(struct fw *fw, phys_addr_t *pa, size_t *len)
{
	u8 *t = table_new(fw, "APIC", 0, 4, pa);

	*len = MADT_SUBTABLES;
	return t;
}

static u8 *madt_add(u8 *t, size_t *len, u8 type, u8 size)
{
	u8 *sub = t + *len;

	sub[0] = type;
	sub[1] = size;
	*len += size;
	return sub;
}

static void madt_seal(u8 *t, size_t len)
{
	put32(t, HDR_LENGTH, len);
	table_seal(t);
}

static void add_gicc(u8 *t, size_t *len, u32 flags, u64 cpu_base, u64 gicr_base, u64 mpidr)
{
	u8 *c = madt_add(t, len, 0x0b, GICC_SIZE);

	put32(c, 12, flags);
	put64(c, 32, cpu_base);
	put64(c, 60, gicr_base);
	put64(c, 68, mpidr);
}

static void add_gicd(u8 *t, size_t *len, u64 base, u8 version)
{
	u8 *d = madt_add(t, len, 0x0c, GICD_SIZE);

	put64(d, 8, base);
	d[20] = version;
}

static void add_base(u8 *t, size_t *len, u8 type, u8 size, size_t off, u64 base)
{
	put64(madt_add(t, len, type, size), off, base);
}

/* QEMU virt's MADT with the default GICv2: one GICC (MPIDR 0), the GICD, a GICv2m frame. */
TEST(acpi_madt_gic_virt_v2)
{
	struct fw fw = { 0 };
	struct acpi_gic_info info;
	phys_addr_t tables[1];
	size_t len;
	u8 *t = madt_new(&fw, &tables[0], &len);

	add_gicc(t, &len, ACPI_MADT_ENABLED, 0x08010000, 0, 0);
	add_gicd(t, &len, 0x08000000, 2);
	add_base(t, &len, 0x0d, MSI_FRAME_SIZE, 8, 0x08020000);
	madt_seal(t, len);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	memset(&info, 0xaa, sizeof(info));
	CHECK_EQ(acpi_madt_gic_get(0x80000000, &info), 0); /* MPIDR bit 31 is RES1, not identity */
	CHECK_EQ(info.dist_base, 0x08000000);
	CHECK_EQ(info.version, 2);
	CHECK(info.have_gicc);
	CHECK_EQ(info.cpu_base, 0x08010000);
	CHECK_EQ(info.gicc_gicr_base, 0);
	CHECK_EQ(info.nr_gicr, 0);
	CHECK_EQ(info.msi_frame_base, 0x08020000);
	CHECK_EQ(info.its_base, 0);
	/* Another CPU has no GICC here: that is reported, not an error. */
	CHECK_EQ(acpi_madt_gic_get(0x1, &info), 0);
	CHECK(!info.have_gicc);
	fw_free(&fw);
}

/*
 * GICv3: this CPU's GICC is the enabled one with its affinity (Aff3 in MPIDR bits 39:32 counts,
 * bits 31:24 do not); the GICR ranges and the ITS are collected.
 */
TEST(acpi_madt_gic_v3_ranges_and_affinity)
{
	struct fw fw = { 0 };
	struct acpi_gic_info info;
	phys_addr_t tables[1];
	size_t len;
	u8 *t = madt_new(&fw, &tables[0], &len);
	u8 *r;

	add_gicd(t, &len, 0x08000000, 0);
	add_gicc(t, &len, 0, 0, 0xbad0000, 0x100000100); /* disabled, same affinity */
	add_gicc(t, &len, ACPI_MADT_ENABLED, 0, 0x80c0000, 0x000000100);
	add_gicc(t, &len, ACPI_MADT_ENABLED, 0, 0x80e0000, 0x100000100);
	r = madt_add(t, &len, 0x0e, GICR_SIZE);
	put64(r, 4, 0x080a0000);
	put32(r, 12, 0xf60000);
	r = madt_add(t, &len, 0x0e, GICR_SIZE);
	put64(r, 4, 0x4000000000);
	put32(r, 12, 0x4000000);
	add_base(t, &len, 0x0f, ITS_SIZE, 8, 0x08080000);
	madt_seal(t, len);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	CHECK_EQ(acpi_madt_gic_get(0x1ff000100, &info), 0);
	CHECK_EQ(info.version, ACPI_MADT_GIC_VERSION_NONE);
	CHECK(info.have_gicc);
	CHECK_EQ(info.gicc_gicr_base, 0x80e0000);
	CHECK_EQ(info.nr_gicr, 2);
	CHECK_EQ(info.gicr[0].base, 0x080a0000);
	CHECK_EQ(info.gicr[0].length, 0xf60000);
	CHECK_EQ(info.gicr[1].base, 0x4000000000);
	CHECK_EQ(info.gicr[1].length, 0x4000000);
	CHECK_EQ(info.its_base, 0x08080000);
	CHECK_EQ(info.msi_frame_base, 0);

	/* No GICD: no GIC at all. */
	t = madt_new(&fw, &tables[0], &len);
	add_gicc(t, &len, ACPI_MADT_ENABLED, 0x08010000, 0, 0);
	madt_seal(t, len);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	CHECK_EQ(acpi_madt_gic_get(0, &info), -ENOENT);
	fw_free(&fw);
}

static phys_addr_t gtdt_new(struct fw *fw, u32 len, u8 rev)
{
	phys_addr_t pa;
	u8 *t = table_new(fw, "GTDT", len, rev, &pa);

	put32(t, 48, 29); /* secure EL1: not read */
	put32(t, GTDT_NS_EL1, 30);
	put32(t, GTDT_NS_EL1 + 4, ACPI_GTDT_ALWAYS_ON);
	put32(t, GTDT_VIRT, 27);
	put32(t, GTDT_VIRT + 4, ACPI_GTDT_INTERRUPT_MODE | ACPI_GTDT_INTERRUPT_POLARITY);
	put32(t, GTDT_NS_EL2, 26);
	put32(t, GTDT_NS_EL2 + 4, ACPI_GTDT_INTERRUPT_POLARITY);
	if (len >= GTDT_V3_SIZE) {
		put32(t, GTDT_VIRT_EL2, 28);
		put32(t, GTDT_VIRT_EL2 + 4, ACPI_GTDT_INTERRUPT_MODE);
	}
	table_seal(t);
	return pa;
}

TEST(acpi_gtdt_timers_and_flags)
{
	struct fw fw = { 0 };
	struct acpi_gtdt_info g;
	phys_addr_t tables[1];

	tables[0] = gtdt_new(&fw, GTDT_V2_SIZE, 2);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	memset(&g, 0xaa, sizeof(g));
	CHECK_EQ(acpi_gtdt_get(&g), 0);
	CHECK_EQ(g.el1_phys.gsiv, 30);
	CHECK_EQ(g.el1_phys.type, IRQ_TYPE_LEVEL_HIGH);
	CHECK(g.el1_phys.always_on);
	CHECK_EQ(g.el1_virt.gsiv, 27);
	CHECK_EQ(g.el1_virt.type, IRQ_TYPE_EDGE_FALLING);
	CHECK(!g.el1_virt.always_on);
	CHECK_EQ(g.el2_phys.gsiv, 26);
	CHECK_EQ(g.el2_phys.type, IRQ_TYPE_LEVEL_LOW);
	CHECK_EQ(g.el2_virt.gsiv, 0); /* revision 2: not described */

	tables[0] = gtdt_new(&fw, GTDT_V3_SIZE, 3);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	CHECK_EQ(acpi_gtdt_get(&g), 0);
	CHECK_EQ(g.el2_virt.gsiv, 28);
	CHECK_EQ(g.el2_virt.type, IRQ_TYPE_EDGE_RISING);

	/* Shorter than the ACPI 5.1 layout: no GTDT, out untouched. */
	tables[0] = gtdt_new(&fw, GTDT_V2_SIZE - 4, 2);
	CHECK_EQ(acpi_init(xsdt_fw(&fw, tables, 1)), 0);
	memset(&g, 0xaa, sizeof(g));
	CHECK_EQ(acpi_gtdt_get(&g), -ENOENT);
	CHECK_EQ(g.el1_virt.gsiv, 0xaaaaaaaa);
	fw_free(&fw);
}
