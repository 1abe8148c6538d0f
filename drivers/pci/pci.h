/*
 * PCI core: configuration access through per-host accessors, depth-first enumeration, BAR and
 * expansion ROM sizing, resource assignment, decode enable and the lspci-style listing.
 *
 * Hostable (the .c files of drivers/pci): no port I/O, no MMIO. A host (one PCI segment and a bus range, e.g.
 * one ACPI MCFG entry) brings its own config accessor (struct pci_ops): ECAM lives in
 * drivers/pci/hw/ (kernel only), like the PC's 0xCF8/0xCFC mechanism (legacy.c, over the CPU's
 * port I/O), and the host tests plug in a fake config space. Everything above the accessor is
 * shared by both arches.
 *
 * Addresses: a BAR's addr is the bus address the function decodes. On QEMU's q35 and virt the
 * memory bus address equals the CPU physical address (no translation); I/O BARs hold port numbers
 * (on arm64 the CPU reaches port p at the PIO window base + p, see
 * docs/hardware.md#virt-address-map).
 *
 * Locking: none (one CPU). Devices are found once, when their host is registered, and live until
 * it is unregistered.
 */
#ifndef PAGODA_DRIVERS_PCI_H
#define PAGODA_DRIVERS_PCI_H

#include "types.h"

#define PCI_ANY_ID 0xffff
#define PCI_NUM_BARS 6	   /* header type 0; a bridge (type 1) has 2 */
#define PCI_ROM_RESOURCE 6 /* index of the expansion ROM in pci_dev.bar[], after BARs 0-5 */
#define PCI_MAX_BUS 256
#define PCI_MAX_DEV 32
#define PCI_MAX_FN 8
#define PCI_DEVFN(dev, fn) ((u8)(((dev) << 3) | (fn)))

/* ------------------------------------------------------------------------ config registers */

#define PCI_VENDOR_ID 0x00 /* 16 bits; 0xffff: no function here */
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04 /* 16 bits */
#define PCI_COMMAND_IO BIT(0)
#define PCI_COMMAND_MEMORY BIT(1)
#define PCI_COMMAND_MASTER BIT(2)
#define PCI_COMMAND_INTX_DISABLE BIT(10) /* the function may not assert INTx */
#define PCI_STATUS 0x06			 /* 16 bits */
#define PCI_STATUS_CAP_LIST BIT(4)
#define PCI_CLASS_REVISION 0x08 /* 32 bits: class << 8 | revision */
#define PCI_HEADER_TYPE 0x0e
#define PCI_HEADER_TYPE_MASK 0x7f
#define PCI_HEADER_TYPE_NORMAL 0
#define PCI_HEADER_TYPE_BRIDGE 1
#define PCI_HEADER_TYPE_MFD BIT(7) /* in function 0: functions 1-7 may exist */
#define PCI_BASE_ADDRESS_0 0x10	   /* BAR n at 0x10 + 4 n */
#define PCI_BASE_ADDRESS_SPACE_IO BIT(0)
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK 0x06
#define PCI_BASE_ADDRESS_MEM_TYPE_64 0x04
#define PCI_BASE_ADDRESS_MEM_PREFETCH BIT(3)
#define PCI_BASE_ADDRESS_IO_MASK (~0x3U)
#define PCI_BASE_ADDRESS_MEM_MASK (~0xfU)
#define PCI_ROM_ADDRESS 0x30	       /* expansion ROM BAR, header type 0 */
#define PCI_ROM_ADDRESS_ENABLE BIT(0)  /* decode the ROM (when memory decode is on too) */
#define PCI_ROM_ADDRESS_MASK (~0x7ffU) /* address bits 31:11; ROMs are at least 2 KiB */
#define PCI_CAPABILITY_LIST 0x34       /* 8 bits, header types 0 and 1 */

/* Type 1 (bridge) header. */
#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_IO_BASE 0x1c  /* 8 bits: address bits 15:12 in 7:4; low nibble 1: 32-bit I/O */
#define PCI_IO_LIMIT 0x1d /* 8 bits, same encoding, limit | 0xfff */
#define PCI_IO_RANGE_TYPE_32 0x01
#define PCI_MEMORY_BASE 0x20	  /* 16 bits: address bits 31:20 in 15:4 */
#define PCI_MEMORY_LIMIT 0x22	  /* 16 bits, limit | 0xfffff */
#define PCI_PREF_MEMORY_BASE 0x24 /* 16 bits like MEMORY; low nibble 1: 64-bit window */
#define PCI_PREF_MEMORY_LIMIT 0x26
#define PCI_PREF_RANGE_TYPE_64 0x01
#define PCI_PREF_BASE_UPPER32 0x28
#define PCI_PREF_LIMIT_UPPER32 0x2c
#define PCI_IO_BASE_UPPER16 0x30
#define PCI_IO_LIMIT_UPPER16 0x32
#define PCI_ROM_ADDRESS1 0x38 /* expansion ROM BAR, header type 1 */

/* Capability IDs (first byte of each capability; the second is the next pointer). */
#define PCI_CAP_ID_PM 0x01
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_EXP 0x10 /* PCI Express */
#define PCI_CAP_ID_MSIX 0x11

/* PCI Express capability (PCI_CAP_ID_EXP): the device/port type. */
#define PCI_EXP_FLAGS 0x02	     /* 16 bits */
#define PCI_EXP_FLAGS_TYPE 0x00f0    /* device/port type, bits 7:4 */
#define PCI_EXP_TYPE_PCI_BRIDGE 0x7  /* PCI Express to PCI/PCI-X bridge */
#define PCI_EXP_TYPE_PCIE_BRIDGE 0x8 /* PCI/PCI-X to PCI Express bridge */

/* MSI capability (PCI_CAP_ID_MSI); offsets from the capability. */
#define PCI_MSI_FLAGS 0x02 /* 16 bits: Message Control */
#define PCI_MSI_FLAGS_ENABLE BIT(0)
#define PCI_MSI_FLAGS_QMASK 0x000e   /* Multiple Message Capable: log2 of the vectors, 0-5 */
#define PCI_MSI_FLAGS_QSIZE 0x0070   /* Multiple Message Enable: log2 of the vectors enabled */
#define PCI_MSI_FLAGS_64BIT BIT(7)   /* the address has an upper half */
#define PCI_MSI_FLAGS_MASKBIT BIT(8) /* per-vector mask and pending registers exist */
#define PCI_MSI_ADDRESS_LO 0x04
#define PCI_MSI_ADDRESS_HI 0x08 /* 64-bit capability only */
#define PCI_MSI_DATA_32 0x08	/* 16 bits */
#define PCI_MSI_MASK_32 0x0c
#define PCI_MSI_DATA_64 0x0c
#define PCI_MSI_MASK_64 0x10
#define PCI_MSI_MAX_VECS 32

/* MSI-X capability (PCI_CAP_ID_MSIX); the table and PBA live in memory BARs. */
#define PCI_MSIX_FLAGS 0x02	       /* 16 bits: Message Control */
#define PCI_MSIX_FLAGS_QSIZE 0x07ff    /* table size - 1 */
#define PCI_MSIX_FLAGS_MASKALL BIT(14) /* Function Mask: every vector masked */
#define PCI_MSIX_FLAGS_ENABLE BIT(15)
#define PCI_MSIX_TABLE 0x04 /* 32 bits: offset in the BAR | BIR */
#define PCI_MSIX_PBA 0x08   /* same layout, for the pending bit array */
#define PCI_MSIX_BIR 0x7    /* which BAR (0-5) */
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_LOWER_ADDR 0x0
#define PCI_MSIX_ENTRY_UPPER_ADDR 0x4
#define PCI_MSIX_ENTRY_DATA 0x8
#define PCI_MSIX_ENTRY_VECTOR_CTRL 0xc
#define PCI_MSIX_ENTRY_CTRL_MASKBIT BIT(0)

/* Class codes (24 bits: base class, subclass, programming interface). */
#define PCI_CLASS_BRIDGE_HOST 0x060000
#define PCI_CLASS_BRIDGE_PCI 0x060400

/* ------------------------------------------------------------------------ hosts and devices */

struct pci_host;

/*
 * Config accessor of a host. size is 1, 2 or 4 and where is aligned to it (where < 4096 for
 * ECAM, < 256 for the legacy mechanism: callers never go beyond what the host supports). A read
 * of an absent function returns all ones; writes to it are dropped.
 */
struct pci_ops {
	u32 (*read)(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size);
	void (*write)(struct pci_host *host, u8 bus, u8 devfn, u16 where, unsigned int size,
		      u32 val);
};

/* An address range [start, end], end inclusive; empty when start > end. */
struct pci_window {
	u64 start;
	u64 end;
};

/*
 * Windows of a bridge, or of a host bridge (derived, see pci_host_register()):
 * IO: I/O ports. MEM: 32-bit non-prefetchable memory (below 4 GiB).
 * PREF: a bridge's prefetchable window; for a host, the memory window above 4 GiB, which any
 * 64-bit BAR on the root bus may use.
 */
enum pci_win_type { PCI_WIN_IO, PCI_WIN_MEM, PCI_WIN_PREF, PCI_WIN_NR };

/* How a function's interrupts are delivered now. */
enum pci_irq_mode {
	PCI_IRQ_MODE_NONE, /* no message interrupts: the driver polls (INTx is not routed) */
	PCI_IRQ_MODE_MSI,
	PCI_IRQ_MODE_MSIX,
};

enum pci_bar_kind {
	PCI_BAR_NONE, /* not implemented, or the upper half of the previous mem64 BAR */
	PCI_BAR_IO,
	PCI_BAR_MEM32,
	PCI_BAR_MEM64,
};

/*
 * A BAR, or the expansion ROM (bar[PCI_ROM_RESOURCE]: PCI_BAR_MEM32 when the function has one,
 * sized like a BAR; never assigned, enabled or counted as a failure by the core, see setup-res.c).
 */
struct pci_bar {
	enum pci_bar_kind kind;
	bool prefetch; /* memory BARs only */
	bool assigned; /* addr holds the address the BAR was given (by firmware or by us) */
	bool no_fit;   /* firmware left it unassigned and no window could take it */
	u64 addr;      /* bus address, when assigned */
	u64 size;      /* power of two; 0 for PCI_BAR_NONE */
};

struct pci_dev {
	struct pci_host *host;
	struct pci_dev *parent; /* upstream bridge; NULL on the host's root bus */
	struct pci_dev *next;	/* every function of every host, depth-first order */
	u16 segment;
	u8 bus;
	u8 dev;
	u8 fn;
	u16 vendor;
	u16 device;
	u32 class; /* base << 16 | subclass << 8 | prog-if */
	u8 revision;
	u8 hdr_type; /* PCI_HEADER_TYPE_NORMAL or _BRIDGE (multi-function bit stripped) */
	u8 pcie_cap; /* offset of the PCI Express capability; 0: conventional PCI */
	u8 nr_bars;  /* 6 for header type 0, 2 for a bridge */
	struct pci_bar bar[PCI_ROM_RESOURCE + 1]; /* BARs 0 to nr_bars - 1, then the ROM */
	bool rom_enabled; /* the ROM's enable bit is set (firmware's choice, kept as found) */
	/* Bridges only: the bus range below and the windows forwarded to it. */
	u8 secondary;
	u8 subordinate;
	struct pci_window win[PCI_WIN_NR];
	/* Message-signalled interrupts in use (drivers/pci/msi.c). */
	enum pci_irq_mode irq_mode;
	unsigned int irq_base;	  /* the first of nr_irq_vecs consecutive irqs */
	unsigned int nr_irq_vecs; /* 0 while irq_mode is PCI_IRQ_MODE_NONE */
	u16 intx_saved;		  /* PCI_COMMAND_INTX_DISABLE as it was before MSI */
	u64 msix_table_pa;	  /* the MSI-X table's bus address, once found */
	void *msix_table;	  /* kernel: its mapping, made once and kept (no iounmap) */
};

/*
 * One PCI segment's bus range [bus_start, bus_end] behind one config mechanism; the root bus is
 * bus_start. The caller fills segment, bus_start, bus_end, ops and priv; the core fills the rest.
 */
struct pci_host {
	u16 segment;
	u8 bus_start;
	u8 bus_end;
	const struct pci_ops *ops;
	void *priv;			   /* accessor state (ECAM mapping, fake config space) */
	struct pci_window win[PCI_WIN_NR]; /* derived from firmware's assignments */
	unsigned int nr_no_fit;		   /* BARs left disabled for lack of room */
	struct pci_dev *devs;		   /* its first function; the rest follow in the list */
	struct pci_host *next;
};

/*
 * Enumerate a host and make its devices usable, then add them to the device list:
 *  1. scan depth-first from bus_start: every device, every function of multi-function devices,
 *     bridges (header 1) recursed into; a bridge whose secondary bus is 0 (firmware left it
 *     unnumbered) gets the next free bus number and a subordinate covering what lies below it;
 *  2. size every BAR and the expansion ROM BAR (decode off while sizing, the ROM's enable bit
 *     clear in the probe value; original BAR, ROM and COMMAND values restored);
 *  3. derive the host windows from what firmware already assigned - we do not parse AML _CRS, so
 *     each window is the span [lowest start, highest end] of the assigned root-bus BARs and
 *     root-bus bridge windows of its type (MEM below 4 GiB, PREF above): only addresses firmware
 *     already routed to this host are ever handed out;
 *  4. assign each unassigned BAR the lowest naturally aligned free range in the window of its
 *     parent bridge (or host), opening a closed bridge window if needed and programming it;
 *     a BAR that does not fit is marked no_fit (and counted in nr_no_fit), its decode left off;
 *     expansion ROMs are not assigned, and the range of one firmware assigned is kept free;
 *  5. pci_enable_device() on every function.
 * Returns 0; -EINVAL for an empty bus range or missing ops; -EEXIST when the range overlaps a
 * registered host; -ENOMEM when out of memory (nothing is registered then, but bridges numbered
 * before the failure keep their bus numbers).
 */
int pci_host_register(struct pci_host *host);

/* Remove a registered host's devices from the list and free them. The hardware is untouched. */
void pci_host_unregister(struct pci_host *host);

/* ------------------------------------------------------------------------ config access */

u8 pci_config_readb(const struct pci_dev *dev, u16 where);
u16 pci_config_readw(const struct pci_dev *dev, u16 where);
u32 pci_config_readl(const struct pci_dev *dev, u16 where);
void pci_config_writeb(const struct pci_dev *dev, u16 where, u8 val);
void pci_config_writew(const struct pci_dev *dev, u16 where, u16 val);
void pci_config_writel(const struct pci_dev *dev, u16 where, u32 val);

/* Offset of the first capability with this ID in the standard list, or 0 when there is none. */
u8 pci_find_capability(const struct pci_dev *dev, u8 cap_id);
/* The next capability with this ID after the one at pos (a vendor may have several), or 0. */
u8 pci_find_next_capability(const struct pci_dev *dev, u8 pos, u8 cap_id);

/* ------------------------------------------------------------------------ lookup */

/* The first function in depth-first order of every host (registration order), or NULL. */
struct pci_dev *pci_dev_first(void);
#define pci_for_each_dev(d) for ((d) = pci_dev_first(); (d); (d) = (d)->next)

/*
 * The index-th (from 0) function with this vendor and device ID, either may be PCI_ANY_ID.
 * Returns NULL when there are not that many.
 */
struct pci_dev *pci_get_device(u16 vendor, u16 device, unsigned int index);

/* The function at segment:bus:dev.fn, or NULL. */
struct pci_dev *pci_get_slot(u16 segment, u8 bus, u8 dev, u8 fn);

/* ------------------------------------------------------------------------ enable */

/*
 * Turn on memory decode when every memory BAR of dev is assigned and at least one exists, and I/O
 * decode likewise for I/O BARs; a bridge also gets both (it forwards its windows). Decode of a
 * space that has a no_fit BAR stays off, as one BAR cannot be disabled alone. The expansion ROM
 * plays no part: its enable bit stays as firmware left it.
 * Returns 0, or -ENOSPC when a BAR is unassigned (the other space is still enabled).
 */
int pci_enable_device(struct pci_dev *dev);

/* Let dev master the bus (DMA, MSI). */
void pci_set_master(struct pci_dev *dev);

/* ------------------------------------------------------------------------ MSI and MSI-X */

/* pci_alloc_irq_vectors() flags (Linux values). */
#define PCI_IRQ_MSI BIT(1)
#define PCI_IRQ_MSIX BIT(2)

/*
 * Give dev between min and max message-signalled interrupts from the machine's MSI domain
 * (msi_get_domain()), MSI-X first when flags allow it and the function has the capability, else
 * MSI. MSI grants a power of two no larger than the capability's Multiple Message Capable (so
 * max 3 on a 4-vector function gets 2). The messages are programmed, the capability enabled,
 * INTx disabled and bus mastering enabled (the device's message write is a DMA write). The irqs
 * come back masked at the controller, without handlers: request_irq() each pci_irq_vector().
 * Returns the number granted, or a negative errno: -EINVAL for min 0, min > max, vectors already
 * allocated, or no capability that flags allow; -ENODEV when the machine has no MSI domain;
 * -ENOSPC when fewer than min can be had (the capability or the domain); -ENOMEM when the MSI-X
 * table cannot be mapped. After a failure the function is as it was: capabilities off, INTx
 * and COMMAND unchanged, nothing held in the domain.
 */
int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min, unsigned int max,
			  unsigned int flags);

/* The irq of vector nr (from 0), or -EINVAL when dev has fewer vectors. */
int pci_irq_vector(const struct pci_dev *dev, unsigned int nr);

/*
 * Undo pci_alloc_irq_vectors(): every vector masked at the function (MSI per-vector mask bits
 * when capable, MSI-X vector control), the capability disabled, INTx disable as it was before,
 * the irqs returned to the domain. Every handler on them must have been freed (free_irq()). Bus
 * mastering stays on: the driver may still do DMA. Nothing happens when dev has no vectors.
 */
void pci_free_irq_vectors(struct pci_dev *dev);

/* ------------------------------------------------------------------------ listing */

/* Receives one line of the listing, without a newline. */
typedef void (*pci_emit_fn)(void *priv, const char *line);

/*
 * The listing lines of one function, the format the boot log and the shell's lspci share:
 *   "SSSS:BB:DD.F VVVV:DDDD class CCCCCC <short name>"   (hex, short name: pci_class_name())
 * then per implemented BAR
 *   "  BARn KIND[ pref] 0xADDRESS size 0xSIZE"   KIND: mem64, mem32 or io;
 * then, when the function has an expansion ROM,
 *   "  ROM mem32 0xADDRESS size 0xSIZE STATE"    STATE: enabled or disabled (its enable bit);
 * with "unassigned" in place of 0xADDRESS when the BAR or ROM has no address.
 */
void pci_print_dev(const struct pci_dev *dev, pci_emit_fn emit, void *priv);

/* pci_print_dev() for every function, in list order. */
void pci_print_all(pci_emit_fn emit, void *priv);

/* A short lower-case name for a class code ("host bridge", "PCI bridge", "ethernet", ...). */
const char *pci_class_name(u32 class);

/* ------------------------------------------------------------------------ kernel start-up */

/*
 * Kernel only (drivers/pci/hw/): register one ECAM host per ACPI MCFG entry, or, when there is
 * no MCFG, the PC's legacy mechanism (pci_legacy_init()); print the listing and every BAR
 * that did not fit. Failures are reported on the console; the boot goes on.
 */
void pci_init(void);

/*
 * Kernel only (drivers/pci/hw/legacy.c): register the config mechanism that needs no ACPI (PC
 * ports 0xCF8/0xCFC) as the host of segment 0, buses 0-255. Returns pci_host_register()'s
 * result, or -ENODEV when the CPU has no I/O ports (arm64).
 */
int pci_legacy_init(void);

#endif
