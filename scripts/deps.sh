#!/usr/bin/env bash
# Installs what building and running Pagoda needs on Debian 12, once; later calls are quick no-ops.
#   scripts/deps.sh packages       Debian packages (apt-get; sudo only when not root)
#   scripts/deps.sh gnu-efi-arm64  GNU-EFI's arm64 crt0/linker script/headers, unpacked into build/
#   scripts/deps.sh newlib ARCH    newlib built for ARCH (x86_64 | arm64) into build/newlib-ARCH
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PACKAGES="clang lld llvm gnu-efi qemu-system-x86 qemu-system-arm ovmf qemu-efi-aarch64 newlib-source
	mtools dosfstools fdisk gdb-multiarch make python3 xz-utils clang-format-14"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages() {
	local missing=()
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "deps: installing ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Debian's gnu-efi package is x86_64 only; take the arm64 .deb without adding an
# architecture to the system.
gnu_efi_arm64() {
	local dest=$BUILD/gnu-efi-arm64 lists=$BUILD/apt-arm64
	[ -f "$dest/usr/lib/crt0-efi-aarch64.o" ] && return 0
	mkdir -p "$lists/partial" "$dest"
	local opts=(-oAPT::Architecture=arm64 -oAPT::Architectures=arm64 -oDir::State::Lists="$PWD/$lists"
		-oDir::Cache::Archives="$PWD/$lists" -oAPT::Sandbox::User=root)
	apt-get "${opts[@]}" update -qq
	(cd "$lists" && apt-get "${opts[@]}" download gnu-efi:arm64 >/dev/null)
	dpkg -x "$lists"/gnu-efi_*_arm64.deb "$dest"
}

# newlib from Debian's newlib-source, cross-built with clang.
newlib() {
	local arch=$1 target cflags
	local dest=$PWD/$BUILD/newlib-$arch
	[ -f "$dest/lib/libc.a" ] && return 0
	case $arch in
	x86_64) target=x86_64-elf; cflags="-mno-red-zone" ;;
	arm64) target=aarch64-elf; cflags="-DPREFER_SIZE_OVER_SPEED" ;;
	*) echo "deps: unknown arch $arch" >&2; exit 1 ;;
	esac
	local src=$PWD/$BUILD/newlib-src work=$PWD/$BUILD/newlib-$arch-build
	if [ ! -d "$src" ]; then
		mkdir -p "$src.tmp"
		tar -xf /usr/src/newlib/newlib-*.tar.* -C "$src.tmp" --strip-components=1
		mv "$src.tmp" "$src"
	fi
	rm -rf "$work" && mkdir -p "$work"
	echo "deps: building newlib for $arch (about a minute)"
	(cd "$work" && "$src/configure" --target=$target --prefix="$dest" \
		--disable-newlib-supplied-syscalls --disable-multilib --disable-nls \
		--enable-newlib-nano-malloc --disable-newlib-io-float \
		CC_FOR_TARGET="clang --target=$target" AR_FOR_TARGET=llvm-ar RANLIB_FOR_TARGET=llvm-ranlib \
		AS_FOR_TARGET="clang --target=$target" \
		CFLAGS_FOR_TARGET="-O2 -ffreestanding -fPIC $cflags -Wno-everything" \
		>build.log 2>&1 && make -j"$(nproc)" all-target-newlib >>build.log 2>&1 &&
		make install-target-newlib >>build.log 2>&1) || {
		tail -30 "$work/build.log" >&2
		exit 1
	}
	# --target=...-elf installs under $dest/$target; give the build one fixed place.
	ln -sfn "$dest/$target/include" "$dest/include"
	ln -sfn "$dest/$target/lib" "$dest/lib"
}

case ${1:-} in
packages) packages ;;
gnu-efi-arm64) gnu_efi_arm64 ;;
newlib) newlib "$2" ;;
*) echo "usage: $0 packages | gnu-efi-arm64 | newlib ARCH" >&2; exit 2 ;;
esac
