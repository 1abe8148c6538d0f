#!/usr/bin/env bash
# A disk image that boots on UEFI machines (a USB stick) and in QEMU (-drive format=raw,file=...):
# a GPT with one EFI System Partition, FAT32, holding the ESP folder the build made.
#   scripts/mkimage.sh IMAGE ESP_DIR [CMDLINE_FILE]
# CMDLINE_FILE, when given, goes in as EFI/BOOT/cmdline.txt (the loader's default command line).
# No loop devices and no root: sfdisk and mkfs.fat work on the file, mtools copies into it.
set -euo pipefail
img=$1 esp=$2 cmdline=${3:-}
SIZE_MIB=64
START=2048                              # 1 MiB: the partition's first sector (512-byte sectors)
SECTORS=$(((SIZE_MIB - 2) * 2048))      # leave the last MiB for the backup GPT
ESP_TYPE=C12A7328-F81F-11D2-BA4B-00A0C93EC93B

tmp=$img.tmp fs=$img.esp
rm -f "$tmp" "$fs"
truncate -s ${SIZE_MIB}M "$tmp"
echo "label: gpt
start=$START, size=$SECTORS, type=$ESP_TYPE, name=\"EFI System\"" | sfdisk --quiet "$tmp"
# The partition's file system on its own, then into place: FAT32 needs at least 65525 clusters,
# one sector per cluster gives about 126000 here; -h: the partition's offset, which some firmware
# checks.
mkfs.fat -F 32 -s 1 -h $START -n PAGODA -C "$fs" $((SECTORS / 2)) >/dev/null
export MTOOLS_SKIP_CHECK=1
mcopy -s -i "$fs" "$esp/EFI" ::/
[ -z "$cmdline" ] || mcopy -i "$fs" "$cmdline" ::/EFI/BOOT/cmdline.txt
dd if="$fs" of="$tmp" bs=512 seek=$START conv=notrunc,sparse status=none
rm "$fs"
mv "$tmp" "$img"
