/*
 * Boot-foundation tests: the kernel's own mappings as the MMU enforces them, and exact page
 * accounting. Every expected fault is checked through the exception fixup (probe_*), next to a
 * positive control that must not fault.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "ktest.h"
#include "mm/ioremap.h"
#include "mm/page_alloc.h"
#include "phys.h"

extern char __text_start[], __rodata_start[];

/* A return instruction placed in the data section, where executing must fault. */
#if defined(__x86_64__)
static u8 data_ret_insn[4] __attribute__((aligned(4))) = { 0xc3 };
#else
static u8 data_ret_insn[4] __attribute__((aligned(4))) = { 0xc0, 0x03, 0x5f, 0xd6 };
#endif

static void text_ret(void)
{
}

KTEST(boot, address_zero_faults)
{
	static volatile u64 mapped;

	KCHECK_EQ(probe_read((const void *)&mapped), 0);
	KCHECK_EQ(probe_read(NULL), -EFAULT);
	KCHECK_EQ(probe_write(NULL), -EFAULT);
	KCHECK_EQ(probe_read((void *)0x1000), -EFAULT);
}

KTEST(boot, kernel_text_is_not_writable)
{
	KCHECK_EQ(probe_read(__text_start), 0);
	KCHECK_EQ(probe_write(__text_start), -EFAULT);
	KCHECK_EQ(probe_write((void *)text_ret), -EFAULT);
	KCHECK_EQ(probe_write(__rodata_start), -EFAULT);
}

KTEST(boot, data_is_not_executable)
{
	struct page *page = alloc_page();

	KCHECK_EQ(probe_exec((const void *)text_ret), 0);
	KCHECK_EQ(probe_write(data_ret_insn), 0);
	KCHECK_EQ(probe_exec(data_ret_insn), -EFAULT);
	KCHECK(page);
	if (!page)
		return;
	/* The direct map is never executable either. */
	memcpy(page_address(page), data_ret_insn, sizeof(data_ret_insn));
	KCHECK_EQ(probe_exec(page_address(page)), -EFAULT);
	__free_page(page);
}

KTEST(boot, second_mapping_sees_same_bytes)
{
	struct page *page = alloc_page();
	u64 *direct, *alias;

	KCHECK(page);
	if (!page)
		return;
	direct = page_address(page);
	alias = ioremap_prot(page_to_phys(page), PAGE_SIZE,
			     vm_get_page_prot(VM_READ | VM_WRITE, MT_NORMAL));
	KCHECK(alias);
	if (!alias)
		return;
	KCHECK((unsigned long)alias != (unsigned long)direct);
	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
		direct[i] = 0x5061676f64610000UL + i;
	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
		if (alias[i] != 0x5061676f64610000UL + i) {
			KCHECK_EQ(alias[i], 0x5061676f64610000UL + i);
			break;
		}
	alias[7] = 0xfeedfacecafef00dUL;
	KCHECK_EQ(direct[7], 0xfeedfacecafef00dUL);
	__free_page(page);
}

/* Free blocks of at least this order, counted in blocks of this order. */
static unsigned long free_blocks_at_least(unsigned int order)
{
	unsigned long n = 0;

	for (unsigned int k = order; k <= MAX_PAGE_ORDER; k++)
		n += nr_free_pages_order(k) << (k - order);
	return n;
}

#define CHAIN_END (~(phys_addr_t)0)

/*
 * Allocate every free block of the given order, chaining them through their first word, then
 * free them all: exactly the blocks the free lists promised must come out, and the free count
 * must come back exactly.
 */
static void drain_and_refill(unsigned int order)
{
	unsigned long before = nr_free_pages(), expect = free_blocks_at_least(order), blocks = 0;
	phys_addr_t chain = CHAIN_END;
	struct page *page;

	while ((page = alloc_pages(order))) {
		/* Physical page 0 is never handed out: 0 means "no page" to pt_alloc_table's callers. */
		if (page_to_pfn(page) == 0)
			KCHECK(page_to_pfn(page) != 0);
		*(phys_addr_t *)page_address(page) = chain;
		chain = page_to_phys(page);
		blocks++;
	}
	KCHECK_EQ(blocks, expect);
	KCHECK_EQ(free_blocks_at_least(order), 0);
	if (order == 0)
		KCHECK_EQ(nr_free_pages(), 0);
	while (chain != CHAIN_END) {
		phys_addr_t next = *(phys_addr_t *)__va(chain);

		__free_pages(phys_to_page(chain), order);
		chain = next;
	}
	KCHECK_EQ(nr_free_pages(), before);
}

KTEST(boot, allocate_every_page_order0)
{
	drain_and_refill(0);
}

KTEST(boot, allocate_every_page_large_orders)
{
	drain_and_refill(MAX_PAGE_ORDER);
	drain_and_refill(9);
}
