/* The MADT subtable walk (drivers/acpi/madt.h). */
#include "drivers/acpi/madt.h"
#include "drivers/acpi/acpi.h"

#include <errno.h>
#include <stddef.h>

/* The least length a subtable of each type needs; 0 for types the kernel does not read. */
static size_t madt_min_length(u8 type)
{
	switch (type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:
		return sizeof(struct acpi_madt_local_apic);
	case ACPI_MADT_TYPE_IO_APIC:
		return sizeof(struct acpi_madt_io_apic);
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		return sizeof(struct acpi_madt_interrupt_override);
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:
		return sizeof(struct acpi_madt_local_apic_nmi);
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		return sizeof(struct acpi_madt_local_apic_override);
	case ACPI_MADT_TYPE_LOCAL_X2APIC:
		return sizeof(struct acpi_madt_local_x2apic);
	case ACPI_MADT_TYPE_LOCAL_X2APIC_NMI:
		return sizeof(struct acpi_madt_local_x2apic_nmi);
	case ACPI_MADT_TYPE_GENERIC_INTERRUPT:
		return sizeof(struct acpi_madt_generic_interrupt);
	case ACPI_MADT_TYPE_GENERIC_DISTRIBUTOR:
		return sizeof(struct acpi_madt_generic_distributor);
	case ACPI_MADT_TYPE_GENERIC_MSI_FRAME:
		return sizeof(struct acpi_madt_generic_msi_frame);
	case ACPI_MADT_TYPE_GENERIC_REDISTRIBUTOR:
		return sizeof(struct acpi_madt_generic_redistributor);
	case ACPI_MADT_TYPE_GENERIC_TRANSLATOR:
		return sizeof(struct acpi_madt_generic_translator);
	}
	return 0;
}

const struct acpi_table_madt *acpi_madt(void)
{
	const struct acpi_table_header *hdr = acpi_get_table("APIC", 0);

	if (!hdr || hdr->length < sizeof(struct acpi_table_madt))
		return NULL;
	return (const struct acpi_table_madt *)hdr;
}

int acpi_table_parse_madt(enum acpi_madt_type type,
			  int (*handler)(const struct acpi_subtable_header *header, void *priv),
			  void *priv)
{
	const struct acpi_table_madt *madt = acpi_madt();
	const u8 *p, *end;
	int count = 0;

	if (!madt)
		return -ENOENT;
	p = (const u8 *)(madt + 1);
	end = (const u8 *)madt + ((const struct acpi_table_header *)madt)->length;
	while (p + sizeof(struct acpi_subtable_header) <= end) {
		const struct acpi_subtable_header *sub = (const void *)p;
		int ret;

		if (sub->length == 0 || p + sub->length > end)
			break;
		p += sub->length;
		if (sub->type != type || sub->length < madt_min_length(type))
			continue;
		count++;
		ret = handler(sub, priv);
		if (ret < 0)
			return ret;
		if (ret > 0)
			break;
	}
	return count;
}
