# `make bench` (not part of `make test`): the hostable mm code built for the build machine with
# -O2 and no sanitizers, timed against Linux's own system calls (tests/bench/bench.h).
# The page-table encoding is the host CPU's own.
BENCH_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x86_64)
BENCH_SRCS := $(wildcard lib/*.c mm/*.c tests/bench/*.c) tests/host/host_env.c \
	tests/host/host_arch.c tests/host/host_context.c tests/host/host_printk.c
BENCH_CFLAGS := -std=gnu11 -g -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fno-omit-frame-pointer -I include -I . -I tests/host -I arch/$(BENCH_ARCH)/include \
	-DHOST_TEST -DARCH_$(BENCH_ARCH)

BENCH_HDRS = $(shell find include arch/$(BENCH_ARCH)/include mm lib tests/host tests/bench \
	-name '*.h')

$(BUILD)/bench/bench: $(BENCH_SRCS) $(BENCH_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS)

.PHONY: bench
bench: $(BUILD)/bench/bench
	$<
