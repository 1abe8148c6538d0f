/*
 * The PC keyboard controller (i8042) with a PS/2 keyboard, polled, as a console input (Linux:
 * drivers/input/serio/i8042.c, whose register names these are). The controller is set to
 * translate the keyboard's scan code set 2 into set 1, which drivers/input/atkbd.c decodes.
 * Interrupts from it stay off: the shell polls. A PC device behind I/O ports: on a CPU without
 * them (arm64) there is nothing to find.
 */
#include <errno.h>

#include "arch.h"
#include "console_input.h"
#include "drivers/input/i8042.h"
#include "drivers/acpi/acpi.h"
#include "drivers/input/atkbd.h"
#include "printk.h"

#define I8042_DATA_REG 0x60
#define I8042_STATUS_REG 0x64  /* read */
#define I8042_COMMAND_REG 0x64 /* write */

#define I8042_STR_OBF BIT(0)	 /* a byte waits in the data register */
#define I8042_STR_IBF BIT(1)	 /* the controller has not taken our last byte yet */
#define I8042_STR_AUXDATA BIT(5) /* the waiting byte is from the aux (mouse) port */

#define I8042_CMD_CTL_RCTR 0x20 /* read the control register (CTR) */
#define I8042_CMD_CTL_WCTR 0x60 /* write the CTR: the next data byte */
#define I8042_CMD_AUX_DISABLE 0xa7
#define I8042_CMD_CTL_TEST 0xaa /* self-test: answers I8042_RET_CTL_TEST */
#define I8042_CMD_KBD_DISABLE 0xad
#define I8042_CMD_KBD_ENABLE 0xae

#define I8042_CTR_KBDINT BIT(0)
#define I8042_CTR_AUXINT BIT(1)
#define I8042_CTR_KBDDIS BIT(4)
#define I8042_CTR_XLATE BIT(6) /* translate set 2 to set 1 */

#define I8042_RET_CTL_TEST 0x55

/* Keyboard commands (written to the data register) and its answer. */
#define ATKBD_CMD_SSCANSET 0xf0 /* the next byte selects the scan code set */
#define ATKBD_SCANSET_2 0x02
#define ATKBD_RET_ACK 0xfa

/* Status polls before giving up: each is an I/O cycle of about 1 us on hardware. */
#define I8042_TIMEOUT_LOOPS 100000
/* Bytes read at most when emptying the controller (Linux: I8042_BUFFER_SIZE). */
#define I8042_BUFFER_SIZE 16

static struct atkbd kbd;

/* Without I/O ports a read gives all ones, as on a PC where nothing decodes the port. */
static u8 i8042_inb(u16 port)
{
	u32 val = 0xff;

	arch_port_read(port, 1, &val);
	return val;
}

static void i8042_outb(u8 val, u16 port)
{
	arch_port_write(port, 1, val);
}

static int i8042_wait_write(void)
{
	for (int i = 0; i < I8042_TIMEOUT_LOOPS; i++)
		if (!(i8042_inb(I8042_STATUS_REG) & I8042_STR_IBF))
			return 0;
	return -ETIMEDOUT;
}

static int i8042_read_data(u8 *val)
{
	for (int i = 0; i < I8042_TIMEOUT_LOOPS; i++) {
		if (i8042_inb(I8042_STATUS_REG) & I8042_STR_OBF) {
			*val = i8042_inb(I8042_DATA_REG);
			return 0;
		}
	}
	return -ETIMEDOUT;
}

static int i8042_write(u16 port, u8 val)
{
	int err = i8042_wait_write();

	if (!err)
		i8042_outb(val, port);
	return err;
}

/* Drop whatever the controller holds (keys typed at the firmware, answers nobody read). */
static void i8042_flush(void)
{
	for (int i = 0; i < I8042_BUFFER_SIZE && (i8042_inb(I8042_STATUS_REG) & I8042_STR_OBF); i++)
		i8042_inb(I8042_DATA_REG);
}

/* Send cmd (and, when param >= 0, its parameter byte) to the controller. */
static int i8042_command(u8 cmd, int param)
{
	int err = i8042_write(I8042_COMMAND_REG, cmd);

	if (!err && param >= 0)
		err = i8042_write(I8042_DATA_REG, (u8)param);
	return err;
}

/*
 * Is there a controller? On ACPI 2.0+ PCs the FADT must say so, and in any case it must pass
 * its self-test. Returns 0 with what told in *how, or -ENODEV.
 */
static int i8042_detect(const char **how)
{
	u16 boot_arch;
	u32 status;
	u8 ret;

	if (arch_port_read(I8042_STATUS_REG, 1, &status))
		return -ENODEV; /* no I/O ports, so no PC controller: nothing worth saying */
	*how = "controller self-test";
	if (!acpi_get_iapc_boot_arch(&boot_arch)) {
		if (!(boot_arch & ACPI_FADT_8042)) {
			printk("i8042: none (ACPI FADT IAPC_BOOT_ARCH %#x)\n", boot_arch);
			return -ENODEV;
		}
		*how = "ACPI FADT and controller self-test";
	}
	/* Nothing decodes the ports on machines without one: reads float to all ones. */
	if (i8042_inb(I8042_STATUS_REG) == 0xff)
		goto none;
	if (i8042_command(I8042_CMD_KBD_DISABLE, -1) || i8042_command(I8042_CMD_AUX_DISABLE, -1))
		goto none;
	i8042_flush();
	if (i8042_command(I8042_CMD_CTL_TEST, -1) || i8042_read_data(&ret) ||
	    ret != I8042_RET_CTL_TEST)
		goto none;
	return 0;
none:
	printk("i8042: none (no controller passes the self-test)\n");
	return -ENODEV;
}

/*
 * Set the control register: keyboard port on, no interrupts, translation on. Done after the
 * self-test, which resets it on some controllers. Returns 0 or -ETIMEDOUT.
 */
static int i8042_setup_ctr(void)
{
	u8 ctr;
	int err = i8042_command(I8042_CMD_CTL_RCTR, -1);

	if (!err)
		err = i8042_read_data(&ctr);
	if (err)
		return err;
	ctr &= ~(I8042_CTR_KBDINT | I8042_CTR_AUXINT | I8042_CTR_KBDDIS);
	ctr |= I8042_CTR_XLATE;
	return i8042_command(I8042_CMD_CTL_WCTR, ctr);
}

/* Send one byte to the keyboard and wait for its ACK. Returns 0, -ETIMEDOUT or -EIO. */
static int atkbd_command(u8 val)
{
	u8 ret;
	int err = i8042_write(I8042_DATA_REG, val);

	if (!err)
		err = i8042_read_data(&ret);
	if (err)
		return err;
	return ret == ATKBD_RET_ACK ? 0 : -EIO;
}

static int i8042_getc(struct console_input *in)
{
	for (int i = 0; i < I8042_BUFFER_SIZE; i++) {
		u8 status = i8042_inb(I8042_STATUS_REG), data;
		int c;

		if (!(status & I8042_STR_OBF))
			return -1;
		data = i8042_inb(I8042_DATA_REG);
		if (status & I8042_STR_AUXDATA)
			continue;
		c = atkbd_feed(&kbd, data);
		if (c >= 0)
			return c;
	}
	return -1;
}

static struct console_input i8042_input = { .name = "i8042", .getc = i8042_getc };

int i8042_init(void)
{
	const char *how;
	int err = i8042_detect(&how);

	if (err)
		return err;
	err = i8042_setup_ctr();
	if (!err)
		err = i8042_command(I8042_CMD_KBD_ENABLE, -1);
	if (err) {
		printk("i8042: controller does not answer (%d)\n", err);
		return err;
	}
	/* Firmware may have left the keyboard in another set: ask for the default, set 2. */
	err = atkbd_command(ATKBD_CMD_SSCANSET);
	if (!err)
		err = atkbd_command(ATKBD_SCANSET_2);
	i8042_flush();
	printk("i8042: PS/2 keyboard input (%s)%s\n", how, err ? "; no keyboard answers yet" : "");
	console_input_register(&i8042_input);
	return 0;
}
