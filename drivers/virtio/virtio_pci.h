/*
 * Virtio over PCI, the modern interface only (virtio 1.x, "4.1 Virtio Over PCI Bus"; Linux
 * drivers/virtio/virtio_pci_modern.c), and one split virtqueue (virtio 1.x "2.7 Split
 * Virtqueues"; Linux virtio_ring.c). Devices 1af4:1040 + type, found by their vendor-specific
 * capabilities that point into memory BARs: common configuration, notification, ISR status and
 * device-specific configuration. Queue completions come by MSI-X; without an MSI domain the
 * queue is polled. Kernel only (MMIO). Fields are little-endian, as both arches are.
 *
 * DMA: rings and buffers are ordinary RAM pages handed to the device by physical address (the
 * bus address, no IOMMU), cacheable: the PCI hosts of q35 and virt are cache coherent.
 */
#ifndef PAGODA_DRIVERS_VIRTIO_VIRTIO_PCI_H
#define PAGODA_DRIVERS_VIRTIO_VIRTIO_PCI_H

#include "drivers/pci/pci.h"
#include "irq.h"

#define PCI_VENDOR_ID_REDHAT_QUMRANET 0x1af4
#define VIRTIO_PCI_MODERN_DEVICE_ID(type) (0x1040 + (type))
#define VIRTIO_ID_RNG 4

/* Vendor capability (PCI_CAP_ID_VNDR) layout: struct virtio_pci_cap. */
#define VIRTIO_PCI_CAP_CFG_TYPE 3
#define VIRTIO_PCI_CAP_BAR 4
#define VIRTIO_PCI_CAP_OFFSET 8
#define VIRTIO_PCI_CAP_LENGTH 12
#define VIRTIO_PCI_NOTIFY_OFF_MULTIPLIER 16 /* notification capability only */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

/* struct virtio_pci_common_cfg. */
#define VIRTIO_PCI_COMMON_DFSELECT 0x00
#define VIRTIO_PCI_COMMON_DF 0x04
#define VIRTIO_PCI_COMMON_GFSELECT 0x08
#define VIRTIO_PCI_COMMON_GF 0x0c
#define VIRTIO_PCI_COMMON_MSIX 0x10 /* config change vector */
#define VIRTIO_PCI_COMMON_NUMQ 0x12
#define VIRTIO_PCI_COMMON_STATUS 0x14
#define VIRTIO_PCI_COMMON_Q_SELECT 0x16
#define VIRTIO_PCI_COMMON_Q_SIZE 0x18
#define VIRTIO_PCI_COMMON_Q_MSIX 0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE 0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF 0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO 0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI 0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO 0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI 0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO 0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI 0x34

#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_CONFIG_S_FAILED 0x80

#define VIRTIO_F_VERSION_1 32
#define VIRTIO_MSI_NO_VECTOR 0xffff

/* Split virtqueue layout. */
struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};
#define VIRTQ_DESC_F_WRITE 2 /* device-writable buffer */

struct virtq_used_elem {
	u32 id;	 /* the head descriptor's index */
	u32 len; /* bytes the device wrote */
};

struct virtio_pci_device {
	struct pci_dev *pdev;
	u8 *common;
	u8 *notify_base;
	u32 notify_off_multiplier;
	u8 *device; /* device-specific configuration, NULL when the device has none */
};

/*
 * One split virtqueue of up to VIRTQ_MAX_SIZE entries in one page: descriptor table, then the
 * available ring, then at mid-page the used ring. One descriptor per buffer.
 */
#define VIRTQ_MAX_SIZE 64
struct virtqueue {
	struct virtio_pci_device *vdev;
	u16 index;
	u16 num;
	struct virtq_desc *desc;
	volatile u16 *avail; /* flags, idx, ring[num] */
	volatile u16 *used;  /* flags, idx, then num used elements */
	u16 avail_idx;	     /* next free slot, free running */
	u16 last_used_idx;   /* next used entry to take, free running */
	u16 *notify;	     /* this queue's doorbell */
	int irq;	     /* its MSI-X irq, or a negative errno: polled */
};

/*
 * Find the capabilities of modern virtio device pdev, map them, reset the device and take it to
 * FEATURES_OK with VIRTIO_F_VERSION_1 as the only feature. Returns 0; -ENODEV when a required
 * capability (common, notify) is missing or its BAR cannot be mapped; -EIO when the device
 * rejects the features (status FAILED is set then).
 */
int virtio_pci_probe(struct pci_dev *pdev, struct virtio_pci_device *vdev);

/*
 * Set up queue index with handler on MSI-X vector 0 (config changes get no vector): rings in a
 * fresh page, the vector read back to check the device took it. Without an MSI domain the queue
 * gets no vector and is polled (vq->irq negative). Returns 0; -ENOENT for a queue the device
 * does not have; -ENOMEM; -EIO when the device refuses the vector; request_irq()'s error. On
 * failure the device is marked FAILED and nothing is held.
 */
int virtio_pci_setup_vq(struct virtio_pci_device *vdev, u16 index, struct virtqueue *vq,
			irq_handler_t handler, const char *name, void *dev_id);

/* Tell the device the driver is ready (DRIVER_OK): queues may be used from now on. */
void virtio_pci_ready(struct virtio_pci_device *vdev);

/*
 * Post a device-writable buffer at physical pa of len bytes and notify the device. Returns 0,
 * or -ENOSPC when every descriptor is in flight.
 */
int virtqueue_add_inbuf_kick(struct virtqueue *vq, phys_addr_t pa, u32 len);

/* Take the next buffer the device returned: true with *len its written length, or false. */
bool virtqueue_get_buf(struct virtqueue *vq, u32 *len);

/* Has the device returned a buffer not yet taken? (for waits) */
bool virtqueue_has_used(const struct virtqueue *vq);

#endif
