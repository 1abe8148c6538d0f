"""The QEMU test cases (kvm-unit-tests' unittests.cfg, as data).

Each case boots one arch with a command line and checks the serial log:
  expect      regexes that must all appear
  reject      regexes that must not appear
  tap         'pass' (default): a summary line with 0 failed and no `not ok`;
              (passed, failed): exactly that summary line (for the runner's own self-test)
"""

CASES = [
    # 3 GiB on q35 puts 1 GiB above 4 GiB (FACTS §4.3): room for a 1 GiB direct-map leaf.
    # -device VGA gives OVMF a GOP framebuffer for the framebuffer pfnmap test.
    dict(name="x86_64-max", arch="x86_64", cpu="max", memory="3G", cmdline="test",
         qemu=["-device", "VGA"],
         expect=[r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB",
                 r"^#   0x0+40000000-0x0+80000000 +1G PUD RW-U special normal$",
                 r"^# 2 GiB pfnmap: 1 page-table page\(s\) \(PUD leaves: yes\)$",
                 r"^# framebuffer 0x[0-9a-f]+ .*\n#   0x[0-9a-f]+-0x[0-9a-f]+ +2M PMD RW-U special wc$"]),
    dict(name="x86_64-qemu64-no-gbpages", arch="x86_64", cpu="qemu64", memory="3G",
         cmdline="test",
         expect=[r"direct map: 0x[0-9a-f]+, leaves: 2 MiB \(0 x 1 GiB, [1-9]\d* x 2 MiB"]),
    # ramfb gives AAVMF a GOP framebuffer (in RAM, so not 2 MiB aligned: PTEs).
    dict(name="arm64-max", arch="arm64", cpu="max", memory="3G", cmdline="test",
         qemu=["-device", "ramfb"],
         expect=[r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB",
                 r"console: ACPI SPCR names a PL011 in memory space at 0x9000000",
                 r"^#   0x0+40000000-0x0+80000000 +1G PUD RW-U special normal$",
                 r"^# 2 GiB pfnmap: 1 page-table page\(s\) \(PUD leaves: yes\)$",
                 r"^# framebuffer 0x[0-9a-f]+ "]),
    dict(name="arm64-cortex-a72", arch="arm64", cpu="cortex-a72", cmdline="test=boot",
         expect=[r"Cortex-A72"]),
    # The runner itself: a test that faults must end as `not ok`, and the run must go on.
    dict(name="x86_64-fault-in-test-is-failure", arch="x86_64", cpu="max",
         cmdline="test=ktest_selftest", tap=(0, 1),
         expect=[r"not ok 1 - ktest_selftest/fault_is_reported", r"EXCEPTION: "]),
    dict(name="arm64-fault-in-test-is-failure", arch="arm64", cpu="max",
         cmdline="test=ktest_selftest", tap=(0, 1),
         expect=[r"not ok 1 - ktest_selftest/fault_is_reported", r"EXCEPTION: "]),
]
