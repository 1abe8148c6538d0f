/*
 * Table discovery: RSDP -> XSDT (or RSDT) -> tables by signature; DSDT through the FADT.
 */
#include <errno.h>
#include <string.h>

#include "drivers/acpi/internal.h"
#include "phys.h"

/* Bounds a corrupt length before it is summed; real tables are far smaller (DSDT ~10-100 KiB). */
#define ACPI_TABLE_MAX_LEN (16U << 20)
/* Real ACPI 2.0+ RSDPs are 36 bytes; a length past a page is corrupt. */
#define ACPI_RSDP_MAX_LEN PAGE_SIZE

#define ACPI_XSDT_ENTRY_SIZE 8
#define ACPI_RSDT_ENTRY_SIZE 4

/* The root table chosen by the last successful acpi_init(); all zero otherwise. */
static struct {
	const struct acpi_table_header *table;
	unsigned int entry_size; /* ACPI_XSDT_ENTRY_SIZE or ACPI_RSDT_ENTRY_SIZE */
	char oem_id[ACPI_OEM_ID_SIZE];
} acpi_root;

/* Sum of len bytes at p, mod 256: 0 for a correctly checksummed structure. */
static u8 acpi_checksum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static bool acpi_table_valid(const struct acpi_table_header *hdr)
{
	return hdr->length >= sizeof(*hdr) && hdr->length <= ACPI_TABLE_MAX_LEN &&
	       acpi_checksum(hdr, hdr->length) == 0;
}

/* The table at pa if it has signature sig and a valid length and checksum; else NULL. */
static const struct acpi_table_header *acpi_map_table(phys_addr_t pa,
						      const char sig[ACPI_NAMESEG_SIZE])
{
	const struct acpi_table_header *hdr;

	if (!pa)
		return NULL;
	hdr = __va(pa);
	/* The signature first: a walk then sums only the tables it is looking for. */
	if (memcmp(hdr->signature, sig, ACPI_NAMESEG_SIZE) || !acpi_table_valid(hdr))
		return NULL;
	return hdr;
}

static unsigned int acpi_root_count(void)
{
	return (acpi_root.table->length - sizeof(*acpi_root.table)) / acpi_root.entry_size;
}

/* The i-th table address of the root. Entries are only 4-byte aligned, hence memcpy. */
static phys_addr_t acpi_root_entry(unsigned int i)
{
	const u8 *entries = (const u8 *)(acpi_root.table + 1);
	u64 pa = 0;

	/* Little-endian: a 4-byte RSDT entry lands in the low half. */
	memcpy(&pa, entries + (size_t)i * acpi_root.entry_size, acpi_root.entry_size);
	return pa;
}

/* Make the table at pa the root if it is a valid sig table. Returns 0 or -EINVAL. */
static int acpi_set_root(phys_addr_t pa, const char *sig, unsigned int entry_size)
{
	const struct acpi_table_header *root = acpi_map_table(pa, sig);

	if (!root)
		return -EINVAL;
	acpi_root.table = root;
	acpi_root.entry_size = entry_size;
	return 0;
}

/* Signature and checksums of the RSDP. Reads only the 20 ACPI 1.0 bytes when revision < 2. */
static int acpi_check_rsdp(const struct acpi_table_rsdp *rsdp)
{
	if (memcmp(rsdp->signature, ACPI_RSDP_SIGNATURE, ACPI_RSDP_SIG_SIZE) ||
	    acpi_checksum(rsdp, ACPI_RSDP_V1_SIZE))
		return -EINVAL;
	if (rsdp->revision < 2)
		return 0;
	if (rsdp->length < sizeof(*rsdp) || rsdp->length > ACPI_RSDP_MAX_LEN ||
	    acpi_checksum(rsdp, rsdp->length))
		return -EINVAL;
	return 0;
}

int acpi_init(phys_addr_t rsdp_pa)
{
	const struct acpi_table_rsdp *rsdp;
	phys_addr_t xsdt_pa = 0;
	int err;

	memset(&acpi_root, 0, sizeof(acpi_root));
	if (!rsdp_pa)
		return -EINVAL;
	rsdp = __va(rsdp_pa);
	err = acpi_check_rsdp(rsdp);
	if (err)
		return err;
	if (rsdp->revision >= 2)
		xsdt_pa = rsdp->xsdt_physical_address;
	if (!xsdt_pa && !rsdp->rsdt_physical_address)
		return -ENOENT;
	/* Both roots list the same tables, so a broken XSDT need not cost us the RSDT. */
	if (acpi_set_root(xsdt_pa, "XSDT", ACPI_XSDT_ENTRY_SIZE) &&
	    acpi_set_root(rsdp->rsdt_physical_address, "RSDT", ACPI_RSDT_ENTRY_SIZE))
		return -EINVAL;
	memcpy(acpi_root.oem_id, rsdp->oem_id, ACPI_OEM_ID_SIZE);
	return 0;
}

/* The DSDT named by a valid FADT: X_DSDT when the FADT has it non-zero, else DSDT. */
static const struct acpi_table_header *acpi_get_dsdt(void)
{
	const struct acpi_table_fadt *fadt = (const void *)acpi_get_table("FACP", 0);
	phys_addr_t pa = 0;

	if (!fadt)
		return NULL;
	if (FADT_HAS(fadt, xdsdt))
		pa = fadt->xdsdt;
	if (!pa && FADT_HAS(fadt, dsdt))
		pa = fadt->dsdt;
	return acpi_map_table(pa, "DSDT");
}

const struct acpi_table_header *acpi_get_table(const char sig[ACPI_NAMESEG_SIZE],
					       unsigned int instance)
{
	const struct acpi_table_header *hdr;
	unsigned int i, n;

	if (!acpi_root.table)
		return NULL;
	if (!memcmp(sig, "DSDT", ACPI_NAMESEG_SIZE))
		return instance ? NULL : acpi_get_dsdt();
	n = acpi_root_count();
	for (i = 0; i < n; i++) {
		hdr = acpi_map_table(acpi_root_entry(i), sig);
		if (!hdr)
			continue;
		if (!instance)
			return hdr;
		instance--;
	}
	return NULL;
}

/*
 * Append n characters of s to buf at pos (non-printable ones as '?'), leaving room for the NUL
 * that acpi_describe() adds; returns the new position.
 */
static size_t acpi_append(char *buf, size_t len, size_t pos, const char *s, size_t n)
{
	for (; n && pos + 1 < len; n--, s++)
		buf[pos++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	return pos;
}

void acpi_describe(char *buf, size_t len)
{
	const struct acpi_table_header *hdr;
	size_t pos, oem_len = ACPI_OEM_ID_SIZE;
	unsigned int i, n;

	if (!len)
		return;
	if (!acpi_root.table) {
		pos = acpi_append(buf, len, 0, "no ACPI", 7);
		buf[pos] = '\0';
		return;
	}
	while (oem_len && acpi_root.oem_id[oem_len - 1] == ' ')
		oem_len--;
	pos = acpi_append(buf, len, 0, "OEM ", 4);
	pos = acpi_append(buf, len, pos, acpi_root.oem_id, oem_len);
	pos = acpi_append(buf, len, pos, " ", 1);
	pos = acpi_append(buf, len, pos, acpi_root.table->signature, ACPI_NAMESEG_SIZE);
	pos = acpi_append(buf, len, pos, ":", 1);
	n = acpi_root_count();
	for (i = 0; i < n; i++) {
		phys_addr_t pa = acpi_root_entry(i);

		if (!pa)
			continue;
		hdr = __va(pa);
		pos = acpi_append(buf, len, pos, " ", 1);
		pos = acpi_append(buf, len, pos, hdr->signature, ACPI_NAMESEG_SIZE);
		if (!acpi_table_valid(hdr))
			pos = acpi_append(buf, len, pos, "!", 1);
	}
	if (acpi_get_dsdt())
		pos = acpi_append(buf, len, pos, " DSDT", 5);
	buf[pos] = '\0';
}
