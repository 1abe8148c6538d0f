/* The listing shared by the boot log and the shell's lspci (format in pci.h). */
#include "drivers/pci/internal.h"
#include "lib.h"

struct pci_class_desc {
	u16 class; /* base << 8 | subclass; subclass 0xff: any */
	const char *name;
};

#define ANY_SUB 0xff

/* Names after the PCI Code and ID Assignment spec, shortened; the first match wins. */
static const struct pci_class_desc pci_class_names[] = {
	{ 0x0000, "unclassified" },  { 0x0100, "SCSI" },	{ 0x0101, "IDE" },
	{ 0x0106, "SATA" },	     { 0x0108, "NVMe" },	{ 0x01ff, "storage" },
	{ 0x0200, "ethernet" },	     { 0x02ff, "network" },	{ 0x0300, "VGA" },
	{ 0x0380, "display" },	     { 0x03ff, "display" },	{ 0x0401, "audio" },
	{ 0x0403, "audio" },	     { 0x04ff, "multimedia" },	{ 0x0500, "RAM" },
	{ 0x05ff, "memory" },	     { 0x0600, "host bridge" }, { 0x0601, "ISA bridge" },
	{ 0x0604, "PCI bridge" },    { 0x06ff, "bridge" },	{ 0x0700, "serial" },
	{ 0x07ff, "communication" }, { 0x08ff, "system" },	{ 0x09ff, "input" },
	{ 0x0c03, "USB" },	     { 0x0c05, "SMBus" },	{ 0x0cff, "serial bus" },
	{ 0x0dff, "wireless" },	     { 0xffff, "other" },
};

const char *pci_class_name(u32 class)
{
	u8 base = class >> 16, sub = class >> 8;

	for (size_t i = 0; i < ARRAY_SIZE(pci_class_names); i++) {
		u8 b = pci_class_names[i].class >> 8, s = pci_class_names[i].class & 0xff;

		if (b == base && (s == sub || s == ANY_SUB))
			return pci_class_names[i].name;
	}
	return "other";
}

static const char *bar_kind_name(enum pci_bar_kind kind)
{
	return kind == PCI_BAR_IO ? "io" : kind == PCI_BAR_MEM32 ? "mem32" : "mem64";
}

/* Enough for a BAR line with two 64-bit numbers, and for a function line with a class name. */
#define PCI_LINE_MAX 96

/* "0xADDRESS" of an assigned BAR or ROM, else "unassigned". */
static void bar_addr(char *buf, size_t len, const struct pci_bar *bar)
{
	if (bar->assigned)
		ksnprintf(buf, len, "0x%llx", (unsigned long long)bar->addr);
	else
		ksnprintf(buf, len, "unassigned");
}

void pci_print_dev(const struct pci_dev *dev, pci_emit_fn emit, void *priv)
{
	const struct pci_bar *rom = &dev->bar[PCI_ROM_RESOURCE];
	char line[PCI_LINE_MAX], addr[24];

	ksnprintf(line, sizeof(line), "%04x:%02x:%02x.%x %04x:%04x class %06x %s", dev->segment,
		  dev->bus, dev->dev, dev->fn, dev->vendor, dev->device, dev->class,
		  pci_class_name(dev->class));
	emit(priv, line);
	for (unsigned int i = 0; i < dev->nr_bars; i++) {
		const struct pci_bar *bar = &dev->bar[i];

		if (bar->kind == PCI_BAR_NONE)
			continue;
		bar_addr(addr, sizeof(addr), bar);
		ksnprintf(line, sizeof(line), "  BAR%u %s%s %s size 0x%llx", i,
			  bar_kind_name(bar->kind), bar->prefetch ? " pref" : "", addr,
			  (unsigned long long)bar->size);
		emit(priv, line);
	}
	if (rom->kind == PCI_BAR_NONE)
		return;
	bar_addr(addr, sizeof(addr), rom);
	ksnprintf(line, sizeof(line), "  ROM %s %s size 0x%llx %s", bar_kind_name(rom->kind), addr,
		  (unsigned long long)rom->size, dev->rom_enabled ? "enabled" : "disabled");
	emit(priv, line);
}

void pci_print_all(pci_emit_fn emit, void *priv)
{
	struct pci_dev *d;

	pci_for_each_dev(d)
		pci_print_dev(d, emit, priv);
}
