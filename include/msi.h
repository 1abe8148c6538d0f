/*
 * Message-signalled interrupts, the controller side: a device raises an interrupt by writing
 * msi_msg.data to msi_msg.address. The controller that can receive such writes (x86: the local
 * APIC's 0xfee00000 window; arm64: a GICv2m frame or the GICv3 ITS) registers an msi_domain; the
 * PCI MSI code (drivers/pci/msi.c) allocates from it and programs the capability with what the
 * allocated interrupts' chips compose (irq_compose_msi_msg).
 */
#ifndef PAGODA_MSI_H
#define PAGODA_MSI_H

#include "types.h"

struct msi_msg {
	u32 address_lo;
	u32 address_hi;
	u32 data;
};

struct msi_domain {
	const char *name;
	/*
	 * Allocate nvec interrupts (consecutive numbers, and for nvec > 1 consecutive message
	 * data as multi-message MSI requires) for the device whose requester id (bus << 8 | devfn,
	 * segment in bits 16+) is dev_id. Returns the first irq (each with a chip, masked), or a
	 * negative errno with nothing allocated.
	 */
	int (*alloc)(u32 dev_id, unsigned int nvec);
	/* Undo alloc: every handler on them must have been freed. */
	void (*free)(u32 dev_id, unsigned int irq, unsigned int nvec);
};

/* Install the machine's MSI controller (the last one registered wins: ITS over GICv2m). */
void msi_set_domain(const struct msi_domain *domain);
/* The MSI controller, or NULL when the machine has none. */
const struct msi_domain *msi_get_domain(void);

/* The message for irq (its chip's irq_compose_msi_msg). -EINVAL when the chip cannot compose. */
int irq_compose_msi_msg(unsigned int irq, struct msi_msg *msg);

#endif
