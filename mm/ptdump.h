/*
 * Page-table dump of an address space: one line per run of leaves with the same level and
 * flags over contiguous addresses, e.g.
 *
 *	0x0000000040000000-0x00000000c0000000     2G PUD RW-U special device
 *	0x00000000c0000000-0x00000000c0200000     2M PTE RW-U -       normal
 *
 * columns: VA range, size, level, R/W/X/U (- when absent, ???? when the protection is none the
 * arch's vm_get_page_prot() makes), special, memory type. Lines go to a callback so that the
 * kernel can printk them and a host test can check them.
 */
#ifndef PAGODA_MM_PTDUMP_H
#define PAGODA_MM_PTDUMP_H

#include "mm/mm_types.h"

/* Longest line ptdump emits, NUL included. */
#define PTDUMP_LINE_MAX 80

typedef void (*ptdump_emit_t)(const char *line, void *priv);

void ptdump(struct mm_struct *mm, ptdump_emit_t emit, void *priv);

#endif
