/*
 * PCIe ECAM (enhanced configuration access, memory-mapped) hosts from the ACPI MCFG, and the
 * kernel's PCI start-up: one host per MCFG entry, else the arch's legacy mechanism.
 *
 * Function (bus, dev, fn)'s 4 KiB of config space is at MCFG base + (bus << 20 | dev << 15 |
 * fn << 12), base being the origin of bus 0 even when the entry starts at a later bus
 * (docs/hardware.md#acpi-mcfg). Only the entry's buses are mapped, uncached, through ioremap
 * (2 MiB leaves for QEMU's 256 MiB windows).
 */
#include <errno.h>

#include <asm/io.h>

#include "drivers/acpi/acpi.h"
#include "drivers/pci/pci.h"
#include "mm/ioremap.h"
#include "mm/slab.h"
#include "printk.h"

#define ECAM_BUS_SHIFT 20
#define ECAM_DEVFN_SHIFT 12

struct ecam_host {
	struct pci_host host;
	u8 *base; /* mapping of bus host.bus_start */
};

static void *ecam_addr(struct pci_host *host, u8 bus, u8 devfn, u16 where)
{
	struct ecam_host *ecam = container_of(host, struct ecam_host, host);

	return ecam->base + ((unsigned long)(bus - host->bus_start) << ECAM_BUS_SHIFT) +
	       ((unsigned long)devfn << ECAM_DEVFN_SHIFT) + where;
}

static u32 ecam_read(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size)
{
	void *addr = ecam_addr(host, bus, devfn, where);

	return size == 1 ? readb(addr) : size == 2 ? readw(addr) : readl(addr);
}

static void ecam_write(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size,
		       u32 val)
{
	void *addr = ecam_addr(host, bus, devfn, where);

	if (size == 1)
		writeb(val, addr);
	else if (size == 2)
		writew(val, addr);
	else
		writel(val, addr);
}

static const struct pci_ops ecam_ops = {
	.read = ecam_read,
	.write = ecam_write,
};

/*
 * Map and register the ECAM host of one MCFG entry. Returns 0; -ENOMEM when out of memory or
 * mapping space (nothing is kept but an abandoned mapping); pci_host_register()'s errors.
 */
static int ecam_host_add(const struct acpi_mcfg_entry *e)
{
	struct ecam_host *ecam = kzalloc(sizeof(*ecam));
	unsigned long first = (unsigned long)e->start_bus << ECAM_BUS_SHIFT;
	unsigned long size = (unsigned long)(e->end_bus - e->start_bus + 1) << ECAM_BUS_SHIFT;
	int err;

	if (!ecam)
		return -ENOMEM;
	ecam->base = ioremap(e->address + first, size);
	if (!ecam->base) {
		kfree(ecam);
		return -ENOMEM;
	}
	ecam->host = (struct pci_host){ .segment = e->segment,
					.bus_start = e->start_bus,
					.bus_end = e->end_bus,
					.ops = &ecam_ops };
	err = pci_host_register(&ecam->host);
	if (err)
		kfree(ecam); /* the mapping stays: ioremap has no unmap */
	return err;
}

/* Register every MCFG entry's host. Returns how many MCFG entries there were. */
static unsigned int pci_ecam_init(void)
{
	struct acpi_mcfg_entry e;
	unsigned int i;
	int err;

	for (i = 0; acpi_mcfg_get(i, &e) == 0; i++) {
		printk("pci: ECAM segment %04x buses %02x-%02x at %#llx\n", e.segment, e.start_bus,
		       e.end_bus, (unsigned long long)e.address);
		err = ecam_host_add(&e);
		if (err)
			printk("pci: segment %04x: cannot register (%d)\n", e.segment, err);
	}
	return i;
}

static void printk_line(void *priv, const char *line)
{
	printk("%s\n", line);
}

static const char *const pci_win_names[PCI_WIN_NR] = { "io", "mem", "mem above 4G" };

/* Where hosts route resources, and every BAR that did not get an address (and stays off). */
static void pci_report_hosts(void)
{
	struct pci_dev *d;

	pci_for_each_dev(d) {
		const struct pci_host *h = d->host;

		for (int t = 0; d == h->devs && t < PCI_WIN_NR; t++) {
			if (h->win[t].start <= h->win[t].end)
				printk("pci %04x: window %s 0x%llx-0x%llx\n", h->segment,
				       pci_win_names[t], (unsigned long long)h->win[t].start,
				       (unsigned long long)h->win[t].end);
		}
		for (unsigned int i = 0; i < d->nr_bars; i++) {
			if (d->bar[i].no_fit)
				printk("pci %04x:%02x:%02x.%x: BAR%u (size %#llx) does not fit any "
				       "window: left disabled\n",
				       d->segment, d->bus, d->dev, d->fn, i,
				       (unsigned long long)d->bar[i].size);
		}
	}
}

void pci_init(void)
{
	int err;

	if (!pci_ecam_init()) {
		err = pci_legacy_init();
		if (err == -ENODEV)
			printk("pci: no MCFG and no legacy config access: no PCI\n");
		else if (err)
			printk("pci: legacy config access: cannot register (%d)\n", err);
		else
			printk("pci: no MCFG, legacy config access\n");
	}
	pci_report_hosts();
	pci_print_all(printk_line, NULL);
}
