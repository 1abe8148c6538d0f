/*
 * The 8259 PICs (i8259.h). Initialisation words as Linux's init_8259A(): ICW1 edge, cascade,
 * ICW4 needed; ICW2 the vector base; ICW3 the cascade on IRQ2; ICW4 8086 mode, normal EOI.
 */
#include <asm/io.h>

#include "drivers/irqchip/x86/i8259.h"
#include "drivers/irqchip/x86/vector.h"
#include "irq.h"

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_IMR 0x21
#define PIC_SLAVE_CMD 0xa0
#define PIC_SLAVE_IMR 0xa1
#define ICW1_INIT_ICW4 0x11
#define ICW3_MASTER_CASCADE 0x04 /* slave on IRQ2 */
#define ICW3_SLAVE_ID 0x02
#define ICW4_8086 0x01
#define OCW2_SPECIFIC_EOI_IRQ2 0x62
#define PIC_SLAVE_SPURIOUS 15

void i8259_init(void)
{
	outb(0xff, PIC_MASTER_IMR);
	outb(0xff, PIC_SLAVE_IMR);
	outb(ICW1_INIT_ICW4, PIC_MASTER_CMD);
	outb(ISA_IRQ_VECTOR_BASE, PIC_MASTER_IMR);
	outb(ICW3_MASTER_CASCADE, PIC_MASTER_IMR);
	outb(ICW4_8086, PIC_MASTER_IMR);
	outb(ICW1_INIT_ICW4, PIC_SLAVE_CMD);
	outb(ISA_IRQ_VECTOR_BASE + 8, PIC_SLAVE_IMR);
	outb(ICW3_SLAVE_ID, PIC_SLAVE_IMR);
	outb(ICW4_8086, PIC_SLAVE_IMR);
	outb(0xff, PIC_MASTER_IMR); /* initialisation unmasked them again */
	outb(0xff, PIC_SLAVE_IMR);
}

/*
 * Every line is masked, so only the PICs' own spurious IRQ 7 or 15 can get here. A spurious 15
 * came through the master's cascade input, which is in service there and needs an EOI; a
 * spurious 7 is in service nowhere.
 */
void i8259_spurious(unsigned int vector)
{
	if (vector - ISA_IRQ_VECTOR_BASE == PIC_SLAVE_SPURIOUS)
		outb(OCW2_SPECIFIC_EOI_IRQ2, PIC_MASTER_CMD);
	irq_count_spurious();
}
