/*
 * virtio-rng (virtio 1.x "5.4 Entropy Device"): one request queue; the driver posts a
 * device-writable buffer and the device fills it with random bytes. Modern PCI only
 * (QEMU `-device virtio-rng-pci,disable-legacy=on`, 1af4:1044). Kernel only.
 */
#ifndef PAGODA_DRIVERS_VIRTIO_VIRTIO_RNG_H
#define PAGODA_DRIVERS_VIRTIO_VIRTIO_RNG_H

#include "drivers/virtio/virtio_pci.h"

struct virtio_rng {
	struct virtio_pci_device vdev;
	struct virtqueue vq;
	u8 *buf; /* one page the device writes into */
	phys_addr_t buf_pa;
	volatile unsigned long irq_count; /* queue interrupts the handler took */
	volatile bool irq_seen;		  /* one arrived since the request started */
	unsigned long idle_waits;	  /* times a reader idled the CPU for one */
};

/*
 * Bind the first modern virtio-rng after pci_init(): transport, request queue on MSI-X vector
 * 0 (polled without an MSI domain), DRIVER_OK. Prints one line; a device that fails stays
 * unbound (FAILED status) and virtio_rng_read() then says -ENODEV.
 */
void virtio_rng_init(void);

/* The bound device, or NULL. */
struct virtio_rng *virtio_rng_get(void);

/*
 * Fill buf with len random bytes from the device, one request of at most a page at a time,
 * sleeping until each completes (the CPU idles; polled without an interrupt). Returns len, or
 * -ENODEV without a device, -ETIMEDOUT when the device does not answer within seconds, -EIO
 * when its interrupt comes without a used buffer.
 * Not from interrupt context.
 */
int virtio_rng_read(void *buf, size_t len);

#endif
