/*
 * The Arm PrimeCell PL031 real-time clock: RTC_DR counts seconds since 1970-01-01 UTC (QEMU's
 * virt starts it at the host's time). ACPI describes no such device, so it is found the way
 * UEFI runtime services find theirs: firmware keeps the RTC mapped for GetTime(), so it appears
 * in the memory map as an EfiMemoryMappedIO region. Every small such region (a PrimeCell
 * occupies 4 KiB; firmware may round to 64 KiB) is probed for the PL031's peripheral and
 * PrimeCell IDs in the last words of its first 4 KiB; bigger ones (flash) are not touched. On
 * firmware that lists none, the QEMU virt address is tried the same way. Register names from
 * Linux's drivers/rtc/rtc-pl031.c, layout from the PL031 TRM.
 */
#include "drivers/rtc/arm/pl031.h"

#include "boot_info.h"
#include "mm/ioremap.h"
#include "printk.h"
#include "rtc.h"

#include <errno.h>

#include <asm/io.h>

#define RTC_DR 0x00	     /* data: the current count, seconds */
#define AMBA_PERIPH_ID 0xfe0 /* four registers, one byte each, low byte first */
#define AMBA_PCELL_ID 0xff0  /* likewise */
#define AMBA_PCELL_ID_VALUE 0xb105f00d
#define PL031_PERIPH_ID 0x00041031 /* part 0x031, designer 0x41 (Arm); revision masked */
#define AMBA_PERIPH_ID_MASK 0x000fffff
#define PL031_SIZE 0x1000
#define PL031_MAX_REGION 0x10000
#define PL031_QEMU_VIRT 0x09010000 /* QEMU's virt machine, when the memory map names nothing */

static void *pl031_base;

/* Four one-byte ID registers at off as one little-endian word. */
static u32 amba_id(const char *base, unsigned int off)
{
	u32 id = 0;

	for (unsigned int i = 0; i < 4; i++)
		id |= (readl(base + off + 4 * i) & 0xff) << (8 * i);
	return id;
}

/* Do these AMBA peripheral and PrimeCell IDs name a PL031 (any revision)? */
static bool pl031_ids_match(u32 periph_id, u32 pcell_id)
{
	return pcell_id == AMBA_PCELL_ID_VALUE &&
	       (periph_id & AMBA_PERIPH_ID_MASK) == PL031_PERIPH_ID;
}

/* Map pa and keep it when its ID registers say PL031. */
static bool pl031_probe(phys_addr_t pa)
{
	char *base = ioremap(pa, PL031_SIZE);

	if (!base || !pl031_ids_match(amba_id(base, AMBA_PERIPH_ID), amba_id(base, AMBA_PCELL_ID)))
		return false;
	pl031_base = base;
	return true;
}

static int pl031_read_time(struct rtc_device *rtc, struct rtc_time *tm)
{
	rtc_time64_to_tm(readl((char *)pl031_base + RTC_DR), tm);
	return 0;
}

static struct rtc_device pl031_rtc = {
	.name = "pl031",
	.read_time = pl031_read_time,
};

/* The PL031 among the memory map's small MMIO regions; 0 when none is. */
static phys_addr_t pl031_find(void)
{
	unsigned int nr;
	const struct boot_mem_region *r = boot_mem_regions(&nr);

	for (unsigned int i = 0; i < nr; i++)
		if (r[i].type == BOOT_MEM_MMIO && r[i].size <= PL031_MAX_REGION &&
		    pl031_probe(r[i].base))
			return r[i].base;
	return 0;
}

int pl031_init(void)
{
	phys_addr_t pa = pl031_find();
	const char *how = "UEFI runtime MMIO";

	if (!pa && pl031_probe(PL031_QEMU_VIRT)) {
		pa = PL031_QEMU_VIRT;
		how = "QEMU virt's address";
	}
	if (!pa) {
		printk("rtc: no PL031 found\n");
		return -ENODEV;
	}
	rtc_register(&pl031_rtc);
	printk("rtc: PL031 at %#llx (%s)\n", (unsigned long long)pa, how);
	return 0;
}
