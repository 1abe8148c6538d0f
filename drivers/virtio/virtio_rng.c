/* The virtio entropy device driver (virtio_rng.h). */
#include <errno.h>
#include <string.h>

#include "drivers/misc/idle_wait.h"
#include "drivers/virtio/virtio_rng.h"
#include "irqflags.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "printk.h"

/* QEMU answers from its own entropy source at once; seconds allow for a loaded host. */
#define VIRTIO_RNG_TIMEOUT_SECONDS 5

static struct virtio_rng rng;
static bool rng_bound;

/* The queue's MSI-X vector: the reader takes the used buffer, the handler records the event. */
static irqreturn_t virtio_rng_irq(unsigned int irq, void *dev_id)
{
	struct virtio_rng *r = dev_id;

	r->irq_count++;
	r->irq_seen = true;
	return IRQ_HANDLED;
}

static bool virtio_rng_irq_seen(void *arg)
{
	return ((struct virtio_rng *)arg)->irq_seen;
}

static bool virtio_rng_used(void *arg)
{
	return virtqueue_has_used(arg);
}

/* One request of len bytes (<= a page) into rng.buf; the bytes written, or -ETIMEDOUT. */
static int virtio_rng_request(u32 len)
{
	struct virtqueue *vq = &rng.vq;
	unsigned long flags;
	u32 got = 0;
	int err;

	local_irq_save(flags); /* masked before the kick: see idle_wait_masked() */
	err = virtqueue_add_inbuf_kick(vq, rng.buf_pa, len);
	/* With the vector, the interrupt ends the wait: the device sends it after the used entry. */
	if (!err && vq->irq >= 0)
		err = idle_wait_masked(virtio_rng_irq_seen, &rng, VIRTIO_RNG_TIMEOUT_SECONDS,
				       &rng.idle_waits);
	else if (!err)
		err = poll_wait(virtio_rng_used, vq, VIRTIO_RNG_TIMEOUT_SECONDS);
	if (!err && !virtqueue_get_buf(vq, &got))
		err = -EIO; /* an interrupt without a used buffer */
	rng.irq_seen = false;
	local_irq_restore(flags);
	return err ? err : (int)(got < len ? got : len);
}

int virtio_rng_read(void *buf, size_t len)
{
	size_t done = 0;

	if (!rng_bound)
		return -ENODEV;
	while (done < len) {
		size_t chunk = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
		int n = virtio_rng_request(chunk);

		if (n < 0)
			return n;
		memcpy((u8 *)buf + done, rng.buf, n);
		done += n;
	}
	return (int)len;
}

struct virtio_rng *virtio_rng_get(void)
{
	return rng_bound ? &rng : NULL;
}

static int virtio_rng_probe(struct pci_dev *pdev)
{
	struct page *page = alloc_page();
	int err;

	if (!page)
		return -ENOMEM;
	rng.buf = page_address(page);
	rng.buf_pa = page_to_phys(page);
	err = virtio_pci_probe(pdev, &rng.vdev);
	if (!err)
		err = virtio_pci_setup_vq(&rng.vdev, 0, &rng.vq, virtio_rng_irq, "virtio-rng",
					  &rng);
	if (err) {
		__free_page(page);
		return err;
	}
	virtio_pci_ready(&rng.vdev);
	return 0;
}

void virtio_rng_init(void)
{
	struct pci_dev *pdev = pci_get_device(PCI_VENDOR_ID_REDHAT_QUMRANET,
					      VIRTIO_PCI_MODERN_DEVICE_ID(VIRTIO_ID_RNG), 0);
	char where[16];
	int err;

	if (!pdev)
		return;
	ksnprintf(where, sizeof(where), "%04x:%02x:%02x.%x", pdev->segment, pdev->bus, pdev->dev,
		  pdev->fn);
	err = virtio_rng_probe(pdev);
	if (err) {
		printk("virtio-rng %s: cannot bind (%d)\n", where, err);
		return;
	}
	rng_bound = true;
	if (rng.vq.irq >= 0)
		printk("virtio-rng %s: queue of %u on MSI-X irq %d\n", where, rng.vq.num,
		       rng.vq.irq);
	else
		printk("virtio-rng %s: queue of %u, polled (%d)\n", where, rng.vq.num, rng.vq.irq);
}
