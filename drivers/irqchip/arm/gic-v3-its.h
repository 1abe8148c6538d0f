/*
 * The GICv3 Interrupt Translation Service: a device writes an EventID to GITS_TRANSLATER; the ITS
 * looks the writer's DeviceID up in its device table, finds that device's interrupt translation
 * table (ITT), and the ITT entry for the EventID names an LPI and a collection, which names the
 * redistributor that gets the LPI. Software fills those tables through a command queue in memory.
 * Register and command layouts from the Arm GICv3/v4 architecture specification (IHI 0069),
 * Linux's names (include/linux/irqchip/arm-gic-v3.h). The encoders are header-inline so the host
 * tests check them against the specification's bit positions.
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_ARM_GIC_V3_ITS_H
#define PAGODA_DRIVERS_IRQCHIP_ARM_GIC_V3_ITS_H

#include "types.h"

/* ITS control frame (64 KiB), then the translation frame with GITS_TRANSLATER. */
#define GITS_CTLR 0x0000
#define GITS_TYPER 0x0008
#define GITS_CBASER 0x0080
#define GITS_CWRITER 0x0088
#define GITS_CREADR 0x0090
#define GITS_BASER(n) (0x0100 + 8 * (n))
#define GITS_BASER_NR 8
#define GITS_TRANSLATER 0x10040
#define GITS_SIZE 0x20000

#define GITS_CTLR_ENABLE BIT(0)
#define GITS_CTLR_QUIESCENT BIT(31)

#define GITS_CREADR_STALLED BIT(0)
#define GITS_CQUEUE_OFFSET_MASK GENMASK(19, 5)

/* Memory attributes shared by GITS_BASER, GITS_CBASER, GICR_PROPBASER and GICR_PENDBASER. */
#define GIC_BASER_SHAREABILITY_SHIFT 10
#define GIC_BASER_SHAREABILITY_MASK (3UL << GIC_BASER_SHAREABILITY_SHIFT)
enum gic_shareability { GIC_NON_SHAREABLE = 0, GIC_INNER_SHAREABLE = 1 };
enum gic_cacheability { GIC_CACHE_NC = 1, GIC_CACHE_RAWAWB = 7 };
#define GITS_BASER_INNER_CACHE_SHIFT 59 /* also GITS_CBASER */
#define GITS_BASER_INNER_CACHE_MASK (7UL << GITS_BASER_INNER_CACHE_SHIFT)

#define GITS_BASER_VALID BIT(63)
#define GITS_BASER_INDIRECT BIT(62)
#define GITS_BASER_TYPE(baser) (((baser) >> 56) & 7)
#define GITS_BASER_ENTRY_SIZE(baser) ((((baser) >> 48) & 0x1f) + 1)
#define GITS_BASER_PAGE_SIZE_SHIFT 8
#define GITS_BASER_PAGE_SIZE_MASK (3UL << GITS_BASER_PAGE_SIZE_SHIFT)
#define GITS_BASER_PAGES_MAX 256 /* the Size field counts pages - 1 in 8 bits */
enum gits_baser_type {
	GITS_BASER_TYPE_NONE = 0,
	GITS_BASER_TYPE_DEVICE = 1,
	GITS_BASER_TYPE_COLLECTION = 4,
};

/* The Page_Size encodings, 0 4 KiB, 1 16 KiB, 2 64 KiB: the table's granule. */
static inline unsigned long its_baser_page_bytes(u64 baser)
{
	static const unsigned long bytes[] = { 0x1000, 0x4000, 0x10000, 0x10000 };

	return bytes[(baser & GITS_BASER_PAGE_SIZE_MASK) >> GITS_BASER_PAGE_SIZE_SHIFT];
}

/*
 * A GITS_BASER value: a valid flat table of type at pa (aligned to page_bytes), pages granules of
 * page_bytes (1..256), with the given inner cacheability and shareability. With 64 KiB pages
 * address bits 51:48 go to bits 15:12. Entry size and type are read-only in the register but
 * are written back as read.
 */
static inline u64 its_baser_encode(u64 read, phys_addr_t pa, unsigned long page_bytes,
				   unsigned int pages, enum gic_cacheability cache,
				   enum gic_shareability share)
{
	u64 psz = page_bytes == 0x10000 ? 2 : page_bytes == 0x4000 ? 1 : 0;
	u64 addr = pa & GENMASK(47, 12);

	if (psz == 2)
		addr |= ((pa >> 48) & 0xf) << 12;
	return GITS_BASER_VALID | (u64)cache << GITS_BASER_INNER_CACHE_SHIFT |
	       (read & (GENMASK(58, 56) | GENMASK(52, 48))) | addr |
	       (u64)share << GIC_BASER_SHAREABILITY_SHIFT | psz << GITS_BASER_PAGE_SIZE_SHIFT |
	       (pages - 1);
}

/* GITS_CBASER: a valid command queue of pages 4 KiB pages (1..256) at pa (4 KiB aligned). */
static inline u64 its_cbaser_encode(phys_addr_t pa, unsigned int pages, enum gic_cacheability cache,
				    enum gic_shareability share)
{
	return GITS_BASER_VALID | (u64)cache << GITS_BASER_INNER_CACHE_SHIFT |
	       (pa & GENMASK(51, 12)) | (u64)share << GIC_BASER_SHAREABILITY_SHIFT | (pages - 1);
}

/* GITS_TYPER, decoded. */
struct its_typer {
	unsigned int itt_entry_size; /* bytes per ITT entry */
	unsigned int id_bits;	     /* EventID bits */
	unsigned int dev_bits;	     /* DeviceID bits */
	bool pta;		     /* collections target redistributors by physical address */
	unsigned int hcc;	     /* collections held in the ITS without a table */
};

static inline struct its_typer its_typer_decode(u64 typer)
{
	return (struct its_typer){
		.itt_entry_size = ((typer >> 4) & 0xf) + 1,
		.id_bits = ((typer >> 8) & 0x1f) + 1,
		.dev_bits = ((typer >> 13) & 0x1f) + 1,
		.pta = typer & BIT(19),
		.hcc = (typer >> 24) & 0xff,
	};
}

/* ------------------------------------------------------ LPIs in a redistributor */

/* The LPI registers of a redistributor's RD_base frame. */
#define GICR_CTLR 0x0000
#define GICR_CTLR_ENABLE_LPIS BIT(0)
#define GICR_TYPER_PLPIS BIT(0)
#define GICR_TYPER_PROCESSOR_NUMBER(typer) (((typer) >> 8) & 0xffff)
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_BASER_INNER_CACHE_SHIFT 7

/*
 * One byte per LPI in the configuration table, from INTID 8192: priority in bits 7:2, bit 1
 * RES1, bit 0 enable. The priority is the GIC driver's default, under its priority mask.
 */
#define LPI_PROP_PRIORITY 0xa0
#define LPI_PROP_RES1 BIT(1)
#define LPI_PROP_ENABLED BIT(0)

/* GICR_PROPBASER: the configuration table at pa (4 KiB aligned) for INTIDs below 2^id_bits. */
static inline u64 gicr_propbaser_encode(phys_addr_t pa, unsigned int id_bits,
					enum gic_cacheability cache, enum gic_shareability share)
{
	return (pa & GENMASK(51, 12)) | (u64)share << GIC_BASER_SHAREABILITY_SHIFT |
	       (u64)cache << GICR_BASER_INNER_CACHE_SHIFT | (id_bits - 1);
}

/* GICR_PENDBASER: the pending table at pa (64 KiB aligned). */
static inline u64 gicr_pendbaser_encode(phys_addr_t pa, enum gic_cacheability cache,
					enum gic_shareability share)
{
	return (pa & GENMASK(51, 16)) | (u64)share << GIC_BASER_SHAREABILITY_SHIFT |
	       (u64)cache << GICR_BASER_INNER_CACHE_SHIFT;
}

/* ------------------------------------------------------------------ commands */

/* One 32-byte command, four little-endian doublewords. */
struct its_cmd_block {
	u64 raw[4];
};

enum its_cmd_nr {
	GITS_CMD_SYNC = 0x05,
	GITS_CMD_MAPD = 0x08,
	GITS_CMD_MAPC = 0x09,
	GITS_CMD_MAPTI = 0x0a,
	GITS_CMD_INV = 0x0c,
	GITS_CMD_DISCARD = 0x0f,
};

/* Put val into bits [hi:lo] of *dw. */
static inline void its_mask_encode(u64 *dw, u64 val, unsigned int hi, unsigned int lo)
{
	u64 mask = GENMASK(hi, lo);

	*dw = (*dw & ~mask) | ((val << lo) & mask);
}

/* A command with its number (DW0 7:0) and DeviceID (DW0 63:32). */
static inline struct its_cmd_block its_cmd(enum its_cmd_nr nr, u32 dev_id)
{
	struct its_cmd_block c = { { 0 } };

	its_mask_encode(&c.raw[0], nr, 7, 0);
	its_mask_encode(&c.raw[0], dev_id, 63, 32);
	return c;
}

/*
 * The redistributor a collection or SYNC names (DW2 51:16): its physical address when
 * GITS_TYPER.PTA is set, else its processor number (GICR_TYPER) shifted left by 16, as the
 * caller computes target.
 */
static inline void its_encode_target(struct its_cmd_block *c, u64 target)
{
	its_mask_encode(&c->raw[2], target >> 16, 51, 16);
}

/* MAPD: device dev_id's ITT at itt_pa (256-byte aligned) for 2^event_bits events, or unmap. */
static inline struct its_cmd_block its_build_mapd(u32 dev_id, phys_addr_t itt_pa,
						  unsigned int event_bits, bool valid)
{
	struct its_cmd_block c = its_cmd(GITS_CMD_MAPD, dev_id);

	its_mask_encode(&c.raw[1], event_bits - 1, 4, 0);
	its_mask_encode(&c.raw[2], itt_pa >> 8, 51, 8);
	its_mask_encode(&c.raw[2], valid, 63, 63);
	return c;
}

/* MAPC: collection icid delivers to the redistributor target (see its_encode_target). */
static inline struct its_cmd_block its_build_mapc(u16 icid, u64 target, bool valid)
{
	struct its_cmd_block c = its_cmd(GITS_CMD_MAPC, 0);

	its_mask_encode(&c.raw[2], icid, 15, 0);
	its_encode_target(&c, target);
	its_mask_encode(&c.raw[2], valid, 63, 63);
	return c;
}

/* MAPTI: event of dev_id raises LPI intid through collection icid. */
static inline struct its_cmd_block its_build_mapti(u32 dev_id, u32 event, u32 intid, u16 icid)
{
	struct its_cmd_block c = its_cmd(GITS_CMD_MAPTI, dev_id);

	its_mask_encode(&c.raw[1], event, 31, 0);
	its_mask_encode(&c.raw[1], intid, 63, 32);
	its_mask_encode(&c.raw[2], icid, 15, 0);
	return c;
}

/* INV (reload the LPI's configuration byte) or DISCARD (unmap the event) for dev_id's event. */
static inline struct its_cmd_block its_build_event_cmd(enum its_cmd_nr nr, u32 dev_id, u32 event)
{
	struct its_cmd_block c = its_cmd(nr, dev_id);

	its_mask_encode(&c.raw[1], event, 31, 0);
	return c;
}

/* SYNC: every earlier command's effect on redistributor target is visible. */
static inline struct its_cmd_block its_build_sync(u64 target)
{
	struct its_cmd_block c = its_cmd(GITS_CMD_SYNC, 0);

	its_encode_target(&c, target);
	return c;
}

/*
 * Find the ITS in the MADT (type 15), give it its tables and command queue, turn on LPIs in this
 * CPU's redistributor and register the ITS as the machine's MSI domain. Returns 0; -ENODEV when
 * the MADT has no ITS or the GIC is not a v3 with LPIs; -EBUSY when firmware left LPIs enabled
 * (their tables cannot be replaced); -ENOMEM; -ETIMEDOUT when the ITS does not quiesce or run
 * commands. On failure no domain is registered; memory given to the ITS before the failure is
 * not taken back, as the ITS may still read it.
 */
int its_init(void);

#endif
