/*
 * GICv2m: an MSI frame in front of a GIC distributor. A device raises SPI n by writing n to the
 * frame's MSI_SETSPI_NS register; the frame owns a contiguous range of SPIs given by MSI_TYPER,
 * or by the MADT's GIC MSI frame subtable when its flag says so (Arm Server Base System
 * Architecture, GICv2m appendix; Linux drivers/irqchip/irq-gic-v2m.c).
 * The decode and the SPI allocator are header-inline so the host tests run them.
 */
#ifndef PAGODA_DRIVERS_IRQCHIP_ARM_GIC_V2M_H
#define PAGODA_DRIVERS_IRQCHIP_ARM_GIC_V2M_H

#include <bitmap.h>
#include <errno.h>

#include "types.h"

#define V2M_MSI_TYPER 0x008
#define V2M_MSI_SETSPI_NS 0x040
#define V2M_FRAME_SIZE 0x1000

#define V2M_MSI_TYPER_BASE(typer) (((typer) >> 16) & 0x3ff)
#define V2M_MSI_TYPER_NUM_SPI(typer) ((typer)&0x3ff)

/* SPIs are INTIDs 32..1019. */
#define V2M_SPI_FIRST 32
#define V2M_SPI_END 1020

/* Multi-message MSI: at most 32 vectors, whose data must be a naturally aligned block. */
#define V2M_MULTI_MSI_MAX 32

/*
 * A frame's SPIs and which are handed out. Bit i stands for INTID first + i, where first is the
 * frame's base rounded down to a multiple of V2M_MULTI_MSI_MAX and the bits below the base are
 * kept set: a naturally aligned block of bits is then a naturally aligned block of INTIDs (the
 * data multi-message MSI ORs its vector number into), whatever the frame's base.
 */
struct v2m_spis {
	u32 first;
	u32 bits;
	DECLARE_BITMAP(used, V2M_SPI_END);
};

/*
 * Set s up for SPIs [base, base + count), clamped to the SPI INTID range. Returns 0, or -EINVAL
 * when no SPI is left (s then hands nothing out).
 */
static inline int v2m_spis_init(struct v2m_spis *s, u32 base, u32 count)
{
	u32 end = MIN(base + count, (u32)V2M_SPI_END);

	base = MAX(base, (u32)V2M_SPI_FIRST);
	*s = (struct v2m_spis){ 0 };
	if (base >= end)
		return -EINVAL;
	s->first = ALIGN_DOWN(base, V2M_MULTI_MSI_MAX);
	s->bits = end - s->first;
	bitmap_set(s->used, 0, base - s->first);
	return 0;
}

/*
 * Hand out a naturally aligned block of nvec SPIs (nvec rounded up to a power of two). Returns
 * its first INTID, -EINVAL for nvec 0, or -ENOSPC when no such block is free (nothing changed).
 */
static inline int v2m_spis_alloc(struct v2m_spis *s, unsigned int nvec)
{
	int pos;

	if (!nvec)
		return -EINVAL;
	pos = bitmap_find_free_region(s->used, s->bits, get_count_order(nvec));
	return pos < 0 ? -ENOSPC : (int)(s->first + pos);
}

/* Return the block v2m_spis_alloc(s, nvec) gave at intid. */
static inline void v2m_spis_free(struct v2m_spis *s, u32 intid, unsigned int nvec)
{
	bitmap_release_region(s->used, intid - s->first, get_count_order(nvec));
}

/*
 * Find the first GIC MSI frame in the MADT and register it as the machine's MSI domain. Returns
 * 0; -ENODEV when the MADT has none or its SPI range is empty; -ENOMEM when it cannot be mapped.
 * On failure no domain is registered.
 */
int gicv2m_init(void);

#endif
