/* The modern virtio-pci transport and the split virtqueue (virtio_pci.h). */
#include <errno.h>
#include <string.h>

#include <asm/io.h>

#include "drivers/pci/bar_map.h"
#include "drivers/virtio/virtio_pci.h"
#include "mm/page_alloc.h"

#define VIRTQ_USED_OFFSET (PAGE_SIZE / 2)

/* ------------------------------------------------------------------------ transport */

/*
 * Map the structure that the first vendor capability of cfg_type points at; NULL when there is
 * none or it cannot be mapped. *cap_pos receives the capability's offset.
 */
static void *virtio_map_cap(struct pci_dev *pdev, u8 cfg_type, u8 *cap_pos)
{
	u8 pos;

	for (pos = pci_find_capability(pdev, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pdev, pos, PCI_CAP_ID_VNDR)) {
		if (pci_config_readb(pdev, pos + VIRTIO_PCI_CAP_CFG_TYPE) != cfg_type)
			continue;
		*cap_pos = pos;
		return pci_iomap_range(pdev, pci_config_readb(pdev, pos + VIRTIO_PCI_CAP_BAR),
				       pci_config_readl(pdev, pos + VIRTIO_PCI_CAP_OFFSET),
				       pci_config_readl(pdev, pos + VIRTIO_PCI_CAP_LENGTH));
	}
	return NULL;
}

static u8 virtio_get_status(const struct virtio_pci_device *vdev)
{
	return readb(vdev->common + VIRTIO_PCI_COMMON_STATUS);
}

static void virtio_add_status(struct virtio_pci_device *vdev, u8 bits)
{
	writeb(virtio_get_status(vdev) | bits, vdev->common + VIRTIO_PCI_COMMON_STATUS);
}

/* Reset: writing 0 returns the device to its initial state once status reads back 0. */
static void virtio_reset(struct virtio_pci_device *vdev)
{
	writeb(0, vdev->common + VIRTIO_PCI_COMMON_STATUS);
	while (virtio_get_status(vdev))
		;
}

/* Accept VIRTIO_F_VERSION_1 only (bit 0 of the upper feature word). */
static int virtio_negotiate(struct virtio_pci_device *vdev)
{
	u32 hi;

	writel(1, vdev->common + VIRTIO_PCI_COMMON_DFSELECT);
	hi = readl(vdev->common + VIRTIO_PCI_COMMON_DF);
	if (!(hi & BIT(VIRTIO_F_VERSION_1 - 32)))
		return -EIO; /* a legacy-only device */
	writel(0, vdev->common + VIRTIO_PCI_COMMON_GFSELECT);
	writel(0, vdev->common + VIRTIO_PCI_COMMON_GF);
	writel(1, vdev->common + VIRTIO_PCI_COMMON_GFSELECT);
	writel(BIT(VIRTIO_F_VERSION_1 - 32), vdev->common + VIRTIO_PCI_COMMON_GF);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	return virtio_get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK ? 0 : -EIO;
}

int virtio_pci_probe(struct pci_dev *pdev, struct virtio_pci_device *vdev)
{
	u8 common_pos, notify_pos, device_pos;
	int err;

	memset(vdev, 0, sizeof(*vdev));
	vdev->pdev = pdev;
	vdev->common = virtio_map_cap(pdev, VIRTIO_PCI_CAP_COMMON_CFG, &common_pos);
	vdev->notify_base = virtio_map_cap(pdev, VIRTIO_PCI_CAP_NOTIFY_CFG, &notify_pos);
	vdev->device = virtio_map_cap(pdev, VIRTIO_PCI_CAP_DEVICE_CFG, &device_pos);
	if (!vdev->common || !vdev->notify_base)
		return -ENODEV;
	vdev->notify_off_multiplier =
		pci_config_readl(pdev, notify_pos + VIRTIO_PCI_NOTIFY_OFF_MULTIPLIER);
	pci_set_master(pdev); /* the rings and buffers are DMA */
	virtio_reset(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	err = virtio_negotiate(vdev);
	if (err)
		virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	return err;
}

/* The ring page for a queue of num entries, zeroed, wired into vq. */
static int virtqueue_alloc(struct virtqueue *vq, u16 num)
{
	struct page *page = alloc_page();
	u8 *ring;

	if (!page)
		return -ENOMEM;
	ring = page_address(page);
	memset(ring, 0, PAGE_SIZE);
	vq->num = num;
	vq->desc = (struct virtq_desc *)ring;
	vq->avail = (volatile u16 *)(ring + num * sizeof(struct virtq_desc));
	vq->used = (volatile u16 *)(ring + VIRTQ_USED_OFFSET);
	vq->avail_idx = 0;
	vq->last_used_idx = 0;
	return 0;
}

static void virtqueue_free(struct virtqueue *vq)
{
	__free_page(phys_to_page(__pa(vq->desc)));
}

/* Give vq MSI-X vector 0 with handler; vq->irq stays negative when there is no MSI domain. */
static int virtio_vq_irq(struct virtio_pci_device *vdev, struct virtqueue *vq,
			 irq_handler_t handler, const char *name, void *dev_id)
{
	int err = pci_alloc_irq_vectors(vdev->pdev, 1, 1, PCI_IRQ_MSIX);

	vq->irq = err;
	if (err == -ENODEV)
		return 0; /* no MSI controller: polled */
	if (err < 0)
		return err;
	vq->irq = pci_irq_vector(vdev->pdev, 0);
	err = request_irq(vq->irq, handler, 0, name, dev_id);
	if (err) {
		pci_free_irq_vectors(vdev->pdev);
		vq->irq = err;
	}
	return err;
}

static void virtio_vq_irq_release(struct virtio_pci_device *vdev, struct virtqueue *vq,
				  void *dev_id)
{
	if (vq->irq < 0)
		return;
	free_irq(vq->irq, dev_id);
	pci_free_irq_vectors(vdev->pdev);
}

static void virtio_write_addr(u8 *common, u16 lo, phys_addr_t pa)
{
	writel((u32)pa, common + lo);
	writel((u32)(pa >> 32), common + lo + 4);
}

/* Program the selected queue's size, vector and rings; -EIO when the device drops the vector. */
static int virtio_program_vq(struct virtio_pci_device *vdev, struct virtqueue *vq)
{
	u8 *c = vdev->common;
	u16 vector = vq->irq >= 0 ? 0 : VIRTIO_MSI_NO_VECTOR;

	writew(vq->num, c + VIRTIO_PCI_COMMON_Q_SIZE);
	writew(vector, c + VIRTIO_PCI_COMMON_Q_MSIX);
	if (readw(c + VIRTIO_PCI_COMMON_Q_MSIX) != vector)
		return -EIO; /* the device could not map the vector */
	virtio_write_addr(c, VIRTIO_PCI_COMMON_Q_DESCLO, __pa(vq->desc));
	virtio_write_addr(c, VIRTIO_PCI_COMMON_Q_AVAILLO, __pa((void *)vq->avail));
	virtio_write_addr(c, VIRTIO_PCI_COMMON_Q_USEDLO, __pa((void *)vq->used));
	vq->notify = (u16 *)(vdev->notify_base +
			     readw(c + VIRTIO_PCI_COMMON_Q_NOFF) * vdev->notify_off_multiplier);
	writew(1, c + VIRTIO_PCI_COMMON_Q_ENABLE);
	return 0;
}

int virtio_pci_setup_vq(struct virtio_pci_device *vdev, u16 index, struct virtqueue *vq,
			irq_handler_t handler, const char *name, void *dev_id)
{
	u8 *c = vdev->common;
	u16 max;
	int err;

	vq->vdev = vdev;
	vq->index = index;
	writew(VIRTIO_MSI_NO_VECTOR, c + VIRTIO_PCI_COMMON_MSIX);
	writew(index, c + VIRTIO_PCI_COMMON_Q_SELECT);
	max = readw(c + VIRTIO_PCI_COMMON_Q_SIZE);
	err = max ? virtqueue_alloc(vq, max < VIRTQ_MAX_SIZE ? max : VIRTQ_MAX_SIZE) : -ENOENT;
	if (err)
		goto failed;
	err = virtio_vq_irq(vdev, vq, handler, name, dev_id);
	if (err)
		goto free_ring;
	err = virtio_program_vq(vdev, vq);
	if (!err)
		return 0;
	virtio_vq_irq_release(vdev, vq, dev_id);
free_ring:
	virtqueue_free(vq);
failed:
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	return err;
}

void virtio_pci_ready(struct virtio_pci_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}

/* ------------------------------------------------------------------------ split virtqueue */

/* avail: flags, idx, ring[num]; used: flags, idx, then {id, len} pairs of u32. */
#define VIRTQ_IDX 1
#define VIRTQ_RING 2

int virtqueue_add_inbuf_kick(struct virtqueue *vq, phys_addr_t pa, u32 len)
{
	u16 slot = vq->avail_idx % vq->num;

	if ((u16)(vq->avail_idx - vq->last_used_idx) == vq->num)
		return -ENOSPC;
	vq->desc[slot] = (struct virtq_desc){ pa, len, VIRTQ_DESC_F_WRITE, 0 };
	vq->avail[VIRTQ_RING + slot] = slot;
	wmb(); /* the descriptor and ring entry before the index that publishes them */
	vq->avail[VIRTQ_IDX] = ++vq->avail_idx;
	writew(vq->index, vq->notify); /* writew orders the index before the doorbell */
	return 0;
}

bool virtqueue_has_used(const struct virtqueue *vq)
{
	return vq->used[VIRTQ_IDX] != vq->last_used_idx;
}

bool virtqueue_get_buf(struct virtqueue *vq, u32 *len)
{
	const volatile struct virtq_used_elem *ring;

	if (!virtqueue_has_used(vq))
		return false;
	rmb(); /* the index before the element it publishes */
	ring = (const volatile struct virtq_used_elem *)(vq->used + VIRTQ_RING);
	*len = ring[vq->last_used_idx % vq->num].len;
	vq->last_used_idx++;
	return true;
}
