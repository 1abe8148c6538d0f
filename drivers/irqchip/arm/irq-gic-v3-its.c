/*
 * GICv3 ITS (see gic-v3-its.h) and the LPIs behind it, as the machine's MSI domain.
 *
 * Tables: flat, one level. DeviceIDs are PCI requester ids (bus << 8 | devfn) of segment 0, so
 * the device table needs 16 DeviceID bits (fewer if GITS_TYPER.Devbits says so): 65536 entries
 * of at most 32 bytes fit the 256 pages a GITS_BASER can describe once its page size is 16 or
 * 64 KiB, so a second level is never needed. The page size is the largest the register takes.
 * One collection (ICID 0) targets this CPU's redistributor. Each device gets an ITT of
 * ITS_EVENTS_PER_DEVICE EventIDs in one page when it first allocates, and loses it (MAPD
 * valid=0) when its last vector is freed. LPIs and EventIDs are handed out as naturally
 * aligned power-of-two blocks (multi-message MSI ORs the vector number into the EventID).
 *
 * Coherency: every table and the command queue live in normal write-back RAM, and the ITS and
 * redistributor are asked for inner-shareable write-back accesses. An implementation that cannot
 * snoop reads the Shareability field back as non-shareable; then the table is switched to
 * non-cacheable and every CPU write to it (commands, LPI configuration bytes, zeroed tables) is
 * cleaned to the point of coherency before the ITS is told to look (Linux does the same).
 *
 * Commands are synchronous: each batch ends with SYNC and is waited for (CREADR reaching
 * CWRITER, bounded); mask and unmask write the configuration byte and send INV.
 */
#include "drivers/acpi/madt.h"
#include "drivers/irqchip/arm/gic-v3-its.h"
#include "drivers/irqchip/arm/gic.h"
#include "irq.h"
#include "mm/ioremap.h"
#include "mm/page_alloc.h"
#include "msi.h"
#include "printk.h"

#include <bitmap.h>
#include <errno.h>
#include <string.h>

#include <asm/cacheflush.h>
#include <asm/io.h>

#define ITS_CMD_QUEUE_ORDER 4 /* 64 KiB: 2048 commands */
#define ITS_CMD_QUEUE_SIZE (PAGE_SIZE << ITS_CMD_QUEUE_ORDER)
#define ITS_CMD_POLLS 1000000 /* CREADR reads before a queue counts as stuck */
#define ITS_DEVICE_ID_BITS 16
#define ITS_ICID 0
#define ITS_EVENTS_PER_DEVICE 256 /* ITT entries are at most 16 bytes: one page */
#define ITS_MAX_DEVICES 64
/* LPI INTIDs up to GIC_FIRST_LPI + GIC_NR_LPIS - 1 need 14 bits. */
#define LPI_ID_BITS 14
#define LPI_PEND_ORDER 4 /* the pending table must be 64 KiB aligned */

struct its_device {
	u32 dev_id;
	unsigned int nr_vectors; /* 0: the slot is free */
	void *itt;
	unsigned int event_bits;
	DECLARE_BITMAP(events, ITS_EVENTS_PER_DEVICE);
};

/* What an LPI is to the ITS: the chip data of its irq. */
struct its_lpi {
	struct its_device *dev;
	u32 event;
};

/* Whether CPU writes to a table must be cleaned to memory for the ITS or redistributor. */
enum its_flush { ITS_COHERENT, ITS_FLUSH };

static struct its_node {
	phys_addr_t phys;
	void *base;
	struct its_typer typer;
	unsigned int device_id_bits; /* what the device table covers */
	u64 target;		     /* the redistributor in MAPC and SYNC */
	struct its_cmd_block *cmds;
	u32 cwriter;
	enum its_flush cmds_flush;
	u8 *prop_table;
	enum its_flush prop_flush;
	DECLARE_BITMAP(lpi_used, GIC_NR_LPIS);
	struct its_lpi lpis[GIC_NR_LPIS];
	struct its_device devices[ITS_MAX_DEVICES];
} its;

static void its_flush_range(enum its_flush flush, const void *va, size_t size)
{
	if (flush == ITS_FLUSH)
		dcache_clean_inval_poc((unsigned long)va, (unsigned long)va + size);
}

/*
 * 1 << order zeroed pages for the ITS or the redistributor, or NULL. Cleaned to memory
 * whatever the coherency turns out to be: a dirty line evicted later would overwrite what a
 * non-snooping ITS wrote there.
 */
static void *its_alloc_table(unsigned int order)
{
	struct page *page = alloc_pages(order);
	void *va;

	if (!page)
		return NULL;
	va = page_address(page);
	memset(va, 0, PAGE_SIZE << order);
	its_flush_range(ITS_FLUSH, va, PAGE_SIZE << order);
	return va;
}

static u32 its_creadr(void)
{
	return (u32)readq((char *)its.base + GITS_CREADR);
}

/*
 * Queue cmds[0..n) and wait until the ITS has read them all. Returns 0; -EBUSY when an earlier
 * batch is still unread (nothing queued); -EIO when the ITS stalled on a command error;
 * -ETIMEDOUT when it stopped reading. Either of the last two is printed and leaves the queue
 * as it is: later calls see -EBUSY until the ITS catches up.
 */
static int its_send(const struct its_cmd_block *cmds, unsigned int n)
{
	u32 creadr = its_creadr();

	if ((creadr & GITS_CQUEUE_OFFSET_MASK) != its.cwriter)
		return -EBUSY;
	for (unsigned int i = 0; i < n; i++) {
		struct its_cmd_block *slot = &its.cmds[its.cwriter / sizeof(*slot)];

		*slot = cmds[i];
		its_flush_range(its.cmds_flush, slot, sizeof(*slot));
		its.cwriter = (its.cwriter + sizeof(*slot)) % ITS_CMD_QUEUE_SIZE;
	}
	writeq(its.cwriter, (char *)its.base + GITS_CWRITER);
	for (unsigned int poll = 0; poll < ITS_CMD_POLLS; poll++) {
		creadr = its_creadr();
		if (creadr & GITS_CREADR_STALLED) {
			printk("ITS: command error, queue stalled at %#x\n",
			       creadr & (u32)GITS_CQUEUE_OFFSET_MASK);
			return -EIO;
		}
		if ((creadr & GITS_CQUEUE_OFFSET_MASK) == its.cwriter)
			return 0;
	}
	printk("ITS: command queue stuck at %#x, CWRITER %#x\n",
	       creadr & (u32)GITS_CQUEUE_OFFSET_MASK, its.cwriter);
	return -ETIMEDOUT;
}

/* cmd, then SYNC so that its effect has reached the redistributor. */
static int its_send_synced(struct its_cmd_block cmd)
{
	const struct its_cmd_block batch[] = { cmd, its_build_sync(its.target) };

	return its_send(batch, ARRAY_SIZE(batch));
}

/* ------------------------------------------------------------ LPI configuration */

static u8 *lpi_prop(u32 intid)
{
	return &its.prop_table[intid - GIC_FIRST_LPI];
}

/* Write the LPI's configuration byte and have the ITS reload it (INV). */
static void its_lpi_set_enabled(struct irq_data *d, u8 enable)
{
	const struct its_lpi *lpi = d->chip_data;
	u8 *prop = lpi_prop((u32)d->hwirq);

	*prop = LPI_PROP_PRIORITY | LPI_PROP_RES1 | enable;
	its_flush_range(its.prop_flush, prop, 1);
	its_send_synced(its_build_event_cmd(GITS_CMD_INV, lpi->dev->dev_id, lpi->event));
}

static void its_irq_mask(struct irq_data *d)
{
	its_lpi_set_enabled(d, 0);
}

static void its_irq_unmask(struct irq_data *d)
{
	its_lpi_set_enabled(d, LPI_PROP_ENABLED);
}

static void its_compose_msi_msg(struct irq_data *d, struct msi_msg *msg)
{
	const struct its_lpi *lpi = d->chip_data;
	phys_addr_t addr = its.phys + GITS_TRANSLATER;

	msg->address_lo = (u32)addr;
	msg->address_hi = (u32)(addr >> 32);
	msg->data = lpi->event;
}

static const struct irq_chip its_chip = {
	.name = "ITS",
	.irq_mask = its_irq_mask,
	.irq_unmask = its_irq_unmask,
	.irq_eoi = gic_irq_eoi,
	.irq_compose_msi_msg = its_compose_msi_msg,
};

/* ------------------------------------------------------------------ devices */

/* The device slot for dev_id, or with create a new one mapped by MAPD; NULL when none. */
static struct its_device *its_find_device(u32 dev_id)
{
	for (unsigned int i = 0; i < ITS_MAX_DEVICES; i++)
		if (its.devices[i].nr_vectors && its.devices[i].dev_id == dev_id)
			return &its.devices[i];
	return NULL;
}

/*
 * Give dev_id an ITT and map it (MAPD). Returns the device with no vectors yet counted, or NULL
 * (no free slot, no memory, or the command failed; nothing is left mapped).
 */
static struct its_device *its_create_device(u32 dev_id)
{
	struct its_device *dev = NULL;
	void *itt;

	if (dev_id >> its.device_id_bits)
		return NULL;
	for (unsigned int i = 0; i < ITS_MAX_DEVICES && !dev; i++)
		if (!its.devices[i].nr_vectors && !its.devices[i].itt)
			dev = &its.devices[i];
	if (!dev)
		return NULL;
	itt = its_alloc_table(0);
	if (!itt)
		return NULL;
	*dev = (struct its_device){
		.dev_id = dev_id,
		.itt = itt,
		.event_bits = MIN(its.typer.id_bits,
				  (unsigned int)get_count_order(ITS_EVENTS_PER_DEVICE)),
	};
	if (its_send_synced(its_build_mapd(dev_id, __pa(itt), dev->event_bits, true))) {
		__free_page(phys_to_page(__pa(itt)));
		*dev = (struct its_device){ 0 };
		return NULL;
	}
	return dev;
}

/* The device's last vector went: unmap it and free its ITT. */
static void its_destroy_device(struct its_device *dev)
{
	if (its_send_synced(its_build_mapd(dev->dev_id, 0, 1, false)) == 0)
		__free_page(phys_to_page(__pa(dev->itt)));
	/* else the ITS may still use the ITT: keep the page (lost), free the slot */
	*dev = (struct its_device){ 0 };
}

/* Undo one vector: DISCARD its event, release its LPI and EventID. */
static void its_free_vector(struct its_device *dev, u32 event, u32 intid)
{
	its_send_synced(its_build_event_cmd(GITS_CMD_DISCARD, dev->dev_id, event));
	gic_v3_release_lpi(intid);
	its.lpis[intid - GIC_FIRST_LPI] = (struct its_lpi){ 0 };
}

/*
 * Claim LPIs intid.. for events event.. of dev, nvec of them, each with MAPTI. The irqs must
 * come out consecutive (the GIC hands out one per claim). Returns the first irq, or a negative
 * errno with every vector of this call undone.
 */
static int its_map_vectors(struct its_device *dev, u32 event, u32 intid, unsigned int nvec)
{
	int first = -1;

	for (unsigned int i = 0; i < nvec; i++) {
		struct its_lpi *lpi = &its.lpis[intid + i - GIC_FIRST_LPI];
		int irq, err;

		*lpi = (struct its_lpi){ .dev = dev, .event = event + i };
		*lpi_prop(intid + i) = LPI_PROP_PRIORITY | LPI_PROP_RES1; /* masked */
		its_flush_range(its.prop_flush, lpi_prop(intid + i), 1);
		irq = gic_v3_claim_lpi(intid + i, &its_chip, lpi);
		if (irq >= 0 && i == 0)
			first = irq;
		err = irq < 0 ? irq : irq != first + (int)i ? -ENOSPC : 0;
		if (!err)
			err = its_send_synced(
				its_build_mapti(dev->dev_id, event + i, intid + i, ITS_ICID));
		if (err) {
			if (irq >= 0)
				gic_v3_release_lpi(intid + i);
			*lpi = (struct its_lpi){ 0 };
			for (unsigned int j = 0; j < i; j++)
				its_free_vector(dev, event + j, intid + j);
			return err;
		}
	}
	return first;
}

static int its_alloc(u32 dev_id, unsigned int nvec)
{
	struct its_device *dev = its_find_device(dev_id);
	unsigned int order = get_count_order(nvec);
	int event, lpi, irq;

	if (!nvec)
		return -EINVAL;
	if (!dev)
		dev = its_create_device(dev_id);
	if (!dev)
		return -ENOSPC;
	event = bitmap_find_free_region(dev->events, 1U << dev->event_bits, order);
	lpi = bitmap_find_free_region(its.lpi_used, GIC_NR_LPIS, order);
	irq = event < 0 || lpi < 0 ? -ENOSPC :
				     its_map_vectors(dev, event, GIC_FIRST_LPI + lpi, nvec);
	if (irq >= 0) {
		dev->nr_vectors += nvec;
		return irq;
	}
	if (event >= 0)
		bitmap_release_region(dev->events, event, order);
	if (lpi >= 0)
		bitmap_release_region(its.lpi_used, lpi, order);
	if (!dev->nr_vectors)
		its_destroy_device(dev);
	return irq;
}

static void its_free(u32 dev_id, unsigned int irq, unsigned int nvec)
{
	struct irq_data *d = irq_get_irq_data(irq);
	unsigned int order = get_count_order(nvec);
	struct its_device *dev;
	u32 intid, event;

	if (!d || d->chip != &its_chip)
		return;
	dev = ((struct its_lpi *)d->chip_data)->dev;
	intid = (u32)d->hwirq;
	event = ((struct its_lpi *)d->chip_data)->event;
	for (unsigned int i = 0; i < nvec; i++)
		its_free_vector(dev, event + i, intid + i);
	bitmap_release_region(dev->events, event, order);
	bitmap_release_region(its.lpi_used, intid - GIC_FIRST_LPI, order);
	dev->nr_vectors -= MIN(nvec, dev->nr_vectors);
	if (!dev->nr_vectors)
		its_destroy_device(dev);
}

static const struct msi_domain its_domain = {
	.name = "ITS",
	.alloc = its_alloc,
	.free = its_free,
};

/* ------------------------------------------------------------------- set-up */

/*
 * Write val to the 64-bit register at reg with the given shareability and read back what the
 * hardware kept. When it says non-shareable, write it again non-cacheable (a write-back
 * attribute without shareability gives nothing coherent) and report that CPU writes need flushing.
 */
static enum its_flush gic_write_baser(void *reg, u64 val, unsigned int cache_shift)
{
	writeq(val, reg);
	if (readq(reg) & GIC_BASER_SHAREABILITY_MASK)
		return ITS_COHERENT;
	val &= ~(GIC_BASER_SHAREABILITY_MASK | 7UL << cache_shift);
	writeq(val | (u64)GIC_CACHE_NC << cache_shift, reg);
	return ITS_FLUSH;
}

/*
 * Give GITS_BASER<n> a flat table for up to 2^bits entries of its type, at the largest page size
 * the register takes. Returns the number of index bits the table covers (fewer than bits only
 * when 256 pages cannot hold 2^bits entries), -ENODEV when no page size is taken, or -ENOMEM.
 */
static int its_setup_baser(unsigned int n, unsigned int bits)
{
	static const unsigned long page_sizes[] = { 0x10000, 0x4000, 0x1000 };
	void *reg = (char *)its.base + GITS_BASER(n);
	u64 baser = readq(reg);
	unsigned long entry = GITS_BASER_ENTRY_SIZE(baser), psz = 0, bytes;
	void *table;

	for (unsigned int i = 0; i < ARRAY_SIZE(page_sizes) && !psz; i++) {
		/* probed invalid: the ITS reads nothing while it is off and Valid is clear */
		writeq(its_baser_encode(baser, 0, page_sizes[i], 1, GIC_CACHE_RAWAWB,
					GIC_INNER_SHAREABLE) &
			       ~GITS_BASER_VALID,
		       reg);
		if (its_baser_page_bytes(readq(reg)) == page_sizes[i])
			psz = page_sizes[i];
	}
	writeq(0, reg);
	if (!psz)
		return -ENODEV;
	while ((entry << bits) > psz * GITS_BASER_PAGES_MAX)
		bits--;
	bytes = ALIGN_UP(entry << bits, psz);
	table = its_alloc_table(get_count_order(bytes / PAGE_SIZE));
	if (!table)
		return -ENOMEM;
	gic_write_baser(reg,
			its_baser_encode(baser, __pa(table), psz, bytes / psz, GIC_CACHE_RAWAWB,
					 GIC_INNER_SHAREABLE),
			GITS_BASER_INNER_CACHE_SHIFT);
	return bits;
}

/*
 * The device and collection tables; other table types (vPEs) stay invalid. Sets the DeviceIDs
 * the device table covers. Returns 0 or a negative errno.
 */
static int its_setup_tables(void)
{
	for (unsigned int n = 0; n < GITS_BASER_NR; n++) {
		u64 baser = readq((char *)its.base + GITS_BASER(n));
		int bits = 0;

		if (GITS_BASER_TYPE(baser) == GITS_BASER_TYPE_DEVICE) {
			bits = its_setup_baser(n, MIN(its.typer.dev_bits, ITS_DEVICE_ID_BITS));
			its.device_id_bits = MAX(bits, 0);
		} else if (GITS_BASER_TYPE(baser) == GITS_BASER_TYPE_COLLECTION && !its.typer.hcc) {
			bits = its_setup_baser(n, 1);
		}
		if (bits < 0)
			return bits;
	}
	return 0;
}

static int its_setup_cmd_queue(void)
{
	void *queue = its_alloc_table(ITS_CMD_QUEUE_ORDER);

	if (!queue)
		return -ENOMEM;
	its.cmds = queue;
	its.cmds_flush =
		gic_write_baser((char *)its.base + GITS_CBASER,
				its_cbaser_encode(__pa(queue), ITS_CMD_QUEUE_SIZE / PAGE_SIZE,
						  GIC_CACHE_RAWAWB, GIC_INNER_SHAREABLE),
				GITS_BASER_INNER_CACHE_SHIFT);
	writeq(0, (char *)its.base + GITS_CWRITER);
	its.cwriter = 0;
	return 0;
}

/*
 * This CPU's redistributor: configuration and pending tables, then EnableLPIs. Returns 0;
 * -ENODEV without LPI support, -EBUSY when LPIs are already on, -ENOMEM.
 */
static int its_setup_lpis(void)
{
	char *rdist = gic_v3_rdist_base();
	void *pend;

	if (!rdist || !(gic_v3_rdist_typer() & GICR_TYPER_PLPIS))
		return -ENODEV;
	if (readl(rdist + GICR_CTLR) & GICR_CTLR_ENABLE_LPIS)
		return -EBUSY;
	its.prop_table = its_alloc_table(get_count_order(BIT(LPI_ID_BITS) / PAGE_SIZE));
	pend = its_alloc_table(LPI_PEND_ORDER);
	if (!its.prop_table || !pend)
		return -ENOMEM;
	its.prop_flush =
		gic_write_baser(rdist + GICR_PROPBASER,
				gicr_propbaser_encode(__pa(its.prop_table), LPI_ID_BITS,
						      GIC_CACHE_RAWAWB, GIC_INNER_SHAREABLE),
				GICR_BASER_INNER_CACHE_SHIFT);
	gic_write_baser(rdist + GICR_PENDBASER,
			gicr_pendbaser_encode(__pa(pend), GIC_CACHE_RAWAWB, GIC_INNER_SHAREABLE),
			GICR_BASER_INNER_CACHE_SHIFT);
	writel(readl(rdist + GICR_CTLR) | GICR_CTLR_ENABLE_LPIS, rdist + GICR_CTLR);
	return 0;
}

/* Disable the ITS and wait until it is quiescent, as required before programming it. */
static int its_quiesce(void)
{
	writel(readl((char *)its.base + GITS_CTLR) & ~GITS_CTLR_ENABLE,
	       (char *)its.base + GITS_CTLR);
	for (unsigned int poll = 0; poll < ITS_CMD_POLLS; poll++)
		if (readl((char *)its.base + GITS_CTLR) & GITS_CTLR_QUIESCENT)
			return 0;
	return -ETIMEDOUT;
}

static int its_find(const struct acpi_subtable_header *header, void *priv)
{
	*(const struct acpi_madt_generic_translator **)priv =
		(const struct acpi_madt_generic_translator *)header;
	return 1; /* the first one */
}

/*
 * Set the ITS up and register it (its_init() without the report). The target redistributor is
 * named by its processor number: an ITS with GITS_TYPER.PTA set (physical addresses) is not
 * driven, as the GIC driver does not give out the redistributor's physical address.
 */
static int its_probe(void)
{
	const struct acpi_madt_generic_translator *madt = NULL;
	int err;

	if (gic_version() != 3)
		return -ENODEV;
	acpi_table_parse_madt(ACPI_MADT_TYPE_GENERIC_TRANSLATOR, its_find, &madt);
	if (!madt)
		return -ENODEV;
	its.phys = madt->base_address;
	its.base = ioremap(its.phys, GITS_SIZE);
	if (!its.base)
		return -ENOMEM;
	its.typer = its_typer_decode(readq((char *)its.base + GITS_TYPER));
	if (its.typer.pta)
		return -ENODEV;
	its.target = GICR_TYPER_PROCESSOR_NUMBER(gic_v3_rdist_typer()) << 16;
	err = its_quiesce();
	if (!err)
		err = its_setup_lpis();
	if (!err)
		err = its_setup_tables();
	if (!err)
		err = its_setup_cmd_queue();
	if (err)
		return err;
	writel(readl((char *)its.base + GITS_CTLR) | GITS_CTLR_ENABLE,
	       (char *)its.base + GITS_CTLR);
	return its_send_synced(its_build_mapc(ITS_ICID, its.target, true));
}

int its_init(void)
{
	int err = its_probe();

	if (err) {
		if (err != -ENODEV)
			printk("ITS: not used (error %d)\n", err);
		return err;
	}
	msi_set_domain(&its_domain);
	printk("ITS: at %#llx, %u DeviceID bits, %u EventID bits, ITT entries of %u bytes\n",
	       (unsigned long long)its.phys, its.device_id_bits, its.typer.id_bits,
	       its.typer.itt_entry_size);
	return 0;
}
