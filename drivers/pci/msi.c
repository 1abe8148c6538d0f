/*
 * MSI and MSI-X (Linux drivers/pci/msi/): the function side of message-signalled interrupts.
 * The machine's MSI domain (include/msi.h) hands out irqs and composes the message each one
 * needs; this file writes those messages into the function's capability or MSI-X table and
 * turns the capability on.
 *
 * Which level masks: the irqs' own chip masks at the controller (disable_irq, the flows), as
 * every irq does. The function-level mask bits (MSI per-vector mask, MSI-X vector control and
 * Function Mask) only keep the function quiet while it is set up and after it is freed; while
 * the vectors are in use they stay clear.
 *
 * Hostable: config space through the host's accessor; the MSI-X table through
 * pci_msix_table_map/read/write (internal.h), MMIO in the kernel, a fake bus in the host tests.
 */
#include <errno.h>

#include "drivers/pci/internal.h"
#include "irq.h"
#include "msi.h"

static u16 pci_dev_id(const struct pci_dev *dev)
{
	return (u16)(dev->bus << 8 | PCI_DEVFN(dev->dev, dev->fn));
}

/* The device/port type of a PCI Express function. */
static unsigned int pcie_type(const struct pci_dev *dev)
{
	return (pci_config_readw(dev, dev->pcie_cap + PCI_EXP_FLAGS) & PCI_EXP_FLAGS_TYPE) >> 4;
}

/*
 * The requester id (segment in bits 16+) the function's message writes carry when they reach
 * the root (Linux: the last alias of pci_for_each_dma_alias). Bridges to conventional PCI take
 * ownership of what they forward: a PCI Express to PCI bridge as (its secondary bus, devfn 0),
 * a conventional bridge (or a PCI to PCI Express one) as itself. An ITS tells devices apart by
 * this id, so it must be what arrives, not the function's own.
 */
static u32 pci_msi_requester_id(const struct pci_dev *dev)
{
	u16 id = pci_dev_id(dev);

	for (const struct pci_dev *b = dev->parent; b; b = b->parent) {
		if (!b->pcie_cap)
			id = pci_dev_id(b); /* a conventional PCI bridge */
		else if (pcie_type(b) == PCI_EXP_TYPE_PCI_BRIDGE)
			id = (u16)(b->secondary << 8);
		else if (pcie_type(b) == PCI_EXP_TYPE_PCIE_BRIDGE)
			id = pci_dev_id(b);
	}
	return (u32)dev->segment << 16 | id;
}

static void pci_command_update(struct pci_dev *dev, u16 clear, u16 set)
{
	u16 cmd = pci_config_readw(dev, PCI_COMMAND);

	pci_config_writew(dev, PCI_COMMAND, (cmd & ~clear) | set);
}

/* Messages are on: INTx is never asserted beside them, and the message write needs mastering. */
static void pci_msi_start(struct pci_dev *dev, enum pci_irq_mode mode, int irq, unsigned int nvec)
{
	dev->intx_saved = pci_config_readw(dev, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
	pci_command_update(dev, 0, PCI_COMMAND_INTX_DISABLE | PCI_COMMAND_MASTER);
	dev->irq_mode = mode;
	dev->irq_base = irq;
	dev->nr_irq_vecs = nvec;
}

/* The largest power of two <= n (n >= 1). */
static unsigned int rounddown_pow_of_two(unsigned int n)
{
	return 1U << (31 - __builtin_clz(n));
}

/* ------------------------------------------------------------------------ MSI */

static bool msi_is_64bit(u16 flags)
{
	return flags & PCI_MSI_FLAGS_64BIT;
}

static u16 msi_mask_reg(u8 cap, u16 flags)
{
	return cap + (msi_is_64bit(flags) ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

/* Set the per-vector mask bits to mask, when the function has them. */
static void msi_set_mask(struct pci_dev *dev, u8 cap, u16 flags, u32 mask)
{
	if (flags & PCI_MSI_FLAGS_MASKBIT)
		pci_config_writel(dev, msi_mask_reg(cap, flags), mask);
}

/* Write the message into the capability: the function adds the vector number to data. */
static void msi_write_msg(struct pci_dev *dev, u8 cap, u16 flags, const struct msi_msg *msg)
{
	pci_config_writel(dev, cap + PCI_MSI_ADDRESS_LO, msg->address_lo);
	if (msi_is_64bit(flags)) {
		pci_config_writel(dev, cap + PCI_MSI_ADDRESS_HI, msg->address_hi);
		pci_config_writew(dev, cap + PCI_MSI_DATA_64, msg->data);
	} else {
		pci_config_writew(dev, cap + PCI_MSI_DATA_32, msg->data);
	}
}

/*
 * How many MSI vectors to ask for: a power of two within [min, max] and within Multiple Message
 * Capable, or -ENOSPC.
 */
static int msi_vec_count(u16 flags, unsigned int min, unsigned int max)
{
	unsigned int capable = 1U << ((flags & PCI_MSI_FLAGS_QMASK) >> 1);
	unsigned int nvec;

	if (capable > PCI_MSI_MAX_VECS)
		capable = PCI_MSI_MAX_VECS; /* reserved encodings 6 and 7 */
	nvec = rounddown_pow_of_two(max < capable ? max : capable);
	return nvec < min ? -ENOSPC : (int)nvec;
}

static int msi_capability_init(struct pci_dev *dev, const struct msi_domain *domain, u8 cap,
			       unsigned int min, unsigned int max)
{
	u16 flags = pci_config_readw(dev, cap + PCI_MSI_FLAGS);
	int nvec = msi_vec_count(flags, min, max);
	struct msi_msg msg;
	int irq, err;

	if (nvec < 0)
		return nvec;
	irq = domain->alloc(pci_msi_requester_id(dev), nvec);
	if (irq < 0)
		return irq;
	err = irq_compose_msi_msg(irq, &msg);
	if (err) {
		domain->free(pci_msi_requester_id(dev), irq, nvec);
		return err;
	}
	/* Off while the message changes, so the function never sends half of one. */
	flags &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
	pci_config_writew(dev, cap + PCI_MSI_FLAGS, flags);
	msi_set_mask(dev, cap, flags, ~0U);
	msi_write_msg(dev, cap, flags, &msg);
	pci_msi_start(dev, PCI_IRQ_MODE_MSI, irq, nvec);
	msi_set_mask(dev, cap, flags, ~0U << nvec);
	flags |= (u16)(__builtin_ctz(nvec) << 4) | PCI_MSI_FLAGS_ENABLE;
	pci_config_writew(dev, cap + PCI_MSI_FLAGS, flags);
	return nvec;
}

static void msi_shutdown(struct pci_dev *dev, u8 cap)
{
	u16 flags = pci_config_readw(dev, cap + PCI_MSI_FLAGS);

	msi_set_mask(dev, cap, flags, ~0U);
	flags &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
	pci_config_writew(dev, cap + PCI_MSI_FLAGS, flags);
}

/* ------------------------------------------------------------------------ MSI-X */

static void msix_mask_entry(struct pci_dev *dev, unsigned int entry)
{
	pci_msix_table_write(dev, entry, PCI_MSIX_ENTRY_VECTOR_CTRL, PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

/*
 * Map the table (its BAR must be an assigned memory BAR). 0, -EINVAL for a table outside any
 * memory BAR, -ENOMEM when it cannot be mapped.
 */
static int msix_map_table(struct pci_dev *dev, u8 cap, unsigned int size)
{
	u32 table = pci_config_readl(dev, cap + PCI_MSIX_TABLE);
	unsigned int bir = table & PCI_MSIX_BIR;
	u64 offset = table & ~(u32)PCI_MSIX_BIR;
	const struct pci_bar *b;

	if (bir >= dev->nr_bars)
		return -EINVAL;
	b = &dev->bar[bir];
	if ((b->kind != PCI_BAR_MEM32 && b->kind != PCI_BAR_MEM64) || !b->assigned ||
	    offset + (u64)size * PCI_MSIX_ENTRY_SIZE > b->size)
		return -EINVAL;
	dev->msix_table_pa = b->addr + offset;
	return pci_msix_table_map(dev, size);
}

static void msix_write_msg(struct pci_dev *dev, unsigned int entry, const struct msi_msg *msg)
{
	pci_msix_table_write(dev, entry, PCI_MSIX_ENTRY_LOWER_ADDR, msg->address_lo);
	pci_msix_table_write(dev, entry, PCI_MSIX_ENTRY_UPPER_ADDR, msg->address_hi);
	pci_msix_table_write(dev, entry, PCI_MSIX_ENTRY_DATA, msg->data);
}

/* Compose and write the message of each vector; 0 or irq_compose_msi_msg()'s error. */
static int msix_program(struct pci_dev *dev, int irq, unsigned int nvec)
{
	struct msi_msg msg;

	for (unsigned int i = 0; i < nvec; i++) {
		int err = irq_compose_msi_msg(irq + i, &msg);

		if (err)
			return err;
		msix_write_msg(dev, i, &msg);
	}
	return 0;
}

static int msix_capability_init(struct pci_dev *dev, const struct msi_domain *domain, u8 cap,
				unsigned int min, unsigned int max)
{
	u16 ctrl = pci_config_readw(dev, cap + PCI_MSIX_FLAGS);
	unsigned int size = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
	unsigned int nvec = max < size ? max : size;
	int irq, err;

	if (nvec < min)
		return -ENOSPC;
	err = msix_map_table(dev, cap, size);
	if (err)
		return err;
	irq = domain->alloc(pci_msi_requester_id(dev), nvec);
	if (irq < 0)
		return irq;
	/* Enabled with the Function Mask set: the table is live but nothing can be sent. */
	ctrl |= PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL;
	pci_config_writew(dev, cap + PCI_MSIX_FLAGS, ctrl);
	for (unsigned int i = 0; i < size; i++)
		msix_mask_entry(dev, i);
	err = msix_program(dev, irq, nvec);
	if (err) {
		pci_config_writew(dev, cap + PCI_MSIX_FLAGS,
				  ctrl & ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
		domain->free(pci_msi_requester_id(dev), irq, nvec);
		return err;
	}
	for (unsigned int i = 0; i < nvec; i++)
		pci_msix_table_write(dev, i, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
	pci_msi_start(dev, PCI_IRQ_MODE_MSIX, irq, nvec);
	pci_config_writew(dev, cap + PCI_MSIX_FLAGS, ctrl & ~PCI_MSIX_FLAGS_MASKALL);
	return nvec;
}

static void msix_shutdown(struct pci_dev *dev, u8 cap)
{
	u16 ctrl = pci_config_readw(dev, cap + PCI_MSIX_FLAGS);

	for (unsigned int i = 0; i < dev->nr_irq_vecs; i++)
		msix_mask_entry(dev, i);
	ctrl &= ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	pci_config_writew(dev, cap + PCI_MSIX_FLAGS, ctrl);
}

/* ------------------------------------------------------------------------ interface */

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min, unsigned int max,
			  unsigned int flags)
{
	const struct msi_domain *domain = msi_get_domain();
	u8 msix = flags & PCI_IRQ_MSIX ? pci_find_capability(dev, PCI_CAP_ID_MSIX) : 0;
	u8 msi = flags & PCI_IRQ_MSI ? pci_find_capability(dev, PCI_CAP_ID_MSI) : 0;
	int ret = -EINVAL;

	if (!min || min > max || dev->irq_mode != PCI_IRQ_MODE_NONE)
		return -EINVAL;
	if (!msix && !msi)
		return -EINVAL;
	if (!domain)
		return -ENODEV;
	if (msix)
		ret = msix_capability_init(dev, domain, msix, min, max);
	if (ret < 0 && msi)
		ret = msi_capability_init(dev, domain, msi, min, max);
	return ret;
}

int pci_irq_vector(const struct pci_dev *dev, unsigned int nr)
{
	return nr < dev->nr_irq_vecs ? (int)(dev->irq_base + nr) : -EINVAL;
}

void pci_free_irq_vectors(struct pci_dev *dev)
{
	const struct msi_domain *domain = msi_get_domain();

	if (dev->irq_mode == PCI_IRQ_MODE_MSIX)
		msix_shutdown(dev, pci_find_capability(dev, PCI_CAP_ID_MSIX));
	else if (dev->irq_mode == PCI_IRQ_MODE_MSI)
		msi_shutdown(dev, pci_find_capability(dev, PCI_CAP_ID_MSI));
	else
		return;
	pci_command_update(dev, PCI_COMMAND_INTX_DISABLE, dev->intx_saved);
	domain->free(pci_msi_requester_id(dev), dev->irq_base, dev->nr_irq_vecs);
	dev->irq_mode = PCI_IRQ_MODE_NONE;
	dev->irq_base = 0;
	dev->nr_irq_vecs = 0;
}
