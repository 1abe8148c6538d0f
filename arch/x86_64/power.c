/* Stopping the machine: halt, and ACPI S5 soft-off through the PM1 control registers. */
#include "arch.h"
#include "drivers/acpi/acpi.h"
#include "mm/ioremap.h"
#include "printk.h"

#include <errno.h>

#include <asm/io.h>
#include <asm/processor.h>

#define PM1_CNT_BYTES 2 /* PM1_CNT_LEN is 2 on every ACPI machine */
/*
 * The write that enters S5 takes effect asynchronously (QEMU's vCPU runs on until its main loop
 * sees the request). Give it about a second on any clock from 1 to 3 GHz before saying it failed.
 */
#define POWEROFF_WAIT_CYCLES 3000000000ULL

void arch_halt(void)
{
	for (;;)
		asm volatile("cli; hlt" : : : "memory");
}

/* A 16-bit PM1 control register in I/O or memory space; neither port nor mmio: absent. */
struct pm1_cnt {
	u8 space_id;
	u16 port;
	void *mmio;
};

/*
 * Locate the register gas describes. Returns 0 (absent registers too: address 0); -EINVAL for
 * an address space the kernel cannot reach or a port outside I/O space; -ENOMEM when the
 * memory-mapped register cannot be mapped.
 */
static int pm1_cnt_get(const struct acpi_generic_address *gas, struct pm1_cnt *reg)
{
	*reg = (struct pm1_cnt){ .space_id = gas->space_id };
	if (!gas->address)
		return 0;
	if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_IO) {
		if (gas->address > 0x10000 - PM1_CNT_BYTES)
			return -EINVAL;
		reg->port = gas->address;
		return 0;
	}
	if (gas->space_id != ACPI_ADR_SPACE_SYSTEM_MEMORY)
		return -EINVAL;
	reg->mmio = ioremap(gas->address, PM1_CNT_BYTES);
	return reg->mmio ? 0 : -ENOMEM;
}

static bool pm1_cnt_present(const struct pm1_cnt *reg)
{
	return reg->port || reg->mmio;
}

static u16 pm1_cnt_read(const struct pm1_cnt *reg)
{
	return reg->mmio ? readw(reg->mmio) : inw(reg->port);
}

static void pm1_cnt_write(const struct pm1_cnt *reg, u16 val)
{
	if (reg->mmio)
		writew(val, reg->mmio);
	else
		outw(val, reg->port);
}

/*
 * Enter S5 as ACPICA's legacy sleep path does: first write the sleep types alone (some firmware
 * wants SLP_TYP latched before SLP_EN), then again with SLP_EN, PM1a and PM1b alike. Returns
 * -ENOENT without \_S5 or PM1a_CNT, the error of locating a register, or 0 once written (the
 * machine normally goes off shortly after).
 */
static int acpi_enter_s5(const struct acpi_poweroff *po)
{
	struct pm1_cnt a, b;
	u16 va, vb = 0;
	int err;

	if (!po->have_s5 || !po->pm1a_cnt.address)
		return -ENOENT;
	err = pm1_cnt_get(&po->pm1a_cnt, &a);
	if (!err)
		err = pm1_cnt_get(&po->pm1b_cnt, &b);
	if (err)
		return err;
	va = acpi_pm1_cnt_sleep(pm1_cnt_read(&a), po->slp_typ_a);
	if (pm1_cnt_present(&b))
		vb = acpi_pm1_cnt_sleep(pm1_cnt_read(&b), po->slp_typ_b);

	pm1_cnt_write(&a, va & ~ACPI_PM1_CNT_SLP_EN);
	if (pm1_cnt_present(&b))
		pm1_cnt_write(&b, vb & ~ACPI_PM1_CNT_SLP_EN);
	pm1_cnt_write(&a, va);
	if (pm1_cnt_present(&b))
		pm1_cnt_write(&b, vb);
	return 0;
}

static void wait_for_poweroff(void)
{
	u64 start = rdtsc();

	while (rdtsc() - start < POWEROFF_WAIT_CYCLES)
		cpu_relax();
}

void arch_poweroff(void)
{
	struct acpi_poweroff po;
	int err;

	err = acpi_get_poweroff(&po);
	if (!err)
		err = acpi_enter_s5(&po);
	if (!err)
		wait_for_poweroff();
	printk("poweroff: ACPI S5 soft-off %s (%d); halting\n", err ? "unavailable" : "had no effect",
	       err);
	arch_halt();
}
