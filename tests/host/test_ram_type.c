/*
 * RAM is never mapped with a memory type other than MT_NORMAL: the direct map holds it
 * write-back, and a device or write-combining alias of the same bytes is undefined on x86 and
 * incoherent on arm64. mmap of a pfnmap, remap_pfn_range and ioremap refuse such a range with
 * -EINVAL (NULL for ioremap) before changing anything, whether it lies in RAM wholly or partly;
 * the same range as MT_NORMAL, and holes or MMIO as device memory, are mapped as before.
 *
 * The layout, in the host arena (B = HOST_PHYS_BASE; nothing below B):
 *
 *	B        .. B+32M   free RAM
 *	B+32M    .. B+48M   hole
 *	B+48M    .. B+52M   reserved (MMIO)
 *	B+52M    .. B+56M   ACPI NVS: firmware-owned, but RAM the direct map covers
 *	B+56M    .. B+64M   kernel
 */
#include <errno.h>

#include "host_env.h"
#include "mm/ioremap.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pfnmap.h"
#include "mm/pgtable.h"
#include "mm/vma.h"
#include "phys.h"
#include "pt_fixture.h"
#include "tap.h"

#define B HOST_PHYS_BASE
#define MB (1UL << 20)
#define P PAGE_SIZE
#define VA_4G (4UL << 30)
#define PFN(addr) PHYS_PFN(addr)

static const struct boot_mem_region layout[] = {
	{ B + 56 * MB, 8 * MB, BOOT_MEM_KERNEL, 0 }, /* out of order: the record sorts */
	{ B, 32 * MB, BOOT_MEM_FREE, 0 },
	{ B + 48 * MB, 2 * MB, BOOT_MEM_RESERVED, 0 },
	{ B + 50 * MB, 2 * MB, BOOT_MEM_MMIO, 0 }, /* EfiMemoryMappedIO: not RAM either */
	{ B + 52 * MB, 4 * MB, BOOT_MEM_ACPI_NVS, 0 },
};

struct pfn_range {
	pfn_t pfn;
	unsigned long pages;
};

/* Wholly or partly RAM. */
static const struct pfn_range ram[] = {
	{ PFN(B + 16 * MB), 1 },     /* inside free RAM */
	{ PFN(B) - 2, 4 },	     /* hole below, then RAM */
	{ PFN(B + 32 * MB) - 1, 2 }, /* the last RAM page, then the hole */
	{ PFN(B + 52 * MB) - 2, 4 }, /* MMIO, then ACPI NVS */
	{ PFN(B + 52 * MB), 1 },     /* firmware RAM */
	{ PFN(B + 64 * MB) - 1, 1 }, /* the last page of RAM */
	{ 0, PFN(B + (2UL << 30)) }, /* everything, RAM in the middle */
};

/* No RAM: the edges of RAM, the hole, the MMIO range. */
static const struct pfn_range not_ram[] = {
	{ PFN(B) - 4, 4 },		    /* ends where RAM starts */
	{ PFN(B + 32 * MB), PFN(16 * MB) }, /* the hole */
	{ PFN(B + 48 * MB), PFN(4 * MB) },  /* MMIO */
	{ PFN(B + 64 * MB), 1 },	    /* starts where RAM ends */
};

static const enum mem_type device_types[] = { MT_DEVICE, MT_WC };

static void load_layout(void)
{
	host_env_init();
	CHECK_EQ(host_env_load(layout, ARRAY_SIZE(layout)), 0);
}

TEST(ram_type_intersects_ram)
{
	load_layout();
	for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
		CHECK(pfn_range_intersects_ram(ram[i].pfn, ram[i].pages));
	for (unsigned int i = 0; i < ARRAY_SIZE(not_ram); i++)
		CHECK(!pfn_range_intersects_ram(not_ram[i].pfn, not_ram[i].pages));
	CHECK(!pfn_range_intersects_ram(PFN(B), 0));
	/* Huge lengths are compared, never added: no wrap-around. */
	CHECK(pfn_range_intersects_ram(PFN(B) - 1, ~0UL));
	CHECK(!pfn_range_intersects_ram(PFN(B + 64 * MB), ~0UL));
	/* Touching RAM regions merge: the NVS and kernel regions form one range. */
	CHECK(pfn_range_intersects_ram(PFN(B + 56 * MB) - 1, 2));
	host_env_reset();
}

/* Wholly RAM: inside one merged range, however many regions it spans; any hole breaks it. */
TEST(ram_type_is_ram)
{
	load_layout();
	CHECK(pfn_range_is_ram(PFN(B), PFN(32 * MB)));		 /* all the free RAM */
	CHECK(pfn_range_is_ram(PFN(B + 52 * MB), PFN(12 * MB))); /* NVS then kernel: merged */
	CHECK(pfn_range_is_ram(PFN(B + 64 * MB) - 1, 1));
	CHECK(!pfn_range_is_ram(PFN(B) - 1, 2));	   /* a hole page, then RAM */
	CHECK(!pfn_range_is_ram(PFN(B + 32 * MB) - 1, 2)); /* RAM, then the hole */
	CHECK(!pfn_range_is_ram(PFN(B), PFN(64 * MB)));	   /* spans the hole and MMIO */
	CHECK(!pfn_range_is_ram(PFN(B + 48 * MB), 1));	   /* MMIO */
	CHECK(!pfn_range_is_ram(PFN(B), 0));
	CHECK(!pfn_range_is_ram(PFN(B), ~0UL)); /* compared, never added */
	host_env_reset();
}

/* Overlapping regions merge, a region bridging two joins them, partial pages do not count. */
TEST(ram_type_record_merges_and_rounds_inward)
{
	static const struct boot_mem_region messy[] = {
		{ B, 4 * MB, BOOT_MEM_FREE, 0 },
		{ B + 8 * MB, 4 * MB, BOOT_MEM_RUNTIME, 0 },
		{ B + 2 * MB, 8 * MB, BOOT_MEM_RECLAIMABLE, 0 },
		{ B + 16 * MB + 100, 3 * P, BOOT_MEM_ACPI_RECLAIM, 0 },
	};
	static struct boot_mem_region too_many[BOOT_MAX_REGIONS + 1] = {
		{ B, 4 * MB, BOOT_MEM_FREE, 0 },
	};

	for (unsigned int i = 1; i < ARRAY_SIZE(too_many); i++)
		too_many[i] = (struct boot_mem_region){ 0, P, BOOT_MEM_RESERVED, 0 };
	host_env_init();
	CHECK_EQ(host_env_load(messy, ARRAY_SIZE(messy)), 0);
	CHECK(pfn_range_intersects_ram(PFN(B + 12 * MB) - 1, 1));
	CHECK(!pfn_range_intersects_ram(PFN(B + 12 * MB), PFN(4 * MB)));
	CHECK(!pfn_range_intersects_ram(PFN(B + 16 * MB), 1)); /* holds 100 bytes of hole */
	CHECK(pfn_range_intersects_ram(PFN(B + 16 * MB) + 1, 1));
	CHECK(pfn_range_intersects_ram(PFN(B + 16 * MB) + 2, 1));
	CHECK(!pfn_range_intersects_ram(PFN(B + 16 * MB) + 3, 1)); /* the partial last page */
	/* More regions than boot_info can carry: refused, and nothing is RAM. */
	CHECK_EQ(host_env_load(too_many, ARRAY_SIZE(too_many)), -EINVAL);
	CHECK(!pfn_range_intersects_ram(PFN(B), 1));
	host_env_reset();
}

/* mm_mmap_pfn() of r with mt: its result; a mapping made is unmapped again. */
static int mmap_range(struct mm_struct *mm, const struct pfn_range *r, enum mem_type mt)
{
	unsigned long va = 0;
	int err = mm_mmap_pfn(mm, 0, r->pfn, r->pages * P, VM_READ | VM_WRITE | VM_SHARED, mt, &va);

	if (!err) {
		CHECK_EQ(find_vma(mm, va)->mem_type, mt);
		CHECK_EQ(do_munmap(mm, va, r->pages * P), 0);
	}
	return err;
}

TEST(ram_type_mmap_pfn)
{
	unsigned long free_before, free_with_mm;
	struct mm_struct *mm;

	load_layout();
	free_before = nr_free_pages();
	mm = mm_create();
	free_with_mm = nr_free_pages();
	for (unsigned int t = 0; t < ARRAY_SIZE(device_types); t++) {
		for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++) {
			CHECK_EQ(mmap_range(mm, &ram[i], device_types[t]), -EINVAL);
			CHECK_EQ(mm->map_count, 0);
			CHECK(first_vma(mm) == NULL);
			CHECK_EQ(nr_free_pages(), free_with_mm);
		}
		for (unsigned int i = 0; i < ARRAY_SIZE(not_ram); i++)
			CHECK_EQ(mmap_range(mm, &not_ram[i], device_types[t]), 0);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
		CHECK_EQ(mmap_range(mm, &ram[i], MT_NORMAL), 0);
	CHECK_EQ(mm->map_count, 0);
	mm_destroy(mm);
	CHECK_EQ(nr_free_pages(), free_before);
	host_env_reset();
}

/* A page the allocator handed out is RAM for sure, whatever the layout. */
TEST(ram_type_mmap_allocated_page)
{
	struct mm_struct *mm;
	struct page *page;

	host_env_init();
	mm = mm_create();
	page = alloc_page();
	for (unsigned int t = 0; t < ARRAY_SIZE(device_types); t++) {
		struct pfn_range r = { page_to_pfn(page), 1 };

		CHECK_EQ(mmap_range(mm, &r, device_types[t]), -EINVAL);
		CHECK_EQ(mm->map_count, 0);
		CHECK_EQ(mmap_range(mm, &r, MT_NORMAL), 0);
	}
	__free_page(page);
	mm_destroy(mm);
}

/*
 * remap_pfn_range() over a whole VMA may pick any pfn, so the VMA's memory type alone decides:
 * a device or write-combining VMA (set up over the hole) refuses RAM with nothing mapped and
 * vm_pgoff unchanged.
 */
TEST(ram_type_remap_pfn_range)
{
	for (unsigned int t = 0; t < ARRAY_SIZE(device_types); t++) {
		for (unsigned int i = 0; i < ARRAY_SIZE(ram) - 1; i++) {
			unsigned long len = ram[i].pages * P;
			struct vm_area_struct *vma;
			struct pt_fixture f;
			unsigned long tables;
			pfn_t pfn;

			load_layout();
			ptf_init(&f);
			vma = ptf_add_pfnmap(&f, VA_4G, len, PFN(B + 32 * MB), device_types[t]);
			tables = f.mm.nr_pgtables;
			CHECK_EQ(remap_pfn_range(vma, VA_4G, ram[i].pfn, len), -EINVAL);
			CHECK_EQ(ptf_follow(&f, VA_4G, &pfn), -1);
			CHECK_EQ(f.mm.nr_pgtables, tables);
			CHECK_EQ(vma->vm_pgoff, PFN(B + 32 * MB));
			/* The hole it was made for maps. */
			CHECK_EQ(remap_pfn_range(vma, VA_4G, PFN(B + 32 * MB), len), 0);
			CHECK_EQ(ptf_follow(&f, VA_4G, &pfn), PT_PTE);
			CHECK_EQ(pfn, PFN(B + 32 * MB));
			ptf_finish(&f);
		}
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(ram) - 1; i++) {
		unsigned long len = ram[i].pages * P;
		struct vm_area_struct *vma;
		struct pt_fixture f;
		pfn_t pfn;

		load_layout();
		ptf_init(&f);
		vma = ptf_add_pfnmap(&f, VA_4G, len, ram[i].pfn, MT_NORMAL);
		CHECK_EQ(remap_pfn_range(vma, VA_4G, ram[i].pfn, len), 0);
		CHECK_EQ(ptf_follow(&f, VA_4G, &pfn), PT_PTE);
		CHECK_EQ(pfn, ram[i].pfn);
		ptf_finish(&f);
	}
	host_env_reset();
}

/*
 * ioremap refuses RAM as device or write-combining memory without spending virtual space: the
 * next mapping lands right after the last one made. Kernel mappings go into a private root
 * table: the host has no kernel half.
 */
TEST(ram_type_ioremap)
{
	pgd_t *saved = swapper_pg_dir;
	unsigned long free_before;
	u8 *va, *next;

	load_layout();
	swapper_pg_dir = __va(pt_alloc_table());
	va = ioremap(B + 48 * MB, P);
	CHECK(va != NULL);
	free_before = nr_free_pages();
	for (unsigned int t = 0; t < ARRAY_SIZE(device_types); t++) {
		pgprot_t prot = vm_get_page_prot(VM_READ | VM_WRITE, device_types[t]);

		for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
			CHECK(ioremap_prot(PFN_PHYS(ram[i].pfn), ram[i].pages * P, prot) == NULL);
		/* A few bytes straddling the start of RAM. */
		CHECK(ioremap_prot(B - 8, 16, prot) == NULL);
	}
	CHECK(ioremap(B + 52 * MB, P) == NULL);
	CHECK_EQ(nr_free_pages(), free_before);
	next = ioremap(B + 48 * MB + P, P);
	CHECK(next == va + P);
	for (unsigned int i = 0; i < ARRAY_SIZE(not_ram); i++)
		CHECK(ioremap(PFN_PHYS(not_ram[i].pfn), not_ram[i].pages * P) != NULL);
	CHECK(ioremap_prot(B + 16 * MB, P, vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL)) !=
	      NULL);
	/* The tables stay allocated (no iounmap); nobody else uses this root. */
	swapper_pg_dir = saved;
	host_env_reset();
}
