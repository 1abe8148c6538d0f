/* Linux's names for masking interrupts on this CPU (the arch primitives are in arch.h). */
#ifndef PAGODA_IRQFLAGS_H
#define PAGODA_IRQFLAGS_H

#include "arch.h"

#define local_irq_save(flags) ((flags) = arch_local_irq_save())
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_irq_enable() arch_local_irq_enable()
#define local_irq_disable() arch_local_irq_disable()
#define irqs_disabled() arch_irqs_disabled()

#endif
