# Pagoda build. `make` / `make ARCH=arm64` build; `make run`, `make test`, `make bench`.
# `make V=1 ...` shows the commands themselves.
ARCH ?= x86_64
.DEFAULT_GOAL := all
ARCHES := x86_64 arm64
BUILD := build
B := $(BUILD)/$(ARCH)

CC := clang
HOST_CC := clang
LD := ld.lld
RESOURCE_DIR := $(shell $(CC) -print-resource-dir)
NEWLIB = $(BUILD)/newlib-$(ARCH)
DEPS_STAMP := $(BUILD)/.packages
ifeq ($(V),1)
Q :=
else
Q := @
endif

# ---------------------------------------------------------------- per-arch settings
ifeq ($(ARCH),x86_64)
TARGET := x86_64-linux-gnu
ARCH_CFLAGS := -mcmodel=kernel -mno-red-zone
LOADER_ARCH_CFLAGS := -mno-red-zone -DGNU_EFI_USE_MS_ABI
EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
EFI_NAME := BOOTX64.EFI
DRIVERS := drivers/serial/uart16550.c drivers/serial/uart16550_console.c \
	$(wildcard drivers/*/x86/*.c)
else ifeq ($(ARCH),arm64)
TARGET := aarch64-linux-gnu
ARCH_CFLAGS :=
LOADER_ARCH_CFLAGS :=
EFI_INC := $(BUILD)/gnu-efi-arm64/usr/include/efi
EFI_LIB := $(BUILD)/gnu-efi-arm64/usr/lib
EFI_NAME := BOOTAA64.EFI
DRIVERS := drivers/serial/pl011.c drivers/serial/pl011_console.c $(wildcard drivers/*/arm/*.c)
else
$(error ARCH must be x86_64 or arm64)
endif
EFI_ARCH_INC := $(EFI_INC)/$(if $(filter arm64,$(ARCH)),aarch64,x86_64)

# Sources hostable on the build machine: compiled into the kernel and into the host tests.
HOSTABLE_SRCS := $(wildcard lib/*.c mm/*.c drivers/acpi/*.c drivers/pci/*.c)
# The framebuffer text console and the AT keyboard decoder are hostable.
HOSTABLE_SRCS += $(wildcard drivers/video/*.c drivers/input/*.c)
# The interrupt core and timekeeping are arch-neutral; the host tests drive them with fake chips.
HOSTABLE_SRCS += $(wildcard kernel/irq/*.c kernel/time/*.c)

# Per-arch driver code without hardware access (firmware-table logic, register encodings): in
# that arch's kernel through DRIVERS, and in the host tests of that arch's encoding.
HOSTABLE_SRCS_x86_64 := drivers/irqchip/x86/vector_map.c drivers/irqchip/x86/ioapic_map.c

COMMON_CFLAGS := --target=$(TARGET) -std=gnu11 -O2 -g -ffreestanding -fno-stack-protector \
	-fno-omit-frame-pointer -mgeneral-regs-only -nostdinc -isystem $(NEWLIB)/include \
	-isystem $(RESOURCE_DIR)/include -I include -I . -I arch/$(ARCH)/include \
	-Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP

# ---------------------------------------------------------------- kernel
KERNEL_CFLAGS := $(COMMON_CFLAGS) -fno-pic -fno-pie $(ARCH_CFLAGS)
KERNEL_SRCS := $(wildcard arch/$(ARCH)/*.c arch/$(ARCH)/*.S arch/$(ARCH)/mm/*.c kernel/*.c \
	tests/kernel/*.c drivers/pci/hw/*.c drivers/acpi/hw/*.c drivers/misc/*.c drivers/virtio/*.c) $(HOSTABLE_SRCS) $(DRIVERS)
KERNEL_OBJS := $(patsubst %,$(B)/kernel/%.o,$(KERNEL_SRCS))

$(B)/kernel/%.c.o: %.c | $(NEWLIB)/lib/libc.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(B)/kernel/%.S.o: %.S | $(NEWLIB)/lib/libc.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(B)/kernel.elf: $(KERNEL_OBJS) kernel/kernel.ld
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -static -z max-page-size=4096 -T kernel/kernel.ld -o $@ $(KERNEL_OBJS) \
		$(NEWLIB)/lib/libc.a

# ---------------------------------------------------------------- UEFI loader (kernel embedded)
LOADER_CFLAGS := $(COMMON_CFLAGS) -I boot -fpic -fshort-wchar -fvisibility=hidden $(LOADER_ARCH_CFLAGS) \
	-I $(EFI_INC) -I $(EFI_ARCH_INC)
LOADER_SRCS := $(wildcard boot/*.c boot/$(ARCH)/*.c boot/$(ARCH)/*.S) mm/pgtable.c \
	arch/$(ARCH)/mm/tlb.c
LOADER_OBJS := $(patsubst %,$(B)/loader/%.o,$(LOADER_SRCS)) $(B)/loader/kernel_blob.o

$(B)/loader/%.c.o: %.c | $(NEWLIB)/lib/libc.a $(EFI_LIB)/libgnuefi.a
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(LOADER_CFLAGS) -c $< -o $@
$(B)/loader/%.S.o: %.S
	$(Q)mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(LOADER_CFLAGS) -c $< -o $@
$(B)/loader/kernel_blob.o: boot/kernel_blob.S $(B)/kernel.elf
	@echo "  AS      $@"
	$(Q)$(CC) $(LOADER_CFLAGS) -DKERNEL_ELF_PATH='"$(B)/kernel.elf"' -c $< -o $@

ifeq ($(ARCH),x86_64)
$(B)/loader.so: $(LOADER_OBJS) boot/x86_64/efi.lds
	@echo "  LD      $@"
	$(Q)$(LD) -shared -Bsymbolic --no-undefined -nostdlib -z nocombreloc -T boot/x86_64/efi.lds -o $@ \
		$(EFI_LIB)/crt0-efi-x86_64.o $(LOADER_OBJS) $(EFI_LIB)/libgnuefi.a $(NEWLIB)/lib/libc.a
$(B)/esp/EFI/BOOT/$(EFI_NAME): $(B)/loader.so
	$(Q)mkdir -p $(@D)
	@echo "  EFI     $@"
	$(Q)objcopy -j .text -j .data -j .dynamic -j .dynsym -j .rela -j .reloc \
		--target efi-app-x86_64 $< $@
else
$(B)/loader.so: $(LOADER_OBJS)
	@echo "  LD      $@"
	$(Q)$(LD) -shared -Bsymbolic --no-undefined -nostdlib --defsym=EFI_SUBSYSTEM=0xa \
		-T $(EFI_LIB)/elf_aarch64_efi.lds -o $@ $(EFI_LIB)/crt0-efi-aarch64.o $(LOADER_OBJS) \
		$(EFI_LIB)/libgnuefi.a $(NEWLIB)/lib/libc.a
$(B)/esp/EFI/BOOT/$(EFI_NAME): $(B)/loader.so
	$(Q)mkdir -p $(@D)
	@echo "  EFI     $@"
	$(Q)llvm-objcopy -O binary $< $@
endif

.PHONY: all kernel deps
all: $(B)/esp/EFI/BOOT/$(EFI_NAME)
kernel: $(B)/kernel.elf

# ---------------------------------------------------------------- dependencies (installed on demand)
$(DEPS_STAMP): scripts/deps.sh
	scripts/deps.sh packages
	$(Q)mkdir -p $(@D) && touch $@
$(NEWLIB)/lib/libc.a: | $(DEPS_STAMP)
	scripts/deps.sh newlib $(ARCH)
$(BUILD)/gnu-efi-arm64/usr/lib/libgnuefi.a: | $(DEPS_STAMP)
	scripts/deps.sh gnu-efi-arm64
/usr/lib/libgnuefi.a: | $(DEPS_STAMP)
deps: $(DEPS_STAMP) $(NEWLIB)/lib/libc.a $(EFI_LIB)/libgnuefi.a

# ---------------------------------------------------------------- running under QEMU
CMDLINE ?=
CPU ?= max
QEMU_ARGS ?=
.PHONY: run
run: all
	tests/qemu/qemu.py run --arch $(ARCH) --cpu $(CPU) --cmdline $(call shell_quote,$(CMDLINE)) \
		$(QEMU_ARGS)

-include $(KERNEL_OBJS:.o=.d) $(LOADER_OBJS:.o=.d)

# ---------------------------------------------------------------- make debug, make image
# debug: the machine `make run` boots, halted at reset with a gdb stub on GDB_PORT; it writes
# build/<arch>/debug/pagoda.gdb for `gdb-multiarch -x` (README: Debugging).
# image: build/<arch>/pagoda-<arch>.img, a GPT disk with one FAT32 EFI System Partition holding
# EFI/BOOT/BOOT*.EFI and IMAGE_CMDLINE as EFI/BOOT/cmdline.txt, for a USB stick.
GDB_PORT ?= 1234
IMAGE := $(B)/pagoda-$(ARCH).img
IMAGE_CMDLINE := scripts/image-cmdline.txt
# One shell word, whatever quotes or semicolons it holds (CMDLINE='run="lspci; mem"').
shell_quote = '$(subst ','\'',$(1))'
.PHONY: debug image images
debug: all
	tests/qemu/qemu.py debug --arch $(ARCH) --cpu $(CPU) --cmdline $(call shell_quote,$(CMDLINE)) \
		--gdb-port $(GDB_PORT) $(QEMU_ARGS)
image: $(IMAGE)
$(IMAGE): $(B)/esp/EFI/BOOT/$(EFI_NAME) scripts/mkimage.sh $(IMAGE_CMDLINE) | $(DEPS_STAMP)
	@echo "  IMAGE   $@"
	$(Q)scripts/mkimage.sh $@ $(B)/esp $(IMAGE_CMDLINE)
# The QEMU tests boot these images as disks (cases with image=True): both arches, before them.
images:
	$(Q)set -e; for a in $(ARCHES); do $(MAKE) --no-print-directory ARCH=$$a image; done
qemu-test: images

# ---------------------------------------------------------------- host unit tests
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-I include -I . -DHOST_TEST

define host_test_rules
$(BUILD)/host-$(1)/tests: $(HOSTABLE_SRCS) $(HOSTABLE_SRCS_$(1)) \
		$(wildcard tests/host/*.c tests/host/$(1)/*.c) \
		$(shell find include arch/$(1)/include mm lib drivers tests/host -name '*.h')
	$(Q)mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I arch/$(1)/include -DARCH_$(1) -o $$@ \
		$(HOSTABLE_SRCS) $(HOSTABLE_SRCS_$(1)) $(wildcard tests/host/*.c tests/host/$(1)/*.c)
endef
$(foreach a,$(ARCHES),$(eval $(call host_test_rules,$(a))))

# T=SUBSTRING runs only the host tests whose name contains it.
T ?=
.PHONY: host-test
host-test: | $(DEPS_STAMP)
host-test: $(foreach a,$(ARCHES),$(BUILD)/host-$(a)/tests)
	$(Q)set -e; for a in $(ARCHES); do echo "# host tests, $$a encoding"; \
		$(BUILD)/host-$$a/tests $(if $(T),$(call shell_quote,$(T))); done

# ---------------------------------------------------------------- everything, as CI runs it
.PHONY: test qemu-test clean
# GROUP=G runs only the cases of one group (tests/qemu/cases.py: GROUPS).
GROUP ?=
qemu-test:
	tests/qemu/run.py $(if $(filter command line,$(origin ARCH)),--arch $(ARCH)) \
		$(if $(GROUP),--group $(call shell_quote,$(GROUP)))

test: | $(DEPS_STAMP)
	$(MAKE) --no-print-directory format-check
	$(MAKE) --no-print-directory ARCH=x86_64 all
	$(MAKE) --no-print-directory ARCH=arm64 all
	tests/layering.py
	$(MAKE) --no-print-directory host-test
	$(MAKE) --no-print-directory qemu-test

clean:
	rm -rf $(B) $(foreach a,$(ARCHES),$(BUILD)/host-$(a))

# ---------------------------------------------------------------- source formatting
# .clang-format is the style; `make format` rewrites the sources in place, `make format-check`
# lists the files that would change and fails if there are any (`make test` runs it first).
CLANG_FORMAT := clang-format-14
FORMAT_SRCS = $(shell find arch boot drivers include kernel lib mm tests -name '*.[ch]' | sort)
.PHONY: format format-check
format: | $(DEPS_STAMP)
	$(Q)$(CLANG_FORMAT) -i $(FORMAT_SRCS)
format-check: | $(DEPS_STAMP)
	$(Q)bad=$$(for f in $(FORMAT_SRCS); do \
		$(CLANG_FORMAT) $$f | cmp -s - $$f || echo $$f; done); \
	if [ -n "$$bad" ]; then echo "not ok 1 - sources formatted (make format)"; \
		echo "$$bad" | sed 's/^/# not formatted: /'; echo "0 passed, 1 failed"; exit 1; fi; \
	echo "ok 1 - sources formatted"; echo "1 passed, 0 failed"

include tests/bench/bench.mk
