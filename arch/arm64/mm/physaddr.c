/* The CPU's physical address width (arch.h), from ID_AA64MMFR0_EL1.PARange. */
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>

#include "arch.h"

/*
 * PARange encodes 32, 36, 40, 42, 44, 48 or 52 bits. 52 bits needs the FEAT_LPA descriptor
 * format, which Pagoda does not use: its descriptors hold 48-bit addresses (PHYS_MASK_SHIFT).
 */
unsigned int arch_phys_addr_bits(void)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned long range = ID_AA64MMFR0_PARANGE(read_sysreg(id_aa64mmfr0_el1));

	if (range >= ARRAY_SIZE(bits))
		return PHYS_MASK_SHIFT;
	return MIN(bits[range], PHYS_MASK_SHIFT);
}
