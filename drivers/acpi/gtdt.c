/* The GTDT's per-CPU generic timers (drivers/acpi/gtdt.h). */
#include "drivers/acpi/gtdt.h"
#include "drivers/acpi/acpi.h"

#include "irq.h"

#include <errno.h>

struct acpi_table_gtdt {
	struct acpi_table_header header;
	u64 counter_block_address;
	u32 reserved;
	u32 secure_el1_interrupt;
	u32 secure_el1_flags;
	u32 non_secure_el1_interrupt;
	u32 non_secure_el1_flags;
	u32 virtual_timer_interrupt;
	u32 virtual_timer_flags;
	u32 non_secure_el2_interrupt;
	u32 non_secure_el2_flags;
	u64 counter_read_block_address;
	u32 platform_timer_count;
	u32 platform_timer_offset;
	/* Revision 3 (ACPI 6.3) and up: */
	u32 virtual_el2_timer_gsiv;
	u32 virtual_el2_timer_flags;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_table_gtdt) == 104, "GTDT layout");

#define GTDT_V1_SIZE 96 /* up to platform_timer_offset */

static struct acpi_gtdt_timer gtdt_timer(u32 gsiv, u32 flags)
{
	bool edge = flags & ACPI_GTDT_INTERRUPT_MODE;
	bool low = flags & ACPI_GTDT_INTERRUPT_POLARITY;

	return (struct acpi_gtdt_timer){
		.gsiv = gsiv,
		.type = edge ? (low ? IRQ_TYPE_EDGE_FALLING : IRQ_TYPE_EDGE_RISING) :
			       (low ? IRQ_TYPE_LEVEL_LOW : IRQ_TYPE_LEVEL_HIGH),
		.always_on = flags & ACPI_GTDT_ALWAYS_ON,
	};
}

int acpi_gtdt_get(struct acpi_gtdt_info *out)
{
	const struct acpi_table_header *hdr = acpi_get_table("GTDT", 0);
	const struct acpi_table_gtdt *g = (const void *)hdr;

	if (!hdr || hdr->length < GTDT_V1_SIZE)
		return -ENOENT;
	*out = (struct acpi_gtdt_info){
		.el1_phys = gtdt_timer(g->non_secure_el1_interrupt, g->non_secure_el1_flags),
		.el1_virt = gtdt_timer(g->virtual_timer_interrupt, g->virtual_timer_flags),
		.el2_phys = gtdt_timer(g->non_secure_el2_interrupt, g->non_secure_el2_flags),
	};
	if (hdr->length >= sizeof(*g))
		out->el2_virt = gtdt_timer(g->virtual_el2_timer_gsiv, g->virtual_el2_timer_flags);
	return 0;
}
