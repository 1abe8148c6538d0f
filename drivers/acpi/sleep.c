/*
 * Powering off the way the FADT says (Linux: drivers/acpi/sleep.c acpi_power_off(), with ACPICA's
 * hwacpi.c and hwsleep.c): PSCI SYSTEM_OFF through the conduit the FADT names where the firmware
 * implements PSCI (arm64), else S5 through the PM1 control registers, after switching the chipset
 * from legacy (SMI) mode into ACPI mode when firmware left it there.
 */
#include <errno.h>

#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "printk.h"

#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008UL /* PSCI 0.2+, SMC32 function ID */

#define PM1_CNT_BYTES 2 /* PM1_CNT_LEN is 2 on every ACPI machine */
#define SMI_CMD_BYTES 1 /* the ACPI_ENABLE value is written as one byte */
/*
 * Reads of PM1a_CNT while waiting, each an I/O cycle of about 1 us on hardware: about 3 s, as
 * long as ACPICA waits for ACPI mode to come on, and as long as the S5 write may take to stop
 * the machine (QEMU's vCPU runs on until its main loop sees the request).
 */
#define ACPI_WAIT_POLLS 3000000

/*
 * Read or write size bytes of the register gas describes. Returns 0; -EINVAL for an address
 * space the kernel cannot reach or a port outside I/O space; the error of the accessor (-ENODEV:
 * no I/O ports; -ENOMEM: cannot map the register), nothing accessed then.
 */
static int acpi_hw_read(const struct acpi_generic_address *gas, unsigned int size, u32 *val)
{
	if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY)
		return acpi_os_read_memory(gas->address, size, val);
	if (gas->space_id != ACPI_ADR_SPACE_SYSTEM_IO || gas->address > 0x10000 - size)
		return -EINVAL;
	return arch_port_read(gas->address, size, val);
}

static int acpi_hw_write(const struct acpi_generic_address *gas, unsigned int size, u32 val)
{
	if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY)
		return acpi_os_write_memory(gas->address, size, val);
	if (gas->space_id != ACPI_ADR_SPACE_SYSTEM_IO || gas->address > 0x10000 - size)
		return -EINVAL;
	return arch_port_write(gas->address, size, val);
}

/* Spend about polls microseconds (no timer needed): read reg, an I/O cycle each on hardware. */
static void acpi_io_delay(const struct acpi_generic_address *reg, unsigned long polls)
{
	u32 val;

	for (unsigned long i = 0; i < polls; i++)
		acpi_hw_read(reg, PM1_CNT_BYTES, &val);
}

/* Is SCI_EN set in PM1a_CNT within polls reads? -ETIMEDOUT if not, or the read's error. */
static int acpi_poll_sci_en(const struct acpi_generic_address *pm1a, unsigned long polls)
{
	u32 val;
	int err;

	for (unsigned long i = 0; i < polls; i++) {
		err = acpi_hw_read(pm1a, PM1_CNT_BYTES, &val);
		if (err)
			return err;
		if (val & ACPI_PM1_CNT_SCI_EN)
			return 0;
	}
	return -ETIMEDOUT;
}

/*
 * Put the chipset in ACPI mode (Linux: acpi_enable()) if it can leave legacy mode and is not in
 * ACPI mode yet: write ACPI_ENABLE to the SMI_CMD port, then wait for firmware to set SCI_EN.
 * Until then the PM1 registers may belong to SMM firmware, which can ignore a sleep request.
 * Returns 0 (also when there is no transition to make); -ETIMEDOUT when SCI_EN never came on;
 * a register access error. ACPI_ENABLE may have been written either way.
 */
static int acpi_enable(const struct acpi_poweroff *po)
{
	struct acpi_generic_address smi_cmd = {
		.space_id = ACPI_ADR_SPACE_SYSTEM_IO,
		.address = po->smi_cmd,
	};
	int err;

	if (!po->smi_cmd || !po->acpi_enable)
		return 0;
	err = acpi_poll_sci_en(&po->pm1a_cnt, 1);
	if (err != -ETIMEDOUT)
		return err; /* 0: in ACPI mode already */
	err = acpi_hw_write(&smi_cmd, SMI_CMD_BYTES, po->acpi_enable);
	if (!err)
		err = acpi_poll_sci_en(&po->pm1a_cnt, ACPI_WAIT_POLLS);
	if (err)
		printk("poweroff: cannot switch to ACPI mode through SMI_CMD %#x (%d)\n",
		       po->smi_cmd, err);
	return err;
}

/* The PM1 control value that enters S5 from the register's current value, in *val. */
static int pm1_cnt_s5_value(const struct acpi_generic_address *gas, u8 slp_typ, u32 *val)
{
	int err = acpi_hw_read(gas, PM1_CNT_BYTES, val);

	if (!err)
		*val = acpi_pm1_cnt_sleep(*val, slp_typ);
	return err;
}

/*
 * Enter S5 as ACPICA's legacy sleep path does: first write the sleep types alone (some firmware
 * wants SLP_TYP latched before SLP_EN), then again with SLP_EN, PM1a and PM1b alike. Returns
 * -ENOENT without \_S5 or PM1a_CNT; acpi_enable()'s error; a register access error (nothing
 * written to PM1 then); -EIO when the machine still runs a while after the write.
 */
static int acpi_enter_s5(const struct acpi_poweroff *po)
{
	bool have_b = po->pm1b_cnt.address;
	u32 va, vb = 0;
	int err;

	if (!po->have_s5 || !po->pm1a_cnt.address)
		return -ENOENT;
	err = acpi_enable(po);
	if (!err)
		err = pm1_cnt_s5_value(&po->pm1a_cnt, po->slp_typ_a, &va);
	if (!err && have_b)
		err = pm1_cnt_s5_value(&po->pm1b_cnt, po->slp_typ_b, &vb);
	if (err)
		return err;

	acpi_hw_write(&po->pm1a_cnt, PM1_CNT_BYTES, va & ~ACPI_PM1_CNT_SLP_EN);
	if (have_b)
		acpi_hw_write(&po->pm1b_cnt, PM1_CNT_BYTES, vb & ~ACPI_PM1_CNT_SLP_EN);
	acpi_hw_write(&po->pm1a_cnt, PM1_CNT_BYTES, va);
	if (have_b)
		acpi_hw_write(&po->pm1b_cnt, PM1_CNT_BYTES, vb);

	acpi_io_delay(&po->pm1a_cnt, ACPI_WAIT_POLLS);
	printk("poweroff: ACPI S5 written, the machine is still running\n");
	return -EIO;
}

/*
 * PSCI SYSTEM_OFF through the conduit the FADT's ARM_BOOT_ARCH flags name. Returns only when it
 * failed: the arch's error (-EOPNOTSUPP: no such conduit), or -EIO when the call came back.
 */
static int psci_system_off(const struct acpi_poweroff *po)
{
	enum arm_smccc_conduit conduit =
		po->arm_boot_arch & ACPI_FADT_PSCI_USE_HVC ? SMCCC_CONDUIT_HVC : SMCCC_CONDUIT_SMC;
	long ret;
	int err = arch_smccc_call(conduit, PSCI_0_2_FN_SYSTEM_OFF, &ret);

	if (err)
		return err;
	printk("poweroff: PSCI SYSTEM_OFF through %s returned %ld\n",
	       conduit == SMCCC_CONDUIT_HVC ? "HVC" : "SMC", ret);
	return -EIO;
}

int acpi_power_off(void)
{
	struct acpi_poweroff po;
	int err = acpi_get_poweroff(&po);

	if (err)
		return err;
	if (po.arm_boot_arch & ACPI_FADT_PSCI_COMPLIANT)
		return psci_system_off(&po);
	return acpi_enter_s5(&po);
}
