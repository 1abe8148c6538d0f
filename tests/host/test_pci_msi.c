/*
 * MSI and MSI-X programming (drivers/pci/msi.c) on a fake function: a config space whose
 * read-only bits stay as the "hardware" set them, an MSI-X table on the fake memory bus, and a
 * fake MSI domain whose chip composes messages the test can predict. Every check reads the
 * fake's registers, not what msi.c remembers.
 */
#include <errno.h>
#include <string.h>

#include "drivers/pci/pci.h"
#include "host_io.h"
#include "irq.h"
#include "msi.h"
#include "tap.h"

#define CAP_PM 0x40
#define CAP_MSI 0x50
#define CAP_MSIX 0x70
#define TABLE_PA 0xfe001000UL
#define TABLE_SIZE 8
#define MSG_ADDR_LO 0xfee00000u
#define MSG_ADDR_HI 0x12u
#define MSG_DATA_BASE 0x40u

struct fake_msi_fn {
	struct pci_host host;
	struct pci_dev dev;
	struct host_io_dev io;
	u8 cfg[256];
	u8 ro[256]; /* bits the function ignores writes to */
	u32 table[TABLE_SIZE][4];
	unsigned int allocs, frees, free_irq_base, free_nvec;
	u32 alloc_dev_id;
	bool alloc_fails;
};

static struct fake_msi_fn fake;

static u32 fake_cfg_read(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size)
{
	u32 v = 0;

	memcpy(&v, &fake.cfg[where], size);
	return v;
}

static void fake_cfg_write(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size,
			   u32 val)
{
	for (unsigned int i = 0; i < size; i++) {
		u8 b = (u8)(val >> (8 * i)), ro = fake.ro[where + i];

		fake.cfg[where + i] = (fake.cfg[where + i] & ro) | (b & ~ro);
	}
}

static const struct pci_ops fake_cfg_ops = { .read = fake_cfg_read, .write = fake_cfg_write };

static u32 *table_word(u64 addr)
{
	u64 off = addr - TABLE_PA;

	return off < sizeof(fake.table) ? &fake.table[off / 16][(off % 16) / 4] : NULL;
}

static u32 fake_mem_read(struct host_io_dev *io, enum host_io_space space, u64 addr,
			 unsigned int size)
{
	u32 *w = table_word(addr);

	return w ? *w : ~0U;
}

static void fake_mem_write(struct host_io_dev *io, enum host_io_space space, u64 addr,
			   unsigned int size, u32 val)
{
	u32 *w = table_word(addr);

	CHECK(w != NULL); /* msi.c never writes outside the table */
	if (w)
		*w = val;
}

/* ------------------------------------------------------------------ fake MSI domain */

static void fake_compose(struct irq_data *d, struct msi_msg *msg)
{
	msg->address_lo = MSG_ADDR_LO;
	msg->address_hi = MSG_ADDR_HI;
	msg->data = MSG_DATA_BASE + (u32)d->hwirq;
}

static void fake_nop(struct irq_data *d)
{
}

static const struct irq_chip fake_msi_chip = {
	.name = "FAKE-MSI",
	.irq_mask = fake_nop,
	.irq_unmask = fake_nop,
	.irq_ack = fake_nop,
	.irq_compose_msi_msg = fake_compose,
};

static unsigned int next_hwirq;

static int fake_alloc(u32 dev_id, unsigned int nvec)
{
	int irq;

	if (fake.alloc_fails)
		return -ENOSPC;
	fake.alloc_dev_id = dev_id;
	irq = irq_alloc_descs(nvec);
	if (irq < 0)
		return irq;
	for (unsigned int i = 0; i < nvec; i++)
		irq_set_chip_and_handler(irq + i, &fake_msi_chip, handle_edge_irq, next_hwirq + i,
					 NULL);
	next_hwirq += nvec;
	fake.allocs++;
	return irq;
}

static void fake_free(u32 dev_id, unsigned int irq, unsigned int nvec)
{
	fake.frees++;
	fake.free_irq_base = irq;
	fake.free_nvec = nvec;
	irq_free_descs(irq, nvec);
}

static const struct msi_domain fake_domain = { "FAKE", fake_alloc, fake_free };

/* ------------------------------------------------------------------ the function */

static void put(u16 where, unsigned int size, u32 val, u32 ro)
{
	memcpy(&fake.cfg[where], &val, size);
	memcpy(&fake.ro[where], &ro, size);
}

/*
 * A function with a PM capability first, then MSI (flags: 64-bit, mask bits, Multiple Message
 * Capable as given), then optionally MSI-X with a TABLE_SIZE table in BAR2 at TABLE_PA.
 */
static struct pci_dev *fake_fn(u16 msi_flags, bool with_msix)
{
	memset(&fake, 0, sizeof(fake));
	memset(fake.ro, 0xff, sizeof(fake.ro));
	fake.host = (struct pci_host){ .ops = &fake_cfg_ops };
	fake.io = (struct host_io_dev){ .read = fake_mem_read, .write = fake_mem_write };
	host_io = &fake.io;
	put(PCI_VENDOR_ID, 4, 0x11e81234, ~0U);
	put(PCI_COMMAND, 2, PCI_COMMAND_MEMORY, 0);
	put(PCI_STATUS, 2, PCI_STATUS_CAP_LIST, ~0U);
	put(PCI_CAPABILITY_LIST, 1, CAP_PM, ~0U);
	put(CAP_PM, 2, PCI_CAP_ID_PM | CAP_MSI << 8, ~0U);
	put(CAP_MSI, 2, PCI_CAP_ID_MSI | (with_msix ? CAP_MSIX : 0) << 8, ~0U);
	/* Message Control: only enable and Multiple Message Enable are writable. */
	put(CAP_MSI + PCI_MSI_FLAGS, 2, msi_flags,
	    ~(u32)(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE));
	for (u16 reg = 4; reg < 0x18; reg += 4)
		put(CAP_MSI + reg, 4, 0, 0); /* address, data, mask, pending: writable */
	if (with_msix) {
		put(CAP_MSIX, 2, PCI_CAP_ID_MSIX, ~0U);
		put(CAP_MSIX + PCI_MSIX_FLAGS, 2, TABLE_SIZE - 1,
		    ~(u32)(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
		put(CAP_MSIX + PCI_MSIX_TABLE, 4, 0x1000 | 2, ~0U);
		put(CAP_MSIX + PCI_MSIX_PBA, 4, 0x1800 | 2, ~0U);
	}
	fake.dev = (struct pci_dev){ .host = &fake.host, .bus = 1, .dev = 2, .nr_bars = 6 };
	fake.dev.bar[2] =
		(struct pci_bar){ PCI_BAR_MEM64, false, true, false, TABLE_PA - 0x1000, 0x4000 };
	for (unsigned int i = 0; i < TABLE_SIZE; i++)
		fake.table[i][3] = PCI_MSIX_ENTRY_CTRL_MASKBIT; /* masked at reset */
	msi_set_domain(&fake_domain);
	return &fake.dev;
}

static u32 cfg32(u16 where)
{
	return fake_cfg_read(NULL, 0, 0, where, 4);
}

static u16 cfg16(u16 where)
{
	return (u16)fake_cfg_read(NULL, 0, 0, where, 2);
}

static void fake_done(void)
{
	msi_set_domain(NULL);
	host_io = NULL;
}

/* The message of irq through the chip, as the domain composed it. */
static u32 data_of(int irq)
{
	struct msi_msg msg;

	CHECK_EQ(irq_compose_msi_msg(irq, &msg), 0);
	return msg.data;
}

TEST(pci_msi_64bit_programmed_and_freed)
{
	struct pci_dev *dev = fake_fn(PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT, false);
	u16 flags;
	int irq;

	CHECK_EQ(pci_find_capability(dev, PCI_CAP_ID_MSI), CAP_MSI); /* behind PM */
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_MSIX), 1);
	irq = pci_irq_vector(dev, 0);
	CHECK(irq >= 0);
	CHECK_EQ(pci_irq_vector(dev, 1), -EINVAL);
	CHECK_EQ(cfg32(CAP_MSI + PCI_MSI_ADDRESS_LO), MSG_ADDR_LO);
	CHECK_EQ(cfg32(CAP_MSI + PCI_MSI_ADDRESS_HI), MSG_ADDR_HI);
	CHECK_EQ(cfg16(CAP_MSI + PCI_MSI_DATA_64), data_of(irq));
	CHECK_EQ(cfg32(CAP_MSI + PCI_MSI_MASK_64), ~1U);
	flags = cfg16(CAP_MSI + PCI_MSI_FLAGS);
	CHECK(flags & PCI_MSI_FLAGS_ENABLE);
	CHECK_EQ(flags & PCI_MSI_FLAGS_QSIZE, 0);
	CHECK(cfg16(PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
	CHECK(cfg16(PCI_COMMAND) & PCI_COMMAND_MASTER);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), -EINVAL); /* already has them */

	pci_free_irq_vectors(dev);
	CHECK_EQ(cfg16(CAP_MSI + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_ENABLE, 0);
	CHECK_EQ(cfg32(CAP_MSI + PCI_MSI_MASK_64), ~0U);
	CHECK_EQ(cfg16(PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE, 0);
	CHECK_EQ(fake.frees, 1);
	CHECK_EQ(fake.free_irq_base, irq);
	CHECK_EQ(fake.free_nvec, 1);
	CHECK(irq_get_irq_data(irq) == NULL);
	CHECK_EQ(pci_irq_vector(dev, 0), -EINVAL);
	pci_free_irq_vectors(dev); /* nothing left to free */
	CHECK_EQ(fake.frees, 1);
	fake_done();
}

TEST(pci_msi_32bit_data_at_its_offset)
{
	struct pci_dev *dev = fake_fn(0, false);
	int irq;

	put(CAP_MSI + PCI_MSI_DATA_64, 4, 0x5a5a5a5a, 0); /* past a 32-bit capability */
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 4, PCI_IRQ_MSI), 1);
	irq = pci_irq_vector(dev, 0);
	CHECK_EQ(cfg32(CAP_MSI + PCI_MSI_ADDRESS_LO), MSG_ADDR_LO);
	CHECK_EQ(cfg16(CAP_MSI + PCI_MSI_DATA_32), data_of(irq));
	CHECK_EQ(cfg32(CAP_MSI + PCI_MSI_DATA_64), 0x5a5a5a5a);
	CHECK(cfg16(CAP_MSI + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_ENABLE);
	pci_free_irq_vectors(dev);
	fake_done();
}

TEST(pci_msi_multiple_message_power_of_two_within_capable)
{
	/* Multiple Message Capable 3: 8 vectors. */
	struct pci_dev *dev = fake_fn(PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT | 3 << 1, false);
	int irq;

	CHECK_EQ(pci_alloc_irq_vectors(dev, 2, 5, PCI_IRQ_MSI), 4);
	CHECK_EQ(cfg16(CAP_MSI + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_QSIZE, 2 << 4);
	CHECK_EQ(cfg32(CAP_MSI + PCI_MSI_MASK_64), ~0xfU);
	irq = pci_irq_vector(dev, 0);
	for (unsigned int i = 1; i < 4; i++) {
		CHECK_EQ(pci_irq_vector(dev, i), irq + i);
		CHECK_EQ(data_of(irq + i), data_of(irq) + i); /* the function adds the vector */
	}
	pci_free_irq_vectors(dev);
	CHECK_EQ(fake.free_nvec, 4);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 32, PCI_IRQ_MSI), 8);
	pci_free_irq_vectors(dev);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 5, 7, PCI_IRQ_MSI), -ENOSPC); /* 4 < 5, 8 > 7 */
	CHECK_EQ(fake.allocs, 2);
	fake_done();
}

TEST(pci_msi_failure_leaves_function_untouched)
{
	struct pci_dev *dev = fake_fn(PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT | 1 << 1, true);
	u8 before[256];
	u32 table_before[TABLE_SIZE][4];

	memcpy(before, fake.cfg, sizeof(before));
	memcpy(table_before, fake.table, sizeof(table_before));
	CHECK_EQ(pci_alloc_irq_vectors(dev, 0, 1, PCI_IRQ_MSI), -EINVAL);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 2, 1, PCI_IRQ_MSI), -EINVAL);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, 0), -EINVAL);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 3, 3, PCI_IRQ_MSI), -ENOSPC);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 9, 9, PCI_IRQ_MSIX), -ENOSPC);
	fake.alloc_fails = true;
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_MSIX), -ENOSPC);
	fake.alloc_fails = false;
	msi_set_domain(NULL);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_MSIX), -ENODEV);
	CHECK(memcmp(before, fake.cfg, sizeof(before)) == 0);
	CHECK(memcmp(table_before, fake.table, sizeof(table_before)) == 0);
	CHECK_EQ(dev->irq_mode, PCI_IRQ_MODE_NONE);
	CHECK_EQ(fake.frees, 0);

	put(PCI_STATUS, 2, 0, ~0U); /* no capability list at all */
	msi_set_domain(&fake_domain);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_MSIX), -EINVAL);
	fake_done();
}

TEST(pci_msix_preferred_table_programmed_and_freed)
{
	struct pci_dev *dev = fake_fn(PCI_MSI_FLAGS_64BIT, true);
	u16 ctrl;
	int irq;

	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 3, PCI_IRQ_MSI | PCI_IRQ_MSIX), 3);
	CHECK_EQ(dev->irq_mode, PCI_IRQ_MODE_MSIX);
	CHECK_EQ(cfg16(CAP_MSI + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_ENABLE, 0);
	ctrl = cfg16(CAP_MSIX + PCI_MSIX_FLAGS);
	CHECK(ctrl & PCI_MSIX_FLAGS_ENABLE);
	CHECK_EQ(ctrl & PCI_MSIX_FLAGS_MASKALL, 0);
	CHECK(cfg16(PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
	CHECK(cfg16(PCI_COMMAND) & PCI_COMMAND_MASTER);
	irq = pci_irq_vector(dev, 0);
	for (unsigned int i = 0; i < TABLE_SIZE; i++) {
		bool used = i < 3;

		CHECK_EQ(fake.table[i][0], used ? MSG_ADDR_LO : 0);
		CHECK_EQ(fake.table[i][1], used ? MSG_ADDR_HI : 0);
		CHECK_EQ(fake.table[i][2], used ? data_of(irq + i) : 0);
		CHECK_EQ(fake.table[i][3], used ? 0 : PCI_MSIX_ENTRY_CTRL_MASKBIT);
	}
	pci_free_irq_vectors(dev);
	CHECK_EQ(cfg16(CAP_MSIX + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_ENABLE, 0);
	CHECK_EQ(cfg16(PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE, 0);
	for (unsigned int i = 0; i < TABLE_SIZE; i++)
		CHECK_EQ(fake.table[i][3], PCI_MSIX_ENTRY_CTRL_MASKBIT);
	CHECK_EQ(fake.free_nvec, 3);

	/* The table's BAR without an address: MSI-X is unusable, MSI is the fallback. */
	dev->bar[2].assigned = false;
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 3, PCI_IRQ_MSI | PCI_IRQ_MSIX), 1);
	CHECK_EQ(dev->irq_mode, PCI_IRQ_MODE_MSI);
	CHECK_EQ(cfg16(CAP_MSIX + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_ENABLE, 0);
	pci_free_irq_vectors(dev);
	fake_done();
}

TEST(pci_find_next_capability_walks_every_vendor_capability)
{
	struct pci_dev *dev = fake_fn(0, false);

	/* PM -> vendor 0x60 -> MSI -> vendor 0x68 -> vendor 0x60 (a loop, as broken hardware) */
	put(CAP_PM + 1, 1, 0x60, ~0U);
	put(0x60, 2, PCI_CAP_ID_VNDR | CAP_MSI << 8, ~0U);
	put(CAP_MSI + 1, 1, 0x68, ~0U);
	put(0x68, 2, PCI_CAP_ID_VNDR | 0x60 << 8, ~0U);
	CHECK_EQ(pci_find_capability(dev, PCI_CAP_ID_VNDR), 0x60);
	CHECK_EQ(pci_find_next_capability(dev, 0x60, PCI_CAP_ID_VNDR), 0x68);
	CHECK_EQ(pci_find_next_capability(dev, 0x68, PCI_CAP_ID_VNDR), 0x60);
	CHECK_EQ(pci_find_next_capability(dev, 0x60, PCI_CAP_ID_MSI), CAP_MSI);
	CHECK_EQ(pci_find_next_capability(dev, 0x68, PCI_CAP_ID_EXP), 0); /* the loop ends */
	fake_done();
}

/* Bridges above the function, sharing the fake's config space: each its own PCIe capability. */
static struct pci_dev fake_bridge(struct pci_dev *parent, u8 bus, u8 dev, u8 secondary, u8 pcie_cap)
{
	return (struct pci_dev){ .host = &fake.host,
				 .parent = parent,
				 .bus = bus,
				 .dev = dev,
				 .secondary = secondary,
				 .pcie_cap = pcie_cap };
}

TEST(pci_msi_requester_id_is_what_reaches_the_root)
{
	struct pci_dev *dev = fake_fn(0, false);
	struct pci_dev root_port = fake_bridge(NULL, 0, 0x11, 2, 0x90);
	struct pci_dev pcie_pci = fake_bridge(&root_port, 2, 0, 3, 0xa0);
	struct pci_dev conventional = fake_bridge(NULL, 0, 0x1e, 4, 0);

	dev->segment = 1;
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1); /* on the root bus: its own */
	CHECK_EQ(fake.alloc_dev_id, 0x10000 | 1 << 8 | PCI_DEVFN(2, 0));
	pci_free_irq_vectors(dev);

	/* Behind a root port (type 4, passes ids through), then a PCIe to PCI bridge (type 7). */
	put(0x90 + PCI_EXP_FLAGS, 2, 4 << 4, ~0U);
	dev->parent = &root_port;
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	CHECK_EQ(fake.alloc_dev_id, 0x10000 | 1 << 8 | PCI_DEVFN(2, 0));
	pci_free_irq_vectors(dev);
	CHECK_EQ(fake.frees, 2);

	dev->parent = &pcie_pci;
	put(0xa0 + PCI_EXP_FLAGS, 2, PCI_EXP_TYPE_PCI_BRIDGE << 4, ~0U);
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	CHECK_EQ(fake.alloc_dev_id, 0x10000 | 3 << 8); /* the bridge's secondary bus, devfn 0 */
	pci_free_irq_vectors(dev);

	dev->parent = &conventional; /* a conventional PCI bridge forwards as itself */
	CHECK_EQ(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	CHECK_EQ(fake.alloc_dev_id, 0x10000 | PCI_DEVFN(0x1e, 0));
	pci_free_irq_vectors(dev);
	fake_done();
}
