# `make bench` (not part of `make test`): the hostable mm code built for the build machine with
# -O2 and no sanitizers, timed against Linux's own system calls (tests/bench/bench.h).
# The page-table encoding is the host CPU's own.
BENCH_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x86_64)
BENCH_SRCS := $(wildcard lib/*.c mm/*.c tests/bench/*.c) tests/host/host_env.c \
	tests/host/host_arch.c tests/host/host_context.c tests/host/host_kernel.c
BENCH_CFLAGS := -std=gnu11 -g -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fno-omit-frame-pointer -I include -I . -I tests/host -I arch/$(BENCH_ARCH)/include \
	-DHOST_TEST -DARCH_$(BENCH_ARCH)

BENCH_HDRS = $(shell find include arch/$(BENCH_ARCH)/include mm lib tests/host tests/bench \
	-name '*.h')

$(BUILD)/bench/bench: $(BENCH_SRCS) $(BENCH_HDRS)
	$(Q)mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS)

# Then the address-space switch, which needs the real MMU: the in-kernel group bench_switch
# (tests/kernel/mm_asid.c) booted under QEMU for each arch (-cpu max; TCG figures include the
# emulator's own cost).
.PHONY: bench
bench: $(BUILD)/bench/bench
	$<
	@set -e; for a in $(ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a all; \
		echo "# $$a under QEMU, -cpu max"; \
		tests/qemu/qemu.py run --arch $$a --cmdline test=bench_switch </dev/null | \
			grep '^# as switch'; \
	done
