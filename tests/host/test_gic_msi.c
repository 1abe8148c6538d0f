/*
 * Host tests for the arm64 MSI controllers' encoders (drivers/irqchip/arm/gic-v3-its.h,
 * gic-v2m.h): ITS commands and registers against values assembled by hand from the bit
 * positions in the GICv3 architecture specification (IHI 0069: MAPD, MAPC, MAPTI, INV, DISCARD,
 * SYNC; GITS_TYPER, GITS_BASER, GITS_CBASER, GICR_PROPBASER, GICR_PENDBASER), and the GICv2m
 * MSI_TYPER decode and SPI allocator.
 */
#include "drivers/irqchip/arm/gic-v2m.h"
#include "drivers/irqchip/arm/gic-v3-its.h"
#include "tap.h"

static void check_cmd(struct its_cmd_block c, u64 dw0, u64 dw1, u64 dw2)
{
	CHECK_EQ(c.raw[0], dw0);
	CHECK_EQ(c.raw[1], dw1);
	CHECK_EQ(c.raw[2], dw2);
	CHECK_EQ(c.raw[3], 0);
}

TEST(its_cmd_mapd)
{
	/* DeviceID 63:32, command 0x08; Size 4:0 = bits - 1; ITT_addr 51:8; Valid 63 */
	check_cmd(its_build_mapd(0x0108, 0x12345600, 8, true), 0x0000010800000008, 0x7,
		  0x8000000012345600);
	check_cmd(its_build_mapd(0xfe00, 0x000f000000000100, 5, true), 0x0000fe0000000008, 0x4,
		  0x800f000000000100);
	check_cmd(its_build_mapd(0x0108, 0, 1, false), 0x0000010800000008, 0, 0);
}

TEST(its_cmd_mapc)
{
	/* ICID 15:0, RDbase 51:16 (processor number, or the 64 KiB aligned address), Valid 63 */
	check_cmd(its_build_mapc(3, 5 << 16, true), 0x09, 0, 0x8000000000050003);
	check_cmd(its_build_mapc(0, 0x80a0000, true), 0x09, 0, 0x80000000080a0000);
	check_cmd(its_build_mapc(0, 0x000fffff080a0000, true), 0x09, 0, 0x800fffff080a0000);
}

TEST(its_cmd_mapti_inv_discard_sync)
{
	/* MAPTI: EventID 31:0 and pINTID 63:32 of DW1, ICID 15:0 of DW2 */
	check_cmd(its_build_mapti(0xfe00, 5, 8197, 2), 0x0000fe000000000a, 0x0000200500000005, 2);
	check_cmd(its_build_event_cmd(GITS_CMD_INV, 1, 2), 0x000000010000000c, 2, 0);
	check_cmd(its_build_event_cmd(GITS_CMD_DISCARD, 0x10, 0xff), 0x000000100000000f, 0xff, 0);
	check_cmd(its_build_sync(5 << 16), 0x05, 0, 0x50000);
}

TEST(its_typer_decode)
{
	/* QEMU's ITS: Physical, ITT entries of 12 bytes, 16 EventID and 16 DeviceID bits */
	struct its_typer t = its_typer_decode(0x1 | 11 << 4 | 15 << 8 | 15 << 13);

	CHECK_EQ(t.itt_entry_size, 12);
	CHECK_EQ(t.id_bits, 16);
	CHECK_EQ(t.dev_bits, 16);
	CHECK(!t.pta);
	CHECK_EQ(t.hcc, 0);
	t = its_typer_decode(BIT(19) | 7 << 4 | 4 << 8 | 31 << 13 | 0x10UL << 24);
	CHECK_EQ(t.itt_entry_size, 8);
	CHECK_EQ(t.id_bits, 5);
	CHECK_EQ(t.dev_bits, 32);
	CHECK(t.pta);
	CHECK_EQ(t.hcc, 0x10);
}

TEST(its_baser_encode)
{
	/* read-only Type 58:56 (device) and Entry_Size 52:48 (8 bytes); OuterCache 55:53 not kept */
	u64 read = 1UL << 56 | 7UL << 48 | 7UL << 53;

	CHECK_EQ(GITS_BASER_TYPE(read), GITS_BASER_TYPE_DEVICE);
	CHECK_EQ(GITS_BASER_ENTRY_SIZE(read), 8);
	/* Valid 63, InnerCache 61:59 = 7, Shareability 11:10 = 1, Page_Size 9:8, Size 7:0 */
	CHECK_EQ(its_baser_encode(read, 0x40010000, 0x10000, 8, GIC_CACHE_RAWAWB,
				  GIC_INNER_SHAREABLE),
		 0xb907000040010607);
	CHECK_EQ(its_baser_encode(read, 0x40004000, 0x4000, 256, GIC_CACHE_NC, GIC_NON_SHAREABLE),
		 0x89070000400041ff);
	CHECK_EQ(its_baser_encode(0, 0x1000, 0x1000, 1, GIC_CACHE_RAWAWB, GIC_INNER_SHAREABLE),
		 0xb800000000001400);
	/* 64 KiB pages: address bits 51:48 in 15:12 */
	CHECK_EQ(its_baser_encode(0, 0x000f000040010000, 0x10000, 1, GIC_CACHE_RAWAWB,
				  GIC_INNER_SHAREABLE),
		 0xb80000004001f600);
	CHECK_EQ(its_baser_page_bytes(0x000), 0x1000);
	CHECK_EQ(its_baser_page_bytes(0x100), 0x4000);
	CHECK_EQ(its_baser_page_bytes(0x200), 0x10000);
}

TEST(its_cbaser_and_redistributor_lpi_tables)
{
	/* CBASER: Valid 63, InnerCache 61:59, PA 51:12, Shareability 11:10, Size 7:0 */
	CHECK_EQ(its_cbaser_encode(0x40100000, 16, GIC_CACHE_RAWAWB, GIC_INNER_SHAREABLE),
		 0xb80000004010040f);
	/* PROPBASER: PA 51:12, Shareability 11:10, InnerCache 9:7, IDbits 4:0 = bits - 1 */
	CHECK_EQ(gicr_propbaser_encode(0x40200000, 14, GIC_CACHE_RAWAWB, GIC_INNER_SHAREABLE),
		 0x4020078d);
	/* PENDBASER: PA 51:16 */
	CHECK_EQ(gicr_pendbaser_encode(0x40210000, GIC_CACHE_NC, GIC_NON_SHAREABLE), 0x40210080);
	CHECK_EQ(gicr_pendbaser_encode(0x40218000, GIC_CACHE_RAWAWB, GIC_INNER_SHAREABLE),
		 0x40210780);
}

TEST(v2m_typer_decode)
{
	/* QEMU's virt frame: SPIs 48..111, base in 25:16, count in 9:0 */
	u32 typer = 48 << 16 | 64;

	CHECK_EQ(V2M_MSI_TYPER_BASE(typer), 48);
	CHECK_EQ(V2M_MSI_TYPER_NUM_SPI(typer), 64);
	CHECK_EQ(V2M_MSI_TYPER_BASE(0xfc000000 | 0x3ff << 16), 0x3ff);
	CHECK_EQ(V2M_MSI_TYPER_NUM_SPI(0xfffffc00 | 0x3ff), 0x3ff);
}

TEST(v2m_spi_allocator)
{
	static struct v2m_spis s;

	CHECK_EQ(v2m_spis_init(&s, 48, 64), 0);
	CHECK_EQ(v2m_spis_alloc(&s, 1), 48);
	CHECK_EQ(v2m_spis_alloc(&s, 3), 52); /* a block of 4, aligned */
	CHECK_EQ(v2m_spis_alloc(&s, 32), 64);
	CHECK_EQ(v2m_spis_alloc(&s, 32), -ENOSPC);
	CHECK_EQ(v2m_spis_alloc(&s, 0), -EINVAL);
	CHECK_EQ(v2m_spis_alloc(&s, 1), 49);
	v2m_spis_free(&s, 48, 1);
	CHECK_EQ(v2m_spis_alloc(&s, 1), 48); /* reused */
	v2m_spis_free(&s, 64, 32);
	CHECK_EQ(v2m_spis_alloc(&s, 16), 64);
	CHECK_EQ(v2m_spis_alloc(&s, 16), 80);
	CHECK_EQ(v2m_spis_alloc(&s, 16), 96); /* the last SPIs, 96..111 */
	CHECK_EQ(v2m_spis_alloc(&s, 16), -ENOSPC);

	/* a base that is not a multiple of 32: the blocks are still aligned in INTID terms */
	CHECK_EQ(v2m_spis_init(&s, 50, 10), 0);
	CHECK_EQ(v2m_spis_alloc(&s, 2), 50);
	CHECK_EQ(v2m_spis_alloc(&s, 4), 52);
	CHECK_EQ(v2m_spis_alloc(&s, 4), 56);
	CHECK_EQ(v2m_spis_alloc(&s, 1), -ENOSPC);

	/* clamped to the SPI INTIDs */
	CHECK_EQ(v2m_spis_init(&s, 1016, 100), 0);
	CHECK_EQ(v2m_spis_alloc(&s, 4), 1016);
	CHECK_EQ(v2m_spis_alloc(&s, 1), -ENOSPC);
	CHECK_EQ(v2m_spis_init(&s, 0, 32), -EINVAL);
	CHECK_EQ(v2m_spis_alloc(&s, 1), -ENOSPC);
}
