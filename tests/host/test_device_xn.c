/*
 * Device and write-combining memory is never executable, whatever the VMA asks: a speculative
 * instruction fetch would read device registers. Checked on the raw entry bits
 * (host_leaf_executable) at every level and for every combination of VM_* flags.
 */
#include "host_arch.h"
#include "mm/pgtable.h"
#include "tap.h"

/* Every combination of read, write, exec, shared and user. */
#define NR_FLAG_COMBOS 32
static unsigned long combo_flags(unsigned int i)
{
	return (i & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)) | (i & 16 ? VM_USER : 0);
}

/* Is a leaf of each level built from vm_get_page_prot(flags, mt) executable? Checks they agree. */
static bool leaves_executable(unsigned long flags, enum mem_type mt)
{
	pgprot_t prot = vm_get_page_prot(flags, mt);
	bool pte = host_leaf_executable(pte_val(pfn_pte(0x12345, prot)));

	CHECK_EQ(host_leaf_executable(pmd_val(pfn_pmd(0x12345UL << 9, prot))), pte);
	CHECK_EQ(host_leaf_executable(pud_val(pfn_pud(0x123UL << 18, prot))), pte);
	return pte;
}

TEST(device_and_wc_leaves_never_executable)
{
	static const enum mem_type io_types[] = { MT_DEVICE, MT_WC };

	for (unsigned int t = 0; t < ARRAY_SIZE(io_types); t++)
		for (unsigned int i = 0; i < NR_FLAG_COMBOS; i++)
			CHECK(!leaves_executable(combo_flags(i), io_types[t]));
}

/* The control: normal memory is executable exactly when the VMA asks for it. */
TEST(normal_leaves_executable_only_with_vm_exec)
{
	for (unsigned int i = 0; i < NR_FLAG_COMBOS; i++) {
		unsigned long flags = combo_flags(i);

		if (flags & (VM_READ | VM_WRITE | VM_EXEC))
			CHECK_EQ(leaves_executable(flags, MT_NORMAL), !!(flags & VM_EXEC));
	}
}
