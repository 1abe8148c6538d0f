/*
 * The screen console: the GOP framebuffer the loader found, mapped write-combining, showing
 * printk output through fbcon (drivers/video/fbcon.h). Serial stays the primary console; this
 * one is for machines whose only output is a screen.
 */
#include <errno.h>

#include <asm/io.h>
#include <asm/pgtable.h>

#include "drivers/video/fbcon.h"
#include "mm/ioremap.h"
#include "mm/slab.h"
#include "printk.h"

static struct efifb {
	struct console con;
	struct fbcon fbcon;
	phys_addr_t base;
	u64 size;
	bool removed; /* a driver took the display over (efifb_remove_conflicting) */
} efifb;

static void efifb_write(struct console *con, const char *s, size_t len)
{
	if (efifb.removed)
		return;
	fbcon_write(&efifb.fbcon, s, len);
	wmb(); /* the pixels, written through a write-combining mapping, reach the display now */
}

static const char *efifb_format_name(u32 format)
{
	return format == BOOT_FB_RGBX8888 ? "RGBX" : "BGRX";
}

int efifb_init(const struct boot_fb *fb)
{
	u64 len;
	void *pixels;
	u8 *cells;
	int err;

	if (!fb)
		return -ENODEV;
	err = fbcon_check_mode(fb);
	len = (u64)fb->stride * fb->height * sizeof(u32);
	if (err || len > fb->size) {
		printk("efifb: cannot draw on a %ux%u mode (stride %u, format %u, %#llx bytes)\n",
		       fb->width, fb->height, fb->stride, fb->format, (unsigned long long)fb->size);
		return -EINVAL;
	}
	cells = kmalloc(fbcon_cells_size(fb->width, fb->height));
	pixels = cells ? ioremap_prot(fb->base, len, vm_get_page_prot(VM_READ | VM_WRITE, MT_WC)) :
			 NULL;
	if (!pixels) {
		kfree(cells);
		printk("efifb: out of memory\n");
		return -ENOMEM;
	}
	fbcon_setup(&efifb.fbcon, pixels, fb, cells);
	efifb.base = fb->base;
	efifb.size = len;
	efifb.con = (struct console){ .name = "efifb", .write = efifb_write };
	console_register(&efifb.con);
	printk("efifb: %ux%u %s at %#llx, %ux%u text console\n", fb->width, fb->height,
	       efifb_format_name(fb->format), (unsigned long long)fb->base, efifb.fbcon.cols,
	       efifb.fbcon.rows);
	return 0;
}

void efifb_remove_conflicting(phys_addr_t base, u64 size, const char *name)
{
	if (!efifb.con.write || efifb.removed)
		return;
	if (efifb.base >= base + size || base >= efifb.base + efifb.size)
		return;
	printk("efifb: %s takes over the display; screen console off\n", name);
	efifb.removed = true;
}
