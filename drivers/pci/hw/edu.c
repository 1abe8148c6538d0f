/* The edu device's register interface (edu.h). */
#include <errno.h>

#include <asm/io.h>

#include "drivers/pci/bar_map.h"
#include "drivers/pci/hw/edu.h"

/*
 * Polls of the status register before giving up. QEMU computes in a thread of its own and
 * finishes within microseconds; each poll is an emulated MMIO read (about a microsecond or more
 * under TCG), so this allows seconds even on a loaded host, yet a dead device cannot hang a test.
 */
#define EDU_MAX_POLLS 10000000UL

int edu_probe(struct pci_dev *pdev, struct edu_device *edu)
{
	u8 *regs = pci_ioremap_bar(pdev, 0);

	if (!regs || (readl(regs + EDU_REG_IDENT) & 0xff) != EDU_IDENT_MAGIC)
		return -ENODEV;
	edu->pdev = pdev;
	edu->regs = regs;
	return 0;
}

u32 edu_ident(const struct edu_device *edu)
{
	return readl(edu->regs + EDU_REG_IDENT);
}

u32 edu_liveness(const struct edu_device *edu, u32 val)
{
	writel(val, edu->regs + EDU_REG_LIVENESS);
	return readl(edu->regs + EDU_REG_LIVENESS);
}

int edu_factorial(const struct edu_device *edu, u32 n, u32 *result)
{
	unsigned long polls = 0;

	writel(n, edu->regs + EDU_REG_FACTORIAL);
	while (readl(edu->regs + EDU_REG_STATUS) & EDU_STATUS_COMPUTING)
		if (++polls == EDU_MAX_POLLS)
			return -ETIMEDOUT;
	*result = readl(edu->regs + EDU_REG_FACTORIAL);
	return 0;
}
