/*
 * Host tests for the x86 interrupt controllers' table logic and encodings
 * (drivers/irqchip/x86/ioapic_map.c, vector_map.c, vector.h): MADT entries as QEMU's q35 lays
 * them out and variations, checked against values written here from the 82093AA datasheet and
 * the SDM, not computed through the code's own macros.
 */
#include <errno.h>

#include "drivers/irqchip/x86/ioapic.h"
#include "drivers/irqchip/x86/vector.h"
#include "irq.h"
#include "tests/host/tap.h"

#define INTI_LEVEL_LOW 0x000f	   /* trigger 3 (level), polarity 3 (active low) */
#define INTI_LEVEL_HIGH 0x000d	   /* trigger 3, polarity 1 */
#define INTI_LEVEL_CONFORMS 0x000c /* trigger 3, polarity from the bus */

static void add_ioapic(struct ioapic_topology *t, u8 id, u32 address, u32 gsi_base,
		       unsigned int pins)
{
	struct acpi_madt_io_apic e = {
		.header = { ACPI_MADT_TYPE_IO_APIC, sizeof(e) },
		.id = id,
		.address = address,
		.global_irq_base = gsi_base,
	};

	CHECK_EQ(ioapic_topology_add_ioapic(t, &e), 0);
	t->ioapic[t->nr_ioapics - 1].pins =
		pins; /* the kernel reads it from the version register */
}

static void add_override(struct ioapic_topology *t, u8 bus, u8 isa, u32 gsi, u16 flags)
{
	struct acpi_madt_interrupt_override e = {
		.header = { ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, sizeof(e) },
		.bus = bus,
		.source_irq = isa,
		.global_irq = gsi,
		.inti_flags = flags,
	};

	ioapic_topology_add_override(t, &e);
}

/* q35's MADT: one I/O APIC at GSI 0, the timer on GSI 2, the PCI-routed lines level high. */
static void q35_topology(struct ioapic_topology *t)
{
	ioapic_topology_init(t);
	add_ioapic(t, 0, 0xfec00000, 0, 24);
	add_override(t, 0, 0, 2, 0);
	add_override(t, 0, 5, 5, INTI_LEVEL_HIGH);
	add_override(t, 0, 9, 9, INTI_LEVEL_HIGH);
	add_override(t, 0, 10, 10, INTI_LEVEL_HIGH);
	add_override(t, 0, 11, 11, INTI_LEVEL_HIGH);
}

static void check_isa(const struct ioapic_topology *t, unsigned int isa, u32 want_gsi,
		      unsigned int want_type)
{
	unsigned int type = ~0u;
	u32 gsi = ~0u;

	CHECK_EQ(ioapic_isa_route(t, isa, &gsi, &type), 0);
	CHECK_EQ(gsi, want_gsi);
	CHECK_EQ(type, want_type);
}

TEST(ioapic_q35_isa_overrides)
{
	struct ioapic_topology t;
	unsigned int pin = ~0u, type;
	u32 gsi;

	q35_topology(&t);
	CHECK_EQ(t.nr_overrides, 5);
	check_isa(&t, 0, 2, IRQ_TYPE_EDGE_RISING);
	check_isa(&t, 4, 4, IRQ_TYPE_EDGE_RISING); /* no override: identity, ISA edge high */
	check_isa(&t, 9, 9, IRQ_TYPE_LEVEL_HIGH);
	CHECK_EQ(ioapic_isa_route(&t, 16, &gsi, &type), -EINVAL);
	CHECK_EQ(ioapic_topology_find(&t, 2, &pin), 0);
	CHECK_EQ(pin, 2);
	CHECK_EQ(ioapic_topology_find(&t, 23, &pin), 0);
	CHECK_EQ(pin, 23);
	CHECK_EQ(ioapic_topology_find(&t, 24, &pin), -ENODEV);
}

TEST(ioapic_sci_override_level_low)
{
	struct ioapic_topology t;

	q35_topology(&t);
	add_override(&t, 0, 9, 20, INTI_LEVEL_LOW); /* a later entry for the same line wins */
	add_override(&t, 0, 3, 3, INTI_LEVEL_CONFORMS);
	check_isa(&t, 9, 20, IRQ_TYPE_LEVEL_LOW);
	check_isa(&t, 3, 3, IRQ_TYPE_LEVEL_HIGH); /* ISA polarity: active high */
}

TEST(ioapic_second_ioapic_gsi_base_24)
{
	struct ioapic_topology t;
	unsigned int pin = ~0u;

	q35_topology(&t);
	add_ioapic(&t, 1, 0xfec01000, 24, 24);
	add_override(&t, 1, 7, 30, INTI_LEVEL_LOW);  /* not the ISA bus: ignored */
	add_override(&t, 0, 16, 30, INTI_LEVEL_LOW); /* not an ISA line: ignored */
	CHECK_EQ(t.nr_overrides, 5);
	check_isa(&t, 7, 7, IRQ_TYPE_EDGE_RISING);
	CHECK_EQ(ioapic_topology_find(&t, 30, &pin), 1);
	CHECK_EQ(pin, 6);
	CHECK_EQ(ioapic_topology_find(&t, 24, &pin), 1);
	CHECK_EQ(pin, 0);
	CHECK_EQ(ioapic_topology_find(&t, 47, &pin), 1);
	CHECK_EQ(pin, 23);
	CHECK_EQ(ioapic_topology_find(&t, 48, &pin), -ENODEV);
}

TEST(ioapic_topology_full)
{
	struct ioapic_topology t;
	struct acpi_madt_io_apic e = { .header = { ACPI_MADT_TYPE_IO_APIC, sizeof(e) } };

	ioapic_topology_init(&t);
	for (unsigned int i = 0; i < MAX_IO_APICS; i++)
		CHECK_EQ(ioapic_topology_add_ioapic(&t, &e), 0);
	CHECK_EQ(ioapic_topology_add_ioapic(&t, &e), -ENOSPC);
	CHECK_EQ(t.nr_ioapics, MAX_IO_APICS);
}

TEST(ioapic_rte_encoding)
{
	u64 rte = 0;

	/* vector 7:0, polarity bit 13, trigger bit 15, mask bit 16, destination 63:56 */
	CHECK_EQ(ioapic_rte_encode(0x31, 3, IRQ_TYPE_LEVEL_LOW, IOAPIC_MASKED, &rte), 0);
	CHECK_EQ(rte, 0x0300000000000000ull | 0x10000 | 0x8000 | 0x2000 | 0x31);
	CHECK_EQ(ioapic_rte_encode(0x40, 0, IRQ_TYPE_EDGE_RISING, IOAPIC_UNMASKED, &rte), 0);
	CHECK_EQ(rte, 0x40);
	CHECK_EQ(ioapic_rte_encode(0xef, 0xff, IRQ_TYPE_LEVEL_HIGH, IOAPIC_UNMASKED, &rte), 0);
	CHECK_EQ(rte, 0xff00000000000000ull | 0x8000 | 0xef);
	CHECK_EQ(ioapic_rte_encode(0x41, 1, IRQ_TYPE_EDGE_FALLING, IOAPIC_UNMASKED, &rte), 0);
	CHECK_EQ(rte, 0x0100000000000000ull | 0x2000 | 0x41);
	rte = 1;
	CHECK_EQ(ioapic_rte_encode(0x41, 1, IRQ_TYPE_EDGE_BOTH, IOAPIC_MASKED, &rte), -EINVAL);
	CHECK_EQ(ioapic_rte_encode(0x41, 1, IRQ_TYPE_NONE, IOAPIC_MASKED, &rte), -EINVAL);
	CHECK_EQ(rte, 1);
}

TEST(msi_message_encoding)
{
	struct msi_msg msg;

	x86_msi_compose(5, 0x41, &msg);
	CHECK_EQ(msg.address_lo, 0xfee05000);
	CHECK_EQ(msg.address_hi, 0);
	CHECK_EQ(msg.data, 0x41); /* fixed delivery, edge */
	x86_msi_compose(0xff, 0xef, &msg);
	CHECK_EQ(msg.address_lo, 0xfeeff000);
	CHECK_EQ(msg.data, 0xef);
}

TEST(vector_alloc_aligned_blocks)
{
	struct vector_map map = { 0 };

	CHECK_EQ(vector_map_alloc(&map, 1), 0x30);
	CHECK_EQ(vector_map_alloc(&map, 4), 0x34); /* 0x31 is free but not aligned to 4 */
	CHECK_EQ(vector_map_alloc(&map, 1), 0x31);
	CHECK_EQ(vector_map_alloc(&map, 32), 0x40);
	CHECK_EQ(vector_map_alloc(&map, 2), 0x32);
	CHECK_EQ(vector_map_alloc(&map, 8), 0x38);
	CHECK_EQ(vector_map_alloc(&map, 3), -EINVAL);
	CHECK_EQ(vector_map_alloc(&map, 0), -EINVAL);
	CHECK_EQ(vector_map_alloc(&map, 64), -EINVAL);
	vector_map_free(&map, 0x34, 4);
	CHECK_EQ(vector_map_alloc(&map, 4), 0x34);
	CHECK_EQ(vector_block_size(1), 1);
	CHECK_EQ(vector_block_size(3), 4);
	CHECK_EQ(vector_block_size(32), 32);
}

TEST(vector_alloc_exhaustion)
{
	struct vector_map map = { 0 };
	unsigned int n = 0;
	int v;

	/* 32-blocks fit at 0x40, 0x60, 0x80, 0xa0, 0xc0: 0x20 starts below 0x30, 0xe0 ends past 0xef */
	while ((v = vector_map_alloc(&map, 32)) >= 0)
		CHECK_EQ(v, 0x40 + 0x20 * n++);
	CHECK_EQ(v, -ENOSPC);
	CHECK_EQ(n, 5);
	map = (struct vector_map){ 0 };
	for (n = 0; (v = vector_map_alloc(&map, 1)) >= 0; n++)
		CHECK(v >= 0x30 && v <= 0xef);
	CHECK_EQ(n, 0xef - 0x30 + 1);
	vector_map_free(&map, 0x77, 1);
	CHECK_EQ(vector_map_alloc(&map, 2), -ENOSPC);
	CHECK_EQ(vector_map_alloc(&map, 1), 0x77);
	CHECK_EQ(vector_map_alloc(&map, 1), -ENOSPC);
}
