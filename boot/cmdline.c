/*
 * The kernel command line: the image's LoadOptions when a boot entry or the EFI shell passed
 * text, else cmdline.txt from the folder the loader was started from.
 */
#include <efi.h>
#include <string.h>

#include "loader.h"

/* Copy UCS-2 text to ASCII, turning line breaks and tabs into spaces; false on non-text. */
static bool ucs2_to_cmdline(const CHAR16 *s, UINTN nchars, char *out, UINTN outlen)
{
	UINTN n = 0;

	for (UINTN i = 0; i < nchars && s[i]; i++) {
		CHAR16 c = s[i];

		if (c == '\r' || c == '\n' || c == '\t')
			c = ' ';
		if (c < 0x20 || c > 0x7e)
			return false;
		if (n + 1 < outlen)
			out[n++] = (char)c;
	}
	out[n] = 0;
	return true;
}

/* The EFI shell passes "BOOTX64.EFI arg ..." with the program's own name first: drop it. */
static void strip_program_name(char *cmdline)
{
	char *space = strchr(cmdline, ' ');
	size_t len = space ? (size_t)(space - cmdline) : strlen(cmdline);

	if (len < 4 ||
	    (strncmp(cmdline + len - 4, ".EFI", 4) && strncmp(cmdline + len - 4, ".efi", 4)))
		return;
	while (space && *space == ' ')
		space++;
	memmove(cmdline, space ? space : cmdline + len, strlen(space ? space : cmdline + len) + 1);
}

static void trim(char *s)
{
	size_t n = strlen(s), start = 0;

	while (n && s[n - 1] == ' ')
		s[--n] = 0;
	while (s[start] == ' ')
		start++;
	memmove(s, s + start, n - start + 1);
}

/* Build "<folder of this image>\cmdline.txt" from the image's file path node. */
static bool cmdline_txt_path(EFI_LOADED_IMAGE *li, CHAR16 *path, UINTN max)
{
	EFI_DEVICE_PATH *dp = li->FilePath;
	UINTN n = 0, last_sep = 0;
	static const CHAR16 name[] = u"cmdline.txt";

	for (; dp && !(dp->Type == END_DEVICE_PATH_TYPE);
	     dp = (EFI_DEVICE_PATH *)((u8 *)dp + (dp->Length[0] | dp->Length[1] << 8))) {
		if (dp->Type != MEDIA_DEVICE_PATH || dp->SubType != MEDIA_FILEPATH_DP)
			continue;
		const CHAR16 *p = ((FILEPATH_DEVICE_PATH *)dp)->PathName;

		/* Several file path nodes concatenate into one path. */
		if (n && path[n - 1] != '\\' && p[0] != '\\' && n < max)
			path[n++] = '\\';
		for (; *p && n < max - 1; p++)
			path[n++] = *p;
	}
	for (UINTN i = 0; i < n; i++)
		if (path[i] == '\\')
			last_sep = i + 1;
	if (last_sep + ARRAY_SIZE(name) > max)
		return false;
	memcpy(path + last_sep, name, sizeof(name));
	return true;
}

static EFI_STATUS read_cmdline_txt(EFI_LOADED_IMAGE *li, struct boot_info *bi)
{
	EFI_GUID sfs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *sfs;
	EFI_FILE_PROTOCOL *root, *file;
	CHAR16 path[256];
	char buf[BOOT_CMDLINE_MAX];
	UINTN size = sizeof(buf) - 1;
	EFI_STATUS st;

	if (!cmdline_txt_path(li, path, ARRAY_SIZE(path)))
		return EFI_NOT_FOUND;
	st = efi_st->BootServices->HandleProtocol(li->DeviceHandle, &sfs_guid, (void **)&sfs);
	if (st != EFI_SUCCESS)
		return st;
	st = sfs->OpenVolume(sfs, &root);
	if (st != EFI_SUCCESS)
		return st;
	st = root->Open(root, &file, path, EFI_FILE_MODE_READ, 0);
	if (st == EFI_SUCCESS) {
		st = file->Read(file, &size, buf);
		file->Close(file);
	}
	root->Close(root);
	if (st != EFI_SUCCESS)
		return st;
	buf[size] = 0;
	for (UINTN i = 0; i < size; i++) {
		char c = buf[i];

		bi->cmdline[i] = c == '\r' || c == '\n' || c == '\t' ? ' ' : c;
	}
	bi->cmdline[size] = 0;
	return EFI_SUCCESS;
}

EFI_STATUS read_cmdline(struct boot_info *bi)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st;

	st = efi_st->BootServices->HandleProtocol(efi_image, &li_guid, (void **)&li);
	if (st != EFI_SUCCESS)
		return efi_fail("no loaded-image protocol", st);
	bi->cmdline[0] = 0;
	if (li->LoadOptionsSize >= sizeof(CHAR16) &&
	    ucs2_to_cmdline(li->LoadOptions, li->LoadOptionsSize / sizeof(CHAR16), bi->cmdline,
			    sizeof(bi->cmdline)))
		strip_program_name(bi->cmdline);
	trim(bi->cmdline);
	if (!bi->cmdline[0] && read_cmdline_txt(li, bi) == EFI_SUCCESS)
		efi_puts("loader: command line from cmdline.txt\r\n");
	trim(bi->cmdline);
	return EFI_SUCCESS;
}
