/*
 * GICv3 (and a GICv4 driven as one): affinity routing (ARE_NS), every interrupt Group 1
 * Non-secure, SPIs routed to this CPU by GICD_IROUTER, this CPU's redistributor found in the
 * MADT (its GICC entry, or by walking the GICR ranges for the frame whose GICR_TYPER affinity
 * is ours), woken, and its SGIs and PPIs set up in the SGI_base frame; the CPU interface is the
 * system-register one (ICC_*_EL1). When the loader entered at EL2, it set ICC_SRE_EL2.Enable so
 * that EL1 may turn the system registers on (docs/arm64-el2.md).
 */
#include "drivers/irqchip/arm/gic-internal.h"

#include "mm/ioremap.h"
#include "printk.h"

#include <errno.h>

#include <asm/io.h>
#include <asm/sysreg.h>

#define GICD_CTLR_RWP BIT(31) /* a write to CTLR or ICENABLER is still taking effect */
#define GICD_CTLR_ARE_NS BIT(4)
#define GICD_CTLR_ENABLE_G1A BIT(1)
#define GICD_CTLR_ENABLE_G1 BIT(0)
#define GICD_IROUTER 0x6000 /* 64 bits per INTID */

#define GICR_CTLR 0x0000
#define GICR_CTLR_RWP BIT(3)
#define GICR_TYPER 0x0008
#define GICR_TYPER_VLPIS BIT(1) /* GICv4: two more 64 KiB frames follow */
#define GICR_TYPER_LAST BIT(4)	/* the last redistributor of its range */
#define GICR_TYPER_AFFINITY(typer) ((u32)((typer) >> 32))
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)
#define GICR_PIDR2 0xffe8
#define GICR_FRAME_SIZE 0x10000 /* RD_base, then SGI_base */
#define GICR_SGI_BASE GICR_FRAME_SIZE

#define ICC_SRE_SRE BIT(0)
#define ICC_IAR_INTID(iar) ((iar)&0xffffff)
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF1_SHIFT 16
#define ICC_SGI1R_AFF2_SHIFT 32
#define ICC_SGI1R_RS_SHIFT 44
#define ICC_SGI1R_AFF3_SHIFT 48

/* How many register reads a write may take to reach the hardware, or a redistributor to wake. */
#define GIC_POLLS 1000000

static u64 this_mpidr;

static int gic_v3_poll(void *reg, u32 bit, bool want_set)
{
	for (unsigned int i = 0; i < GIC_POLLS; i++)
		if (!(readl(reg) & bit) == !want_set)
			return 0;
	return -ETIMEDOUT;
}

static void gic_v3_rwp_wait(u32 intid)
{
	if (intid < GIC_FIRST_SPI)
		gic_v3_poll((char *)gic.rdist + GICR_CTLR, GICR_CTLR_RWP, false);
	else
		gic_v3_poll((char *)gic.dist + GICD_CTLR, GICD_CTLR_RWP, false);
}

static u32 gic_v3_ack(void)
{
	u64 iar = read_sysreg(icc_iar1_el1);

	asm volatile("dsb sy" : : : "memory"); /* device state read after the ack sees it */
	return ICC_IAR_INTID(iar);
}

static void gic_v3_eoi(u32 intid)
{
	write_sysreg(intid, icc_eoir1_el1);
	isb();
}

/*
 * ICC_SGI1R_EL1 names targets as Aff3.Aff2.Aff1 plus a 16-bit list of Aff0 values, offset by
 * RS * 16 (range selector).
 */
static void gic_v3_send_sgi_self(u32 intid)
{
	u64 aff0 = this_mpidr & 0xff;
	u64 val = (u64)intid << ICC_SGI1R_INTID_SHIFT |
		  ((this_mpidr >> 8) & 0xff) << ICC_SGI1R_AFF1_SHIFT |
		  ((this_mpidr >> 16) & 0xff) << ICC_SGI1R_AFF2_SHIFT |
		  (aff0 >> 4) << ICC_SGI1R_RS_SHIFT |
		  ((this_mpidr >> 32) & 0xff) << ICC_SGI1R_AFF3_SHIFT | BIT(aff0 & 0xf);

	asm volatile("dsb ishst" : : : "memory"); /* memory the handler reads, written first */
	write_sysreg(val, icc_sgi1r_el1);
	isb();
}

/* GICD_IROUTER takes MPIDR's affinity fields in place (Interrupt_Routing_Mode 0: one CPU). */
static void gic_v3_route_spi(u32 intid)
{
	writeq(this_mpidr & MPIDR_HWID_MASK, (char *)gic.dist + GICD_IROUTER + intid * 8);
}

static const struct gic_ops gic_v3_ops = {
	.ack = gic_v3_ack,
	.eoi = gic_v3_eoi,
	.send_sgi_self = gic_v3_send_sgi_self,
	.rwp_wait = gic_v3_rwp_wait,
	.route_spi = gic_v3_route_spi,
};

/* MPIDR's affinity as GICR_TYPER[63:32] holds it: Aff3.Aff2.Aff1.Aff0. */
static u32 gic_v3_typer_affinity(u64 mpidr)
{
	return (u32)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
}

/*
 * This CPU's RD_base in the range [pa, pa + len): frames follow one another (two 64 KiB
 * frames each, four on a GICv4 with virtual LPIs) until one says it is the last. Sets
 * gic.rdist, gic.rdist_typer and *rdist_pa. -ENODEV when the range holds none for this CPU.
 */
static int gic_v3_find_rdist(u64 pa, u64 len, u64 *rdist_pa)
{
	char *range = ioremap(pa, len);
	u32 aff = gic_v3_typer_affinity(this_mpidr);

	if (!range)
		return -ENOMEM;
	for (u64 off = 0; off + 2 * GICR_FRAME_SIZE <= len;) {
		u64 typer = readq(range + off + GICR_TYPER);
		u32 arch = GIC_PIDR2_ARCH(readl(range + off + GICR_PIDR2));

		if (arch != 3 && arch != 4)
			break;
		if (GICR_TYPER_AFFINITY(typer) == aff) {
			gic.rdist = range + off;
			gic.rdist_typer = typer;
			*rdist_pa = pa + off;
			return 0;
		}
		if (typer & GICR_TYPER_LAST)
			break;
		off += (typer & GICR_TYPER_VLPIS ? 4 : 2) * GICR_FRAME_SIZE;
	}
	return -ENODEV;
}

/* The redistributor of this CPU: from its GICC entry when it names one, else the ranges. */
static int gic_v3_rdist_probe(const struct acpi_gic_info *info, u64 *rdist_pa)
{
	if (info->have_gicc && info->gicc_gicr_base)
		return gic_v3_find_rdist(info->gicc_gicr_base, 2 * GICR_FRAME_SIZE, rdist_pa);
	for (unsigned int i = 0; i < info->nr_gicr; i++)
		if (!gic_v3_find_rdist(info->gicr[i].base, info->gicr[i].length, rdist_pa))
			return 0;
	return -ENODEV;
}

/* Tell the redistributor this CPU is awake, so that it forwards interrupts to it. */
static int gic_v3_rdist_wake(void)
{
	char *waker = (char *)gic.rdist + GICR_WAKER;

	writel(readl(waker) & ~GICR_WAKER_PROCESSOR_SLEEP, waker);
	return gic_v3_poll(waker, GICR_WAKER_CHILDREN_ASLEEP, false);
}

static void gic_v3_dist_init(void *dist)
{
	writel(0, (char *)dist + GICD_CTLR);
	gic_v3_poll((char *)dist + GICD_CTLR, GICD_CTLR_RWP, false);
	gic_config_spis(dist, gic.nr_lines, ~0U);
	writel(GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1,
	       (char *)dist + GICD_CTLR);
	gic_v3_poll((char *)dist + GICD_CTLR, GICD_CTLR_RWP, false);
	for (u32 i = GIC_FIRST_SPI; i < gic.nr_lines; i++)
		gic_v3_route_spi(i);
}

/*
 * Switch this CPU's interface to system registers and open it: everything through the priority
 * mask, no preemption groups, EOI both drops the priority and deactivates. -ENODEV when SRE does
 * not stick (a hypervisor or EL2 firmware that keeps the memory-mapped interface).
 */
static int gic_v3_cpu_init(void)
{
	write_sysreg(read_sysreg(icc_sre_el1) | ICC_SRE_SRE, icc_sre_el1);
	isb();
	if (!(read_sysreg(icc_sre_el1) & ICC_SRE_SRE))
		return -ENODEV;
	write_sysreg(GIC_DEF_PMR, icc_pmr_el1);
	write_sysreg(0, icc_bpr1_el1);
	write_sysreg(0, icc_ctlr_el1);
	write_sysreg(1, icc_igrpen1_el1);
	isb();
	return 0;
}

int gic_v3_init(const struct acpi_gic_info *info, void *dist)
{
	u64 rdist_pa = 0;
	int err;

	this_mpidr = gic_read_mpidr();
	err = gic_v3_rdist_probe(info, &rdist_pa);
	if (err)
		return err;
	err = gic_v3_cpu_init();
	if (err)
		return err;
	gic.dist = dist;
	gic.sgi_base = (char *)gic.rdist + GICR_SGI_BASE;
	gic.nr_lines = gic_dist_lines(dist);
	gic.ops = &gic_v3_ops;
	gic_v3_dist_init(dist);
	err = gic_v3_rdist_wake();
	if (err)
		return err;
	gic_config_banked(gic.sgi_base, ~0U);
	gic_v3_rwp_wait(0);
	printk("irq: GICv3 dist %#llx, redist %#llx, %u SPIs", (unsigned long long)info->dist_base,
	       (unsigned long long)rdist_pa, gic.nr_lines - GIC_FIRST_SPI);
	if (info->its_base)
		printk(", ITS %#llx", (unsigned long long)info->its_base);
	printk("\n");
	return 0;
}
