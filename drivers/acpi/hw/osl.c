/*
 * The memory-space register accessors of drivers/acpi/acpi.h for the kernel. Fixed-hardware
 * registers are few and polled (SCI_EN for up to seconds), so the last mapped page is kept
 * instead of mapping on every access: ioremap() space is never given back.
 */
#include <errno.h>

#include <asm/io.h>

#include "drivers/acpi/acpi.h"
#include "mm/ioremap.h"

static phys_addr_t mapped_pa = 1; /* page-aligned when valid: 1 matches no page */
static void *mapped_va;

/* The virtual address of register pa (size bytes), or NULL when it cannot be mapped. */
static void *acpi_os_map(phys_addr_t pa, unsigned int size)
{
	phys_addr_t page = pa & ~(phys_addr_t)(PAGE_SIZE - 1);

	if ((pa + size - 1) >> PAGE_SHIFT != pa >> PAGE_SHIFT)
		return NULL; /* registers are naturally aligned: never across a page */
	if (page != mapped_pa) {
		void *va = ioremap(page, PAGE_SIZE);

		if (!va)
			return NULL;
		mapped_pa = page;
		mapped_va = va;
	}
	return (u8 *)mapped_va + (pa - page);
}

int acpi_os_read_memory(phys_addr_t pa, unsigned int size, u32 *val)
{
	void *va = acpi_os_map(pa, size);

	if (!va)
		return -ENOMEM;
	*val = size == 1 ? readb(va) : size == 2 ? readw(va) : readl(va);
	return 0;
}

int acpi_os_write_memory(phys_addr_t pa, unsigned int size, u32 val)
{
	void *va = acpi_os_map(pa, size);

	if (!va)
		return -ENOMEM;
	if (size == 1)
		writeb(val, va);
	else if (size == 2)
		writew(val, va);
	else
		writel(val, va);
	return 0;
}
