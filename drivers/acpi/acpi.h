/*
 * ACPI static tables: discovery from the RSDP and the few parsers the kernel needs (SPCR console,
 * FADT power-off data with \_S5 from the AML, MCFG ECAM windows).
 *
 * Hostable: no printk, no port I/O. Tables are read through __va(); the kernel direct-maps all
 * ACPI memory. Every table is validated (signature, length, checksum) before use; a bad table is
 * skipped as if absent, never trusted. Layouts: docs/hardware.md#acpi and the ACPI spec (Linux
 * names from include/acpi/actbl*.h). The parsers keep no state besides the root table chosen by
 * acpi_init().
 */
#ifndef PAGODA_DRIVERS_ACPI_H
#define PAGODA_DRIVERS_ACPI_H

#include "types.h"

#define ACPI_NAMESEG_SIZE 4
#define ACPI_OEM_ID_SIZE 6
#define ACPI_OEM_TABLE_ID_SIZE 8

/* The 36-byte header every table except the RSDP and FACS starts with. */
struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length; /* of the whole table, header included */
	u8 revision;
	u8 checksum; /* all `length` bytes sum to 0 mod 256 */
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE];
	u32 asl_compiler_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_table_header) == 36, "ACPI table header layout");

/* Generic Address Structure (GAS): where a register lives and how wide an access must be. */
struct acpi_generic_address {
	u8 space_id;	/* ACPI_ADR_SPACE_* */
	u8 bit_width;	/* of the register */
	u8 bit_offset;	/* of the register within the access */
	u8 access_size; /* ACPI_ACCESS_* */
	u64 address;	/* 0: register not present */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_generic_address) == 12, "ACPI GAS layout");

#define ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define ACPI_ADR_SPACE_SYSTEM_IO 1

#define ACPI_ACCESS_UNDEFINED 0 /* legacy: use bit_width */
#define ACPI_ACCESS_BYTE 1
#define ACPI_ACCESS_WORD 2
#define ACPI_ACCESS_DWORD 3
#define ACPI_ACCESS_QWORD 4

/* Bytes per access for a GAS: from access_size, else from bit_width; 0 when neither says. */
static inline unsigned int acpi_gas_access_bytes(const struct acpi_generic_address *gas)
{
	if (gas->access_size >= ACPI_ACCESS_BYTE && gas->access_size <= ACPI_ACCESS_QWORD)
		return 1U << (gas->access_size - 1);
	return gas->access_size == ACPI_ACCESS_UNDEFINED ? gas->bit_width / 8U : 0;
}

/* ------------------------------------------------------------------------ discovery */

/*
 * Validate the RSDP at rsdp_pa and remember the root table for the other calls: the XSDT (64-bit
 * entries) when the RSDP revision is >= 2 and it names a valid one, else the RSDT (32-bit
 * entries). ACPI 1.0 (revision 0) RSDPs are 20 bytes; 2.0+ ones carry an extended checksum.
 * Returns 0; -EINVAL if the RSDP (signature, checksum, length) or the root table it names is
 * invalid; -ENOENT if it names no root table. After a failure no root is remembered and every
 * lookup below finds nothing. May be called again to switch to another RSDP.
 */
int acpi_init(phys_addr_t rsdp_pa);

/*
 * The instance-th (from 0) table with signature sig (e.g. "APIC", "SSDT") whose length and
 * checksum are valid; invalid tables are skipped and not counted. "DSDT" is found through the
 * FADT (X_DSDT when present and non-zero, else DSDT), instance 0 only. Returns the table in the
 * direct map, or NULL when there is none (or acpi_init() has not succeeded).
 */
const struct acpi_table_header *acpi_get_table(const char sig[ACPI_NAMESEG_SIZE],
					       unsigned int instance);

/*
 * Write a one-line summary for the boot log into buf (always NUL-terminated, truncated to len),
 * e.g. "OEM BOCHS XSDT: FACP APIC HPET MCFG WAET DSDT": the root's entries in order, then the
 * DSDT when the FADT names a valid one. A table with a bad checksum or length is listed with a
 * trailing '!'. Writes "no ACPI" when acpi_init() has not succeeded.
 */
void acpi_describe(char *buf, size_t len);

/* ------------------------------------------------------------------------ SPCR (console) */

/* SPCR interface types (the DBG2 serial subtypes). Others are reported as found. */
#define ACPI_DBG2_16550_COMPATIBLE 0x00
#define ACPI_DBG2_16550_SUBSET 0x01
#define ACPI_DBG2_ARM_PL011 0x03

/* SPCR interrupt_type bits. */
#define ACPI_SPCR_IRQ_PC_8259 BIT(0)
#define ACPI_SPCR_IRQ_IO_APIC BIT(1)
#define ACPI_SPCR_IRQ_IO_SAPIC BIT(2)
#define ACPI_SPCR_IRQ_ARM_GIC BIT(3)

struct acpi_spcr_info {
	u8 interface_type;			 /* ACPI_DBG2_* or another DBG2 subtype */
	struct acpi_generic_address serial_port; /* memory or I/O; see acpi_gas_access_bytes() */
	u8 interrupt_type;			 /* ACPI_SPCR_IRQ_* */
	u8 pc_interrupt;			 /* 8259 IRQ, when interrupt_type says so */
	u32 gsi;				 /* global system interrupt (GIC: SPI 1 = GSI 33) */
	u32 baud_rate; /* bits/s; 0: keep the rate firmware configured (also for unknown codes) */
	u8 baud_code;  /* the raw SPCR code, for the log */
};

/* Decode the SPCR. Returns 0, or -ENOENT when there is no valid SPCR (too short counts). */
int acpi_spcr_get(struct acpi_spcr_info *out);

/* ------------------------------------------------------------------------ power-off (FADT) */

/* FADT Flags (u32 @112). */
#define ACPI_FADT_HW_REDUCED BIT(20)
/* FADT IAPC_BOOT_ARCH (u16 @109): legacy PC devices. */
#define ACPI_FADT_LEGACY_DEVICES BIT(0)
#define ACPI_FADT_8042 BIT(1) /* a PS/2 keyboard controller (i8042) is present */
/* FADT ARM_BOOT_ARCH (u16 @129). */
#define ACPI_FADT_PSCI_COMPLIANT BIT(0)
#define ACPI_FADT_PSCI_USE_HVC BIT(1)

/*
 * PM1 control register (16 bits wide, PM1a and PM1b alike). To enter S5 acpi_power_off() writes
 * acpi_pm1_cnt_sleep(old, slp_typ) to PM1a_CNT, and with the PM1b value to PM1b_CNT when present.
 */
#define ACPI_PM1_CNT_SCI_EN BIT(0) /* ACPI mode: SCIs, not SMIs, for ACPI events */
#define ACPI_PM1_CNT_SLP_TYP_SHIFT 10
#define ACPI_PM1_CNT_SLP_TYP_MASK (7U << ACPI_PM1_CNT_SLP_TYP_SHIFT)
#define ACPI_PM1_CNT_SLP_EN BIT(13)
#define ACPI_SLP_TYP_MAX 7

/* old with its SLP_TYP field replaced by slp_typ and SLP_EN set; other bits are preserved. */
static inline u16 acpi_pm1_cnt_sleep(u16 old, u8 slp_typ)
{
	u16 val = old & ~(ACPI_PM1_CNT_SLP_TYP_MASK | ACPI_PM1_CNT_SLP_EN);

	return val | ((slp_typ << ACPI_PM1_CNT_SLP_TYP_SHIFT) & ACPI_PM1_CNT_SLP_TYP_MASK) |
	       ACPI_PM1_CNT_SLP_EN;
}

struct acpi_poweroff {
	/*
	 * PM1a/PM1b control blocks: X_PM1x_CNT_BLK when the FADT has it with a non-zero address,
	 * else the 32-bit PM1x_CNT_BLK as a system I/O GAS (bit_width from PM1_CNT_LEN,
	 * access_size undefined). address 0: no such block (PM1b is usually absent).
	 */
	struct acpi_generic_address pm1a_cnt;
	struct acpi_generic_address pm1b_cnt;
	u32 smi_cmd;	   /* SMI_CMD port; 0: no ACPI/legacy mode transition */
	u8 acpi_enable;	   /* the value written to SMI_CMD to enter ACPI mode; 0: none */
	u32 flags;	   /* FADT Flags: ACPI_FADT_HW_REDUCED, ... */
	u16 arm_boot_arch; /* ACPI_FADT_PSCI_*; 0 before FADT 5.1 */
	bool have_s5;	   /* \_S5 found with both values <= ACPI_SLP_TYP_MAX */
	u8 slp_typ_a;	   /* \_S5 SLP_TYPa for PM1a_CNT, when have_s5 */
	u8 slp_typ_b;	   /* \_S5 SLP_TYPb for PM1b_CNT, when have_s5 */
};

/*
 * Gather what powering off needs from the FADT and \_S5 (see acpi_get_s5_sleep_type()).
 * Returns 0, or -ENOENT when there is no valid FADT or it is shorter than the ACPI 1.0 FADT (out
 * is then untouched). A missing or unusable \_S5 is not an error here: have_s5 is false
 * (HW-reduced machines power off through PSCI instead).
 */
int acpi_get_poweroff(struct acpi_poweroff *out);

/*
 * Power the machine off as the FADT says: PSCI SYSTEM_OFF when it names PSCI firmware, else S5
 * through PM1a/PM1b_CNT (switching to ACPI mode through SMI_CMD first when SCI_EN is clear).
 * Returns only when that failed: -ENOENT without a FADT, or without PSCI, \_S5 or PM1a_CNT;
 * -EOPNOTSUPP when the CPU cannot make the firmware call the FADT names; -ETIMEDOUT when ACPI
 * mode never came on; a register access error; -EIO when the request was made and the machine
 * still runs. Registers may have been written (the machine is then in an unknown power state).
 */
int acpi_power_off(void);

/*
 * Registers in memory space, for the fixed-hardware code (ACPICA's acpi_os_read_memory()):
 * size bytes (1, 2 or 4) at physical address pa. The kernel maps them uncached
 * (drivers/acpi/hw/osl.c); the host tests fake them. Return 0, or -ENOMEM when the register
 * cannot be mapped (nothing accessed).
 */
int acpi_os_read_memory(phys_addr_t pa, unsigned int size, u32 *val);
int acpi_os_write_memory(phys_addr_t pa, unsigned int size, u32 val);

/*
 * The FADT's IAPC_BOOT_ARCH flags (ACPI_FADT_8042, ...) in *flags. Returns 0; -ENOENT when there
 * is no valid FADT or its revision is below 2 (ACPI 1.0 reserved the field; Linux does not read
 * it there either), *flags untouched.
 */
int acpi_get_iapc_boot_arch(u16 *flags);

/*
 * SLP_TYPa/SLP_TYPb from the first Name(\_S5, Package(){a, b, ...}) in the DSDT, then in each
 * SSDT in order. Returns 0; -ENOENT when no table has one; -ERANGE when the first one found
 * holds a value above ACPI_SLP_TYP_MAX (outputs untouched on error).
 */
int acpi_get_s5_sleep_type(u8 *slp_typ_a, u8 *slp_typ_b);

/*
 * The AML parser behind acpi_get_s5_sleep_type(), exposed for tests: walk the term list
 * aml[0..len) following Scope/Device/Processor/PowerResource/ThermalZone, and find the first
 * Name whose path resolves to \_S5_ and whose object is Package(n){a, b, ...} with n >= 2 and a,
 * b integer constants (ZeroOp, OneOp, OnesOp, Byte/Word/DWord/QWordPrefix) inside the package.
 * A _S5_ in another scope, a method body, a string or buffer, a non-package or malformed \_S5
 * does not count. The walk ends at the first term it cannot step over. Returns 0 with the two
 * values in val[0], val[1], or -ENOENT (val untouched).
 */
int acpi_aml_find_s5(const u8 *aml, size_t len, u64 val[2]);

/* ------------------------------------------------------------------------ timers (FADT, HPET) */

/* FADT Flags: the PM timer counts 32 bits (else 24). */
#define ACPI_FADT_32BIT_TIMER BIT(8)
#define ACPI_PM_TIMER_FREQUENCY 3579545 /* Hz, fixed by the spec */

/*
 * The ACPI PM timer: X_PM_TMR_BLK when the FADT has it with a non-zero address, else the 32-bit
 * PM_TMR_BLK port (when PM_TMR_LEN is 4) as a system I/O GAS; its width (24 or 32) in *bits from
 * TMR_VAL_EXT. Returns 0; -ENOENT when there is no valid FADT or it names no timer (outputs
 * untouched).
 */
int acpi_get_pm_timer(struct acpi_generic_address *blk, unsigned int *bits);

/*
 * The CMOS RAM index of the RTC's century byte (the FADT's CENTURY), 0 when the FADT gives none.
 * Returns 0; -ENOENT without a valid FADT (*index untouched).
 */
int acpi_get_rtc_century(u8 *index);

/*
 * The physical address of the first HPET block's registers (the "HPET" table's base address,
 * which must be in system memory). Returns 0; -ENOENT without a valid HPET table or with one
 * whose block is elsewhere or at 0 (*address untouched).
 */
int acpi_get_hpet(u64 *address);

/* ------------------------------------------------------------------------ MCFG (PCIe ECAM) */

struct acpi_mcfg_entry {
	u64 address; /* ECAM base: config space of bus b at address + (b << 20) */
	u16 segment; /* PCI segment group */
	u8 start_bus;
	u8 end_bus;
};

/*
 * The i-th (from 0) valid ECAM allocation of the MCFG; entries with end_bus < start_bus or a
 * zero address are skipped and not counted. Iterate i = 0, 1, ... until it fails.
 * Returns 0, or -ENOENT past the last entry or when there is no valid MCFG.
 */
int acpi_mcfg_get(unsigned int i, struct acpi_mcfg_entry *out);

#endif
