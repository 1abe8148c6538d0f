/*
 * Raw ACPI table layouts and helpers shared by the files of drivers/acpi/ only. Offsets follow the
 * ACPI spec (docs/hardware.md#acpi; Linux include/acpi/actbl*.h names) and are machine-checked
 * below. Tables may sit at any byte address, so every layout is packed.
 */
#ifndef PAGODA_DRIVERS_ACPI_INTERNAL_H
#define PAGODA_DRIVERS_ACPI_INTERNAL_H

#include <stddef.h>

#include "drivers/acpi/acpi.h"

/* ACPI is little-endian; the XSDT/RSDT entry reads in tables.c rely on the CPU being so too. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ACPI parsers assume little-endian");

#define ACPI_RSDP_SIGNATURE "RSD PTR "
#define ACPI_RSDP_SIG_SIZE 8
#define ACPI_RSDP_V1_SIZE 20 /* the part covered by the ACPI 1.0 checksum */

struct acpi_table_rsdp {
	char signature[ACPI_RSDP_SIG_SIZE];
	u8 checksum; /* over the first ACPI_RSDP_V1_SIZE bytes */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision; /* 0: ACPI 1.0 (fields below rsdt_physical_address absent); 2: ACPI 2.0+ */
	u32 rsdt_physical_address;
	u32 length; /* revision >= 2 */
	u64 xsdt_physical_address;
	u8 extended_checksum; /* over `length` bytes */
	u8 reserved[3];
} __attribute__((packed));
_Static_assert(offsetof(struct acpi_table_rsdp, revision) == 15, "RSDP layout");
_Static_assert(offsetof(struct acpi_table_rsdp, length) == ACPI_RSDP_V1_SIZE, "RSDP layout");
_Static_assert(offsetof(struct acpi_table_rsdp, xsdt_physical_address) == 24, "RSDP layout");
_Static_assert(sizeof(struct acpi_table_rsdp) == 36, "RSDP layout");

/*
 * The FADT ("FACP") up to X_PM_TMR_BLK; later fields are not used yet. Older (shorter) FADTs
 * exist: read a field only when FADT_HAS() says the table's length covers it.
 */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;
	u32 dsdt;
	u8 model;
	u8 preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;
	u32 pm1b_event_block;
	u32 pm1a_control_block;
	u32 pm1b_control_block;
	u32 pm2_control_block;
	u32 pm_timer_block;
	u32 gpe0_block;
	u32 gpe1_block;
	u8 pm1_event_length;
	u8 pm1_control_length;
	u8 pm2_control_length;
	u8 pm_timer_length;
	u8 gpe0_block_length;
	u8 gpe1_block_length;
	u8 gpe1_base;
	u8 cst_control;
	u16 c2_latency;
	u16 c3_latency;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alarm;
	u8 month_alarm;
	u8 century;
	u16 boot_flags; /* IAPC_BOOT_ARCH */
	u8 reserved;
	u32 flags;
	struct acpi_generic_address reset_register;
	u8 reset_value;
	u16 arm_boot_flags; /* ARM_BOOT_ARCH */
	u8 minor_revision;
	u64 xfacs;
	u64 xdsdt;
	struct acpi_generic_address xpm1a_event_block;
	struct acpi_generic_address xpm1b_event_block;
	struct acpi_generic_address xpm1a_control_block;
	struct acpi_generic_address xpm1b_control_block;
	struct acpi_generic_address xpm2_control_block;
	struct acpi_generic_address xpm_timer_block;
} __attribute__((packed));
_Static_assert(offsetof(struct acpi_table_fadt, dsdt) == 40, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, pm1a_control_block) == 64, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, pm1b_control_block) == 68, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, pm1_control_length) == 89, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, boot_flags) == 109, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, flags) == 112, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, arm_boot_flags) == 129, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, xdsdt) == 140, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, xpm1a_control_block) == 172, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, xpm1b_control_block) == 184, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, pm_timer_block) == 76, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, pm_timer_length) == 91, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, century) == 108, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, xpm_timer_block) == 208, "FADT layout");

/* Does the FADT's length cover `field`? */
#define FADT_HAS(fadt, field)                                                                      \
	((fadt)->header.length >= offsetof(struct acpi_table_fadt, field) + sizeof((fadt)->field))

/* The SPCR up to the PCI fields: 80 bytes, the size of revisions 1 and 2. */
struct acpi_table_spcr {
	struct acpi_table_header header;
	u8 interface_type;
	u8 reserved[3];
	struct acpi_generic_address serial_port;
	u8 interrupt_type;
	u8 pc_interrupt;
	u32 interrupt; /* GSI */
	u8 baud_rate;  /* a code: 0 as configured, 3 9600, 4 19200, 6 57600, 7 115200 */
	u8 parity;
	u8 stop_bits;
	u8 flow_control;
	u8 terminal_type;
	u8 language;
	u16 pci_device_id;
	u16 pci_vendor_id;
	u8 pci_bus;
	u8 pci_device;
	u8 pci_function;
	u32 pci_flags;
	u8 pci_segment;
	u32 reserved2;
} __attribute__((packed));
_Static_assert(offsetof(struct acpi_table_spcr, serial_port) == 40, "SPCR layout");
_Static_assert(offsetof(struct acpi_table_spcr, interrupt) == 54, "SPCR layout");
_Static_assert(offsetof(struct acpi_table_spcr, baud_rate) == 58, "SPCR layout");
_Static_assert(sizeof(struct acpi_table_spcr) == 80, "SPCR layout");

/* The HPET description table: the first timer block's registers. */
struct acpi_table_hpet {
	struct acpi_table_header header;
	u32 id; /* the block's capabilities register, bits 31:0 */
	struct acpi_generic_address address;
	u8 sequence; /* HPET number */
	u16 minimum_tick;
	u8 flags;
} __attribute__((packed));
_Static_assert(offsetof(struct acpi_table_hpet, address) == 40, "HPET layout");
_Static_assert(sizeof(struct acpi_table_hpet) == 56, "HPET layout");

struct acpi_mcfg_allocation {
	u64 address;
	u16 pci_segment;
	u8 start_bus_number;
	u8 end_bus_number;
	u32 reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_mcfg_allocation) == 16, "MCFG allocation layout");

struct acpi_table_mcfg {
	struct acpi_table_header header;
	u8 reserved[8];
	struct acpi_mcfg_allocation allocation[];
} __attribute__((packed));
_Static_assert(offsetof(struct acpi_table_mcfg, allocation) == 44, "MCFG layout");

#endif
