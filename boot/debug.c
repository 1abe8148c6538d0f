/*
 * Attaching gdb to the loader. The firmware chooses where the loader's PE image lands, so the
 * loader prints that address for the debugger (scripts/gdb/pagoda.py adds the symbols there), and
 * with `debug` on the command line it waits for gdb to let it go on.
 */
#include <efi.h>
#include <string.h>

#include "loader.h"

/* gdb sets this to 1 (`pagoda-loader`) once it has the loader's symbols and its breakpoints. */
volatile int loader_debug_go;

/* True when word stands alone in cmdline (blank-separated, not a prefix of a longer word). */
static bool cmdline_word(const char *cmdline, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = cmdline; (p = strstr(p, word)); p += len)
		if ((p == cmdline || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
			return true;
	return false;
}

void loader_debug_wait(const struct boot_info *bi)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li;

	if (efi_st->BootServices->HandleProtocol(efi_image, &li_guid, (void **)&li) != EFI_SUCCESS)
		return;
	efi_put_hex("loader: image base ", (u64)(uintptr_t)li->ImageBase);
	if (!cmdline_word(bi->cmdline, "debug"))
		return;
	efi_puts("loader: debug: waiting for gdb (pagoda-loader, or set loader_debug_go = 1)\r\n");
	while (!loader_debug_go)
		efi_st->BootServices->Stall(1000);
}
