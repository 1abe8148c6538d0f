"""The QEMU test cases (kvm-unit-tests' unittests.cfg, as data).

Each case boots one arch with a command line and checks the serial log:
  expect      regexes that must all appear
  reject      regexes that must not appear
  tap         'pass' (default): a summary line with 0 failed and no `not ok`;
              (passed, failed): exactly that summary line (for the runner's own self-test)
"""

CASES = [
    # 3 GiB on q35 puts 1 GiB above 4 GiB (FACTS §4.3): room for a 1 GiB direct-map leaf.
    dict(name="x86_64-max", arch="x86_64", cpu="max", memory="3G", cmdline="test",
         expect=[r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB"]),
    dict(name="x86_64-qemu64-no-gbpages", arch="x86_64", cpu="qemu64", memory="3G",
         cmdline="test=boot",
         expect=[r"direct map: 0x[0-9a-f]+, leaves: 2 MiB \(0 x 1 GiB, [1-9]\d* x 2 MiB"]),
    dict(name="arm64-max", arch="arm64", cpu="max", cmdline="test",
         expect=[r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB",
                 r"console: ACPI SPCR names a PL011 in memory space at 0x9000000"]),
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
