/*
 * GICv2: the memory-mapped CPU interface (GICC) of the MADT's GICC entry for this CPU, and
 * SPIs routed by GICD_ITARGETSR. Interrupts are Group 0 where the GIC lets the kernel choose
 * (no security extensions, as on QEMU's virt): a Group 1 interrupt read through such a GIC's IAR
 * reads as 1022 unless AckCtl is set, and Group 0 signals IRQ while GICC_CTLR.FIQEn is clear.
 * Where the kernel runs non-secure on a GIC with security extensions, IGROUPR ignores the write,
 * firmware has made everything Group 1, and bit 0 of both CTLRs enables Group 1.
 */
#include "drivers/irqchip/arm/gic-internal.h"

#include "mm/ioremap.h"
#include "printk.h"

#include <errno.h>

#include <asm/io.h>

#define GICD_ITARGETSR 0x0800
#define GICD_SGIR 0x0f00
#define GICD_SGIR_TO_SELF (2U << 24) /* TargetListFilter: only the CPU that writes */
#define GICD_CTLR_ENABLE BIT(0)

#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_CTLR_ENABLE BIT(0)
#define GICC_IAR_INTID(iar) ((iar)&0x3ff)
#define GICC_SIZE 0x2000 /* GICC_DIR is at 0x1000 */

/*
 * The IAR of each SGI being handled: its EOIR write must repeat the source CPU (bits 12:10)
 * the IAR gave. Handlers are not re-entered, so one value per SGI suffices.
 */
static u32 sgi_iar[GIC_NR_SGIS];
static u8 cpu_target; /* this CPU's bit in GICD_ITARGETSR */

static u32 gic_v2_ack(void)
{
	u32 iar = readl((char *)gic.cpu_base + GICC_IAR);
	u32 intid = GICC_IAR_INTID(iar);

	if (intid < GIC_NR_SGIS)
		sgi_iar[intid] = iar;
	return intid;
}

static void gic_v2_eoi(u32 intid)
{
	writel(intid < GIC_NR_SGIS ? sgi_iar[intid] : intid, (char *)gic.cpu_base + GICC_EOIR);
}

static void gic_v2_send_sgi_self(u32 intid)
{
	writel(GICD_SGIR_TO_SELF | intid, (char *)gic.dist + GICD_SGIR);
}

static void gic_v2_route_spi(u32 intid)
{
	writeb(cpu_target, (char *)gic.dist + GICD_ITARGETSR + intid);
}

static const struct gic_ops gic_v2_ops = {
	.ack = gic_v2_ack,
	.eoi = gic_v2_eoi,
	.send_sgi_self = gic_v2_send_sgi_self,
	.route_spi = gic_v2_route_spi,
};

/*
 * This CPU's target bit: the banked GICD_ITARGETSR0-7 read as it. A uniprocessor GIC reads them
 * as zero and ignores writes, which then is harmless.
 */
static u8 gic_v2_cpu_target(void *dist)
{
	for (unsigned int i = 0; i < 32; i += 4) {
		u32 val = readl((char *)dist + GICD_ITARGETSR + i);

		val |= val >> 16;
		val |= val >> 8;
		if (val & 0xff)
			return val & 0xff;
	}
	return 0;
}

int gic_v2_init(const struct acpi_gic_info *info, void *dist)
{
	void *cpu;

	if (!info->have_gicc || !info->cpu_base)
		return -ENODEV;
	cpu = ioremap(info->cpu_base, GICC_SIZE);
	if (!cpu)
		return -ENOMEM;
	writel(0, (char *)cpu + GICC_CTLR);
	writel(0, (char *)dist + GICD_CTLR);
	gic.dist = dist;
	gic.sgi_base = dist;
	gic.cpu_base = cpu;
	gic.nr_lines = gic_dist_lines(dist);
	gic.ops = &gic_v2_ops;
	cpu_target = gic_v2_cpu_target(dist);
	gic_config_banked(dist, 0);
	gic_config_spis(dist, gic.nr_lines, 0);
	for (u32 i = GIC_FIRST_SPI; i < gic.nr_lines; i++)
		gic_v2_route_spi(i);
	writel(GICD_CTLR_ENABLE, (char *)dist + GICD_CTLR);
	writel(GIC_DEF_PMR, (char *)cpu + GICC_PMR);
	writel(0, (char *)cpu + GICC_BPR);
	writel(GICC_CTLR_ENABLE, (char *)cpu + GICC_CTLR);
	printk("irq: GICv2 dist %#llx, cpu %#llx, %u SPIs", (unsigned long long)info->dist_base,
	       (unsigned long long)info->cpu_base, gic.nr_lines - GIC_FIRST_SPI);
	if (info->msi_frame_base)
		printk(", v2m %#llx", (unsigned long long)info->msi_frame_base);
	printk("\n");
	return 0;
}
