/*
 * The MADT ("APIC" table): the machine's interrupt controllers. Layouts from the ACPI spec
 * (Linux names from include/acpi/actbl2.h). Each subtable starts with {type, length}; the
 * parser checks every subtable's length against the size its type needs before handing it out.
 */
#ifndef PAGODA_DRIVERS_ACPI_MADT_H
#define PAGODA_DRIVERS_ACPI_MADT_H

#include "types.h"

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE = 2,
	ACPI_MADT_TYPE_LOCAL_APIC_NMI = 4,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE = 5,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
	ACPI_MADT_TYPE_LOCAL_X2APIC_NMI = 10,
	ACPI_MADT_TYPE_GENERIC_INTERRUPT = 11, /* GICC: one per CPU interface */
	ACPI_MADT_TYPE_GENERIC_DISTRIBUTOR = 12,
	ACPI_MADT_TYPE_GENERIC_MSI_FRAME = 13, /* GICv2m */
	ACPI_MADT_TYPE_GENERIC_REDISTRIBUTOR = 14,
	ACPI_MADT_TYPE_GENERIC_TRANSLATOR = 15, /* GICv3 ITS */
};

struct acpi_subtable_header {
	u8 type;
	u8 length;
} __attribute__((packed));

/* The fixed part after the common header. */
struct acpi_table_madt {
	u8 header[36];
	u32 address; /* local APIC physical address (32-bit) */
	u32 flags;   /* ACPI_MADT_PCAT_COMPAT */
} __attribute__((packed));
#define ACPI_MADT_PCAT_COMPAT BIT(0) /* dual 8259s are present and must be masked */

#define ACPI_MADT_ENABLED BIT(0)	/* local APIC / GICC flags: usable now */
#define ACPI_MADT_ONLINE_CAPABLE BIT(1) /* can be enabled later */

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;
	u8 id; /* APIC ID */
	u32 lapic_flags;
} __attribute__((packed));

struct acpi_madt_io_apic {
	struct acpi_subtable_header header;
	u8 id;
	u8 reserved;
	u32 address;
	u32 global_irq_base; /* GSI of pin 0 */
} __attribute__((packed));

/* MPS INTI flags: polarity bits 1:0, trigger bits 3:2 (0 conforms to the bus). */
#define ACPI_MADT_POLARITY_MASK 3
#define ACPI_MADT_POLARITY_CONFORMS 0
#define ACPI_MADT_POLARITY_ACTIVE_HIGH 1
#define ACPI_MADT_POLARITY_ACTIVE_LOW 3
#define ACPI_MADT_TRIGGER_MASK (3 << 2)
#define ACPI_MADT_TRIGGER_CONFORMS (0 << 2)
#define ACPI_MADT_TRIGGER_EDGE (1 << 2)
#define ACPI_MADT_TRIGGER_LEVEL (3 << 2)

struct acpi_madt_interrupt_override {
	struct acpi_subtable_header header;
	u8 bus;	       /* 0: ISA */
	u8 source_irq; /* ISA line */
	u32 global_irq;
	u16 inti_flags;
} __attribute__((packed));

struct acpi_madt_local_apic_nmi {
	struct acpi_subtable_header header;
	u8 processor_id; /* 0xff: all processors */
	u16 inti_flags;
	u8 lint; /* LINT0 or LINT1 */
} __attribute__((packed));

struct acpi_madt_local_apic_override {
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;
} __attribute__((packed));

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __attribute__((packed));

struct acpi_madt_local_x2apic_nmi {
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 uid; /* 0xffffffff: all processors */
	u8 lint;
	u8 reserved[3];
} __attribute__((packed));

/* GICC. Fields past arm_mpidr appeared in later ACPI revisions; the parser requires up to it. */
struct acpi_madt_generic_interrupt {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 cpu_interface_number;
	u32 uid;
	u32 flags; /* ACPI_MADT_ENABLED, bit 1 performance interrupt mode, bit 2 VGIC mode */
	u32 parking_version;
	u32 performance_interrupt;
	u64 parked_address;
	u64 base_address; /* GICv2 CPU interface (GICC) physical address */
	u64 gicv_base_address;
	u64 gich_base_address;
	u32 vgic_interrupt;
	u64 gicr_base_address; /* GICv3: this CPU's redistributor, when no GICR subtable */
	u64 arm_mpidr;
} __attribute__((packed));

struct acpi_madt_generic_distributor {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 gic_id;
	u64 base_address;
	u32 global_irq_base;
	u8 version; /* ACPI_MADT_GIC_VERSION_* */
	u8 reserved2[3];
} __attribute__((packed));
#define ACPI_MADT_GIC_VERSION_NONE 0 /* find out from the hardware */
#define ACPI_MADT_GIC_VERSION_V1 1
#define ACPI_MADT_GIC_VERSION_V2 2
#define ACPI_MADT_GIC_VERSION_V3 3
#define ACPI_MADT_GIC_VERSION_V4 4

struct acpi_madt_generic_msi_frame {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 msi_frame_id;
	u64 base_address;
	u32 flags; /* bit 0: spi_count/spi_base override the frame's MSI_TYPER */
	u16 spi_count;
	u16 spi_base;
} __attribute__((packed));
#define ACPI_MADT_OVERRIDE_SPI_VALUES BIT(0)

struct acpi_madt_generic_redistributor {
	struct acpi_subtable_header header;
	u16 reserved;
	u64 base_address; /* a discovery range holding one or more redistributors */
	u32 length;
} __attribute__((packed));

struct acpi_madt_generic_translator {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 translation_id;
	u64 base_address;
	u32 reserved2;
} __attribute__((packed));

/* The MADT's fixed part, or NULL when there is no valid MADT. */
const struct acpi_table_madt *acpi_madt(void);

/*
 * Call handler on each MADT subtable of the given type, in table order, with priv. Subtables
 * too short for their type are skipped; a zero-length subtable ends the walk (the rest of the
 * table cannot be parsed). A handler returning non-zero stops the walk. Returns the number of
 * subtables handed out, -ENOENT without a valid MADT, or the handler's negative value.
 * (Linux: acpi_table_parse_madt.)
 */
int acpi_table_parse_madt(enum acpi_madt_type type,
			  int (*handler)(const struct acpi_subtable_header *header, void *priv),
			  void *priv);

#endif
