"""The QEMU test cases (kvm-unit-tests' unittests.cfg, as data).

Each case boots one arch with a command line and checks the serial log:
  expect      regexes that must all appear
  reject      regexes that must not appear
  tap         'pass' (default): a summary line with 0 failed and no `not ok`;
              (passed, failed): exactly that summary line (for the runner's own self-test)
  check_info_pci  True: after power-off, the kernel's PCI listing must agree with QEMU's
              query-pci (functions, IDs, class, BAR kind/size/address; pci_check.py)
  ivshmem_check   N: an ivshmem-plain device backed by an N-byte sparse file under /dev/shm;
              after the run the file must hold exactly the guest's pattern (pci_devices.py)
  screendump_check  DEVICE_ID: after power-off, QEMU's screendump of that display must show the
              colour bars tests/kernel/pci_bochs.c draws (pci_devices.py)
"""

# What the PCI device tests print (tests/kernel/pci_edu.c, pci_ivshmem.c, pci_bochs.c).
EDU = r"^# edu {}: ident 0x010000ed, liveness 0x12345678 -> 0xedcba987, 10! = 3628800$"
IVSHMEM = (r"^# ivshmem 0000:00:[0-9a-f]{{2}}\.0 BAR2 0x[0-9a-f]+ size {:#x} at 0x[0-9a-f]+: "
           r"{} words, leaves: {} PUD, {} PMD, 0 PTE$")
IVSHMEM_2G_PUD = [IVSHMEM.format(2 << 30, 32768, 2, 0),
                  r"^#   0x[0-9a-f]+-0x[0-9a-f]+ +2G PUD RW-U special wc$"]
BOCHS = [r"^# bochs-display 0000:00:[0-9a-f]{2}\.0: 1024x768, pitch 4096, .*\n"
         r"#   0x[0-9a-f]+-0x[0-9a-f]+ +4M PMD RW-U special wc$"]

# A root port with an edu behind it, and a root port with a PCIe-to-PCI bridge behind it that
# has an edu and a pci-testdev behind it; firmware numbers the buses 1, 2 and 3.
PCIE_TREE = ["-device", "pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x10",
             "-device", "edu,bus=rp1",
             "-device", "pcie-root-port,id=rp2,bus=pcie.0,chassis=2,addr=0x11",
             "-device", "pcie-pci-bridge,id=br1,bus=rp2",
             "-device", "edu,bus=br1,addr=1",
             "-device", "pci-testdev,bus=br1,addr=2",
             "-device", "bochs-display,id=fb"]
PCIE_TREE_EXPECT = [r"^0000:00:10\.0 1b36:000c class 060400 ", r"^0000:01:00\.0 1234:11e8 ",
                    r"^0000:00:11\.0 1b36:000c class 060400 ",
                    r"^0000:02:00\.0 1b36:000e class 060400 ", r"^0000:03:01\.0 1234:11e8 ",
                    r"^0000:03:02\.0 1b36:0005 ", EDU.format(r"0000:01:00\.0"),
                    EDU.format(r"0000:03:01\.0")] + BOCHS

CASES = [
    # 3 GiB on q35 puts 1 GiB above 4 GiB (FACTS §4.3): room for a 1 GiB direct-map leaf.
    # -device VGA gives OVMF a GOP framebuffer for the framebuffer pfnmap test.
    dict(name="x86_64-max", arch="x86_64", cpu="max", memory="3G", cmdline="test",
         qemu=["-device", "VGA", "-device", "edu"], check_info_pci=True,
         ivshmem_check=2 << 30,
         expect=[EDU.format(r"0000:00:[0-9a-f]{2}\.0")] + IVSHMEM_2G_PUD + [
                 r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB",
                 r"^#   0x0+40000000-0x0+80000000 +1G PUD RW-U special normal$",
                 r"^# 2 GiB pfnmap: 1 page-table page\(s\) \(PUD leaves: yes\)$",
                 r"^# mprotect PROT_NONE of a 1 GiB PUD-mapped pfnmap: 1 entry changed, 0 split, "
                 r"1 notifier pair\(s\), 1 TLB flush\(es\)$",
                 r"^# framebuffer 0x[0-9a-f]+ .*\n#   0x[0-9a-f]+-0x[0-9a-f]+ +2M PMD RW-U special wc$"]),
    dict(name="x86_64-qemu64-no-gbpages", arch="x86_64", cpu="qemu64", memory="3G",
         cmdline="test", ivshmem_check=256 << 20,  # another size, and no PUD leaves: PMDs
         expect=[IVSHMEM.format(256 << 20, 4096, 0, 128),
                 r"direct map: 0x[0-9a-f]+, leaves: 2 MiB \(0 x 1 GiB, [1-9]\d* x 2 MiB"]),
    # ramfb gives AAVMF a GOP framebuffer (in RAM, so not 2 MiB aligned: PTEs).
    dict(name="arm64-max", arch="arm64", cpu="max", memory="3G", cmdline="test",
         qemu=["-device", "ramfb", "-device", "edu"], check_info_pci=True,
         ivshmem_check=2 << 30,
         expect=[EDU.format(r"0000:00:[0-9a-f]{2}\.0")] + IVSHMEM_2G_PUD + [
                 r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB",
                 r"console: ACPI SPCR names a PL011 in memory space at 0x9000000",
                 r"^#   0x0+40000000-0x0+80000000 +1G PUD RW-U special normal$",
                 r"^# 2 GiB pfnmap: 1 page-table page\(s\) \(PUD leaves: yes\)$",
                 r"^# mprotect PROT_NONE of a 1 GiB PUD-mapped pfnmap: 1 entry changed, 0 split, "
                 r"1 notifier pair\(s\), 1 TLB flush\(es\)$",
                 r"^# framebuffer 0x[0-9a-f]+ "]),
    # i440fx has no MCFG: config access through ports 0xCF8/0xCFC.
    dict(name="x86_64-pc-legacy-config", arch="x86_64", cpu="max", machine="pc",
         cmdline="test=pci", qemu=["-device", "edu"], check_info_pci=True,
         expect=[r"^pci: no MCFG, legacy config access$", r"^0000:00:[0-9a-f]{2}\.0 1234:11e8 ",
                 EDU.format(r"0000:00:[0-9a-f]{2}\.0")]),
    dict(name="x86_64-pcie-bridges", arch="x86_64", cpu="max", cmdline="test=pci",
         qemu=PCIE_TREE, check_info_pci=True, screendump_check="fb", expect=PCIE_TREE_EXPECT),
    dict(name="arm64-pcie-bridges", arch="arm64", cpu="max", cmdline="test=pci",
         qemu=PCIE_TREE, check_info_pci=True, screendump_check="fb", expect=PCIE_TREE_EXPECT),
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
