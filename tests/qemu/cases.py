"""The QEMU test cases (kvm-unit-tests' unittests.cfg, as data).

Each case boots one arch with a command line and checks the serial log:
  expect      regexes that must all appear
  reject      regexes that must not appear
  groups      [group, ...] (required): run.py --group G / make qemu-test GROUP=G runs the cases
              of one group; GROUPS below lists them
  timeout     seconds before the case counts as hung (default 300; run.py --timeout overrides)
  tap         'pass' (default): a summary line with 0 failed and no `not ok` (skips allowed);
              'halts': no summary, the run ends with `KERNEL FAULT: system halted`;
              (passed, failed[, skipped]): exactly that summary line (the runner's self-test)
  check_info_pci  True: after power-off, the kernel's PCI listing must agree with QEMU's
              query-pci (functions, IDs, class, BAR kind/size/address, ROM size; pci_check.py)
  ivshmem_check   N: an ivshmem-plain device backed by an N-byte sparse file under /dev/shm;
              after the run the file must hold exactly the guest's pattern (pci_devices.py)
  interactive  [(send, expects), ...]: boot with the demo devices and type each send into the
              shell, checking the answers (shell_test.py); expect/reject/tap still apply to the log
  screendump_check  DEVICE_ID: after power-off, QEMU's screendump of that display must show the
              colour bars tests/kernel/pci_bochs.c draws (pci_devices.py)
  screen_text_check  DEVICE_ID: after power-off, the text console on that display must read as
              the tail of the serial log and match screen_expect (screen_test.py)
  keyboard    [(keys, expects), ...]: type into the shell on the PS/2 keyboard (QMP send-key),
              then check the screen of screen_device likewise (screen_test.py)
  image       True: boot `make image`'s disk image (a copy, cmdline.txt replaced) as a raw disk
              instead of the ESP folder
  idle_check  True: boot into the shell twice, normally and with idle=poll; the idle prompt must
              cost QEMU less than half the CPU time of the polling one, and the boot's RTC time
              must be within 5 s of the host's (idle_check.py)
  gdb         True: boot halted with a gdb stub; gdb_check.py drives gdb-multiarch through the
              `make debug` script (loader and kernel symbols) and appends its output to the log
"""

# What each group is for: run.py --group takes these names.
GROUPS = {
    "boot": "booting, the runner and the basic in-kernel tests",
    "mm": "the whole in-kernel suite (memory manager first) on the big machines",
    "pci": "PCI enumeration and the device tests",
    "shell": "the serial shell",
    "screen": "the framebuffer console and the keyboard",
    "gdb": "make debug",
    "image": "make image booted as a disk",
    "shapes": "the whole suite on machines with little and much RAM",
    "irq": "interrupts, timers and MSI on every controller",
}

# The in-kernel runner's summary line of a run with no failure.
NO_FAILURE = r"^\d+ passed, 0 failed, \d+ skipped$"

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
# bochs-display has a 32 KiB expansion ROM, which check_info_pci compares on both arches.
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

# What gdb_check.SESSION prints when the loader's and the kernel's symbols sit where the code runs.
GDB_SESSION = [r"^pagoda-loader: loader symbols at 0x[0-9a-f]+",
               r"^#\d+ +(0x[0-9a-f]+ in )?load_kernel \(.*\) at boot/elf\.c:\d+$",
               r"^#\d+ +0x[0-9a-f]+ in efi_main \(.*\) at boot/main\.c:\d+$",
               r"^Breakpoint \d+, kernel_main \(boot_info_pa=\d+\) at kernel/main\.c:\d+$",
               r"^\$1 = 0x31616461676f6150$",  # BOOT_INFO_MAGIC
               r"^arch_early_init \(\) at arch/\w+/[\w/]+\.c:\d+$",
               r"^#1 +0x[0-9a-f]+ in kernel_main \(boot_info_pa=\d+\) at kernel/main\.c:\d+$"]

# arm64 banner lines: started at EL1 by the firmware, or at EL2 with the hyp stub left there.
EL1_ENTRY = r"^cpu: EL1, entered at EL1$"
EL2_SKIPPED = (r"^ok \d+ - el2/hvc_runs_installed_vectors_at_el2 "
               r"# SKIP entered at EL1: no EL2 to call$")
EL2_KEPT = [r"^cpu: EL1, entered at EL2, EL2 kept \(hyp stub\)$",
            r"^ok \d+ - el2/hvc_runs_installed_vectors_at_el2$",
            r"^ok \d+ - el2/el1_counter_and_timer$"]

CASES = [
    # 3 GiB on q35 puts 1 GiB above 4 GiB: room for a 1 GiB direct-map leaf
    # (docs/hardware.md#q35-address-map).
    # -device VGA gives OVMF a GOP framebuffer for the framebuffer pfnmap test.
    dict(name="x86_64-max", arch="x86_64", cpu="max", memory="3G", cmdline="test",
         groups=["mm", "pci"], timeout=600,
         qemu=["-device", "VGA", "-device", "edu"], check_info_pci=True,
         ivshmem_check=2 << 30,
         expect=[EDU.format(r"0000:00:[0-9a-f]{2}\.0")] + IVSHMEM_2G_PUD + [
                 r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB",
                 r"^#   0x0+40000000-0x0+80000000 +1G PUD RW-U special normal$",
                 r"^# 2 GiB pfnmap: 1 page-table page\(s\) \(PUD leaves: yes\)$",
                 r"^# mprotect PROT_NONE of a 1 GiB PUD-mapped pfnmap: 1 entry changed, 0 split, "
                 r"1 notifier pair\(s\), 1 TLB flush\(es\)$",
                 r"^# framebuffer 0x[0-9a-f]+ .*\n"
                 r"#   0x[0-9a-f]+-0x[0-9a-f]+ +2M PMD RW-U special wc$"]),
    dict(name="x86_64-qemu64-no-gbpages", arch="x86_64", cpu="qemu64", memory="3G",
         groups=["mm"], timeout=600,
         cmdline="test", ivshmem_check=256 << 20,  # another size, and no PUD leaves: PMDs
         expect=[IVSHMEM.format(256 << 20, 4096, 0, 128),
                 r"direct map: 0x[0-9a-f]+, leaves: 2 MiB \(0 x 1 GiB, [1-9]\d* x 2 MiB"]),
    # ramfb gives AAVMF a GOP framebuffer (in RAM, so not 2 MiB aligned: PTEs).
    dict(name="arm64-max", arch="arm64", cpu="max", memory="3G", cmdline="test",
         groups=["mm", "pci"], timeout=600,
         qemu=["-device", "ramfb", "-device", "edu"], check_info_pci=True,
         ivshmem_check=2 << 30,
         expect=[EDU.format(r"0000:00:[0-9a-f]{2}\.0")] + IVSHMEM_2G_PUD + [
                 r"direct map: 0x[0-9a-f]+, leaves: 1 GiB \([1-9]\d* x 1 GiB",
                 r"console: ACPI SPCR names a PL011 in memory space at 0x9000000",
                 r"^#   0x0+40000000-0x0+80000000 +1G PUD RW-U special normal$",
                 r"^# 2 GiB pfnmap: 1 page-table page\(s\) \(PUD leaves: yes\)$",
                 r"^# mprotect PROT_NONE of a 1 GiB PUD-mapped pfnmap: 1 entry changed, 0 split, "
                 r"1 notifier pair\(s\), 1 TLB flush\(es\)$",
                 r"^# framebuffer 0x[0-9a-f]+ ", EL1_ENTRY, EL2_SKIPPED]),
    # i440fx has no MCFG: config access through ports 0xCF8/0xCFC.
    dict(name="x86_64-pc-legacy-config", arch="x86_64", cpu="max", machine="pc",
         groups=["pci"], timeout=300,
         cmdline="test=pci", qemu=["-device", "edu"], check_info_pci=True,
         expect=[r"^pci: no MCFG, legacy config access$", r"^0000:00:[0-9a-f]{2}\.0 1234:11e8 ",
                 EDU.format(r"0000:00:[0-9a-f]{2}\.0")]),
    dict(name="x86_64-pcie-bridges", arch="x86_64", cpu="max", cmdline="test=pci",
         groups=["pci", "screen"], timeout=300,
         qemu=PCIE_TREE, check_info_pci=True, screendump_check="fb", expect=PCIE_TREE_EXPECT),
    # GICv3: the edu behind the PCIe-to-PCI bridge signals MSIs through the ITS under the
    # bridge's requester id (secondary bus, devfn 0), which the driver must have mapped.
    dict(name="arm64-pcie-bridges", arch="arm64", cpu="max", machine="virt,gic-version=3",
         cmdline="test=pci", groups=["pci", "screen"], timeout=300,
         qemu=PCIE_TREE, check_info_pci=True, screendump_check="fb", expect=PCIE_TREE_EXPECT),
    dict(name="arm64-cortex-a72", arch="arm64", cpu="cortex-a72", cmdline="test=boot",
         groups=["boot"], timeout=300,
         expect=[r"Cortex-A72", EL1_ENTRY]),
    # The USB image (make image) as a disk, not the ESP folder: GPT, FAT32, cmdline.txt inside.
    dict(name="x86_64-usb-image", arch="x86_64", cpu="max", cmdline="test=boot", image=True,
         groups=["image"], timeout=300,
         expect=[r"^loader: command line from cmdline\.txt", r"^command line: test=boot$"]),
    dict(name="arm64-usb-image", arch="arm64", cpu="max", cmdline="test=boot", image=True,
         groups=["image"], timeout=300,
         expect=[r"^loader: command line from cmdline\.txt", r"^command line: test=boot$"]),
    # make debug: gdb finds the loader (relocated by the firmware) and the kernel, breaks, steps.
    dict(name="x86_64-gdb", arch="x86_64", cpu="max", cmdline="debug test=boot", gdb=True,
         groups=["gdb"], timeout=300,
         expect=GDB_SESSION),
    dict(name="arm64-gdb", arch="arm64", cpu="max", cmdline="debug test=boot", gdb=True,
         groups=["gdb"], timeout=300,
         expect=GDB_SESSION),
    # The runner itself: a test that faults must end as `not ok`, and the run must go on; a
    # skipped test is `ok ... # SKIP reason`, counted apart.
    dict(name="x86_64-fault-in-test-is-failure", arch="x86_64", cpu="max",
         groups=["boot"], timeout=300,
         cmdline="test=ktest_selftest", tap=(0, 1, 1),
         expect=[r"not ok 1 - ktest_selftest/fault_is_reported", r"EXCEPTION: ",
                 r"^ok 2 - ktest_selftest/skip_is_reported # SKIP the runner's self-test$"]),
    dict(name="arm64-fault-in-test-is-failure", arch="arm64", cpu="max",
         groups=["boot"], timeout=300,
         cmdline="test=ktest_selftest", tap=(0, 1, 1),
         expect=[r"not ok 1 - ktest_selftest/fault_is_reported", r"EXCEPTION: ",
                 r"^ok 2 - ktest_selftest/skip_is_reported # SKIP the runner's self-test$"]),
    # An exception inside an interrupt handler (an hrtimer callback) is reported with both
    # contexts, the handler's and the one it interrupted (msleep), and stops the machine.
] + [
    dict(name=f"{arch}-fault-in-irq-handler", arch=arch, cpu="max", groups=["irq"],
         timeout=300, cmdline="test=irq_fault", tap="halts",
         expect=[r"^EXCEPTION: ", r"^  in an interrupt handler; the context it interrupted:$"]
         + ([r"^vector \d+ \(interrupt\) error code 0x0$"] if arch == "x86_64" else []))
    for arch in ("x86_64", "arm64")
] + [
    # A boot-stack overflow hits the guard page and is reported on a stack of its own (x86: the
    # #DF IST stack; arm64: the vector entry's emergency stack); only the test ends.
    dict(name="x86_64-stack-guard", arch="x86_64", cpu="max", cmdline="test=stack_guard",
         groups=["boot"], timeout=300, tap=(0, 1, 0),
         expect=[r"^kernel stack overflow: 0x[0-9a-f]+ is the guard page below the boot stack",
                 r"^EXCEPTION: #DF double fault", r"not ok 1 - stack_guard/overflow_is_reported"]),
    dict(name="arm64-stack-guard", arch="arm64", cpu="max", cmdline="test=stack_guard",
         groups=["boot"], timeout=300, tap=(0, 1, 0),
         expect=[r"^kernel stack overflow: 0x[0-9a-f]+ is the guard page below the boot stack",
                 r"^EXCEPTION: data abort", r"not ok 1 - stack_guard/overflow_is_reported"]),
]


# ------------------------------------------------------- the shell (tests/qemu/shell_test.py)
# Typed into the serial console of a machine with the demo devices (qemu.DemoDevices: edu,
# ivshmem-plain with a 2 GiB BAR2, a framebuffer), as (send, expects); {name} is what a named
# group of an earlier expect matched (regex braces doubled). Malformed input gets one error line.
SHELL_SESSION = [
    (None, r"^shell: type `help`"),
    ("help", r"^  poweroff +power the machine off$"),
    ("lspci", [r"^0000:00:(?P<edu>[0-9a-f]{{2}}\.0) 1234:11e8 ",
               r"^0000:00:(?P<ivshmem>[0-9a-f]{{2}}\.0) 1af4:1110 "]),
    ("frobnicate 1 2", r"^error: -2 \(not found\): unknown command 'frobnicate' \(try help\)$"),
    ("lsxx\x7f\x08pci", r"^0000:00:{edu} 1234:11e8 "),           # DEL and Backspace
    ("bogus\x15mem", r"^pages: \d+ managed, \d+ free, \d+ used"),  # Ctrl-U
    ("as new", r"^as (?P<as1>\d+): new$"),
    ("map bar 00:{ivshmem} 2",
     [r"^as {as1}: BAR2 0x[0-9a-f]+ size 2G at (?P<bar_va>0x[0-9a-f]+)-0x[0-9a-f]+, "
      r"leaves: 2 PUD, 0 PMD, 0 PTE$",
      r"^  (?P<bar_pt>0x[0-9a-f]{{16}}-0x[0-9a-f]{{16}}) +2G PUD RW-U special wc$"]),
    ("map bar 00:1e.7 0", r"^error: -19 \(no such device\): no PCI function 0000:00:1e\.7 "),
    ("map bar 00:{ivshmem} 9", r"^error: -22 \(invalid argument\): no BAR 9 "),
    ("map bar 0g:00.0 0", r"^error: -22 \(invalid argument\): bad PCI address '0g:00\.0'"),
    ("map anon 12Q", r"^error: -22 \(invalid argument\): bad number '12Q'$"),
    ("map anon 64K", r"^as {as1}: anon (?P<anon_va>0x[0-9a-f]+)-0x[0-9a-f]+ \(64K\)"),
    ("mprotect {as1} 0x10000800 4K r",
     r"^error: -22 \(invalid argument\): address not page aligned$"),
    ("probe {as1} {anon_va} w", r"^as {as1}: write {anon_va}: ok$"),
    ("mremap {as1} {anon_va} 64K 128K",
     r"^as {as1}: {anon_va}-0x[0-9a-f]+ now (?P<moved_va>0x[0-9a-f]+)-0x[0-9a-f]+$"),
    ("probe {as1} {moved_va} w", r"^as {as1}: write {moved_va}: ok$"),
    ("notify {as1}", [r"subscriber attached", r"^ +protection +0$"]),
    ("mprotect {as1} {bar_va} 2G r", r"^as {as1}: {bar_va}-0x[0-9a-f]+ now r: 2 entries changed"),
    ("notify {as1}", [r"^as {as1}: secondary-MMU subscriber events:$", r"^ +protection +[1-9]"]),
    ("probe {as1} {bar_va} r", r"^as {as1}: read {bar_va}: ok$"),
    ("probe {as1} {bar_va} w", r"^as {as1}: write {bar_va}: fault$"),
    ("mremap {as1} {bar_va} 2G 3G",
     r"^error: -14 \(bad address\): range not inside one mapping, or a pfnmap asked to grow$"),
    ("as clone {as1}", r"^as (?P<as2>\d+): clone of {as1}, leaves copied: 2 PUD, 0 PMD, \d+ PTE$"),
    ("ptdump {as2}", r"^  {bar_pt} +2G PUD R--U special wc$"),
    ("probe {as2} {bar_va} w", r"^as {as2}: write {bar_va}: fault$"),
    ("probe 99 0x1000 r", r"^error: -2 \(not found\): no address space 99 "),
    ("probe {as1} 0xffff800000000000 r",
     r"^error: -22 \(invalid argument\): 0xffff800000000000 is not a user address"),
    ("as destroy {as2}", r"^as {as2}: destroyed$"),
    ("irq", [r"^ +IRQ +CPU0 +CHIP +HWIRQ +TYPE +NAME$",
             r"^ *\d+: +[1-9]\d* +\S+ +\d+ (Edge|Level) +serial$", r"^ +ERR: +\d+$"]),
    ("uptime", r"^\d+\.\d\d s, up (\d+ min|\d+:\d\d)$"),
    ("sleep 300", []),
    ("sleep 3x", r"^error: -22 \(invalid argument\): usage: sleep MS "),
    ("date", r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
             r"[ 1-3]\d \d\d:\d\d:\d\d UTC 20\d\d$"),
    ("test boot", NO_FAILURE),
    ("poweroff", r"^powering off$"),
]

CASES += [
    dict(name="x86_64-shell", arch="x86_64", cpu="max", cmdline="", interactive=SHELL_SESSION,
         groups=["shell"], timeout=300),
    dict(name="arm64-shell", arch="arm64", cpu="max", cmdline="", interactive=SHELL_SESSION,
         groups=["shell"], timeout=300),
    dict(name="x86_64-shell-idle", arch="x86_64", cpu="max", idle_check=True, groups=["shell"],
         timeout=400),
    dict(name="arm64-shell-idle", arch="arm64", cpu="max", idle_check=True, groups=["shell"],
         timeout=400),
    # run= at boot: each command echoed after the prompt; a last `poweroff` ends the boot.
    dict(name="x86_64-shell-run", arch="x86_64", cpu="max",
         groups=["shell"], timeout=300,
         cmdline='run="as new; map anon 1M; ptdump; test boot; poweroff"',
         expect=[r"^pagoda> as new\nas 1: new$", r"^pagoda> ptdump\nas 1:\n  \(no leaves\)$",
                 r"^pagoda> poweroff\npowering off$"]),
]

# ------------------------------------ the screen and the keyboard (tests/qemu/screen_test.py)
# The boot log on the GOP framebuffer: read back from QEMU's screendump cell by cell.
SCREEN_EXPECT = [r"^Pagoda \(",
                 r"^efifb: \d+x\d+ (RGBX|BGRX) at 0x[0-9a-f]+, \d+x\d+ text console$",
                 NO_FAILURE]
# Typed on the PS/2 keyboard: Backspace, Shift and Ctrl-U (\x15) on the way.
KEYBOARD_SESSION = [
    ("helpx\b\r", r"^  poweroff +power the machine off$"),
    ("Zz\x15test boot\r", NO_FAILURE),
    ("poweroff\r", r"^powering off$"),
]

CASES += [
    dict(name="x86_64-screen", arch="x86_64", cpu="max", cmdline="test=boot",
         groups=["screen"], timeout=300,
         qemu=["-device", "VGA,id=vga"], screen_text_check="vga", screen_expect=SCREEN_EXPECT,
         expect=[r"^efifb: ",
                 r"^i8042: PS/2 keyboard input \(ACPI FADT and controller self-test\)$"]),
    dict(name="arm64-screen", arch="arm64", cpu="max", cmdline="test=boot",
         groups=["screen"], timeout=300,
         qemu=["-device", "ramfb,id=fb"], screen_text_check="fb", screen_expect=SCREEN_EXPECT,
         expect=[r"^efifb: "]),
    dict(name="x86_64-keyboard", arch="x86_64", cpu="max", cmdline="",
         groups=["screen"], timeout=300,
         qemu=["-device", "VGA,id=vga"], screen_device="vga", keyboard=KEYBOARD_SESSION,
         screen_expect=[r"^pagoda> help$", r"^pagoda> test boot$", NO_FAILURE]),
]

# arm64 started at EL2 (QEMU's virtualization=on: AAVMF runs at EL2), with and without VHE in
# the CPU: the kernel runs at EL1 either way and the whole suite passes there.
CASES += [
    dict(name="arm64-el2-max", arch="arm64", cpu="max", machine="virt,virtualization=on",
         memory="3G", cmdline="test", groups=["boot", "mm", "pci"], timeout=600,
         qemu=["-device", "ramfb", "-device", "edu"],
         check_info_pci=True, ivshmem_check=2 << 30,
         expect=[EDU.format(r"0000:00:[0-9a-f]{2}\.0"), r"^# framebuffer 0x[0-9a-f]+ "] +
         IVSHMEM_2G_PUD + EL2_KEPT),
    dict(name="arm64-el2-cortex-a72", arch="arm64", cpu="cortex-a72",
         machine="virt,virtualization=on", cmdline="test", groups=["boot", "mm"], timeout=600,
         expect=[r"Cortex-A72"] + EL2_KEPT),
]

# ------------------------------------------------------------- machine shapes (RAM sizes)
# The whole suite on bare machines (no PCI device of the tests, no framebuffer) with little and
# much RAM: every test passes or says why it skips. q35 with more than 2.75 GiB puts the RAM
# above 2 GiB at 4 GiB; virt puts RAM at 0x40000000. Only with 8 GiB is a 1 GiB block free for
# the test that writes all of one. The mprotect and clone tests of 1 GiB leaves map the GiB around
# a small block, which must be RAM all through (a cacheable mapping must not reach MMIO or holes):
# virt has such a GiB from 1 GiB of RAM on, q35 only with more (its first GiB has the legacy holes).
GIB_TESTS = ["mm/ram_pfnmap_uses_pud_leaves", "mm/thp_gib_madvise_range_is_one_pud_leaf"]
RAM_GIB_TESTS = ["mm/mprotect_prot_none_on_pud_mapped_ram", "mm/clone_copies_pfnmap_huge_leaves"]
RAM_GIB_RAN = [rf"^ok \d+ - {t}$" for t in RAM_GIB_TESTS] + [
    r"^# mprotect PROT_NONE of a 1 GiB PUD-mapped pfnmap: 1 entry changed, 0 split, "
    r"1 notifier pair\(s\), 1 TLB flush\(es\)$"]
RAM_GIB_SKIPPED = [rf"^ok \d+ - {t} # SKIP no free block in a GiB that is RAM all through$"
                   for t in RAM_GIB_TESTS]
DEVICE_SKIPS = [r"^ok \d+ - pci/edu_registers # SKIP no edu device on this machine$",
                r"^ok \d+ - mm/framebuffer_pfnmap # SKIP no GOP framebuffer on this machine$"]
GIB_SKIPPED = [rf"^ok \d+ - {t} # SKIP no free block of 1024 MiB of RAM$" for t in GIB_TESTS]
GIB_RAN = [rf"^ok \d+ - {t}$" for t in GIB_TESTS]
# What the kernel manages (firmware keeps some): all the RAM, also what q35 puts above 4 GiB.
USABLE_MIB = {"512M": r"(4[5-9]\d|50\d)", "1G": r"(9\d\d|10[01]\d)", "8G": r"(7[5-9]|8[01])\d\d"}


def shape(arch, memory, gib_block, ram_gib):
    """A bare machine of arch with this much RAM running `test`; gib_block: whether a free 1 GiB
    block exists there, so the 1 GiB tests must run (else they must skip); ram_gib: whether some
    1 GiB-aligned GiB is RAM all through, so the tests that map one must run (else skip)."""
    return dict(name=f"{arch}-mem-{memory}", arch=arch, cpu="max", memory=memory, cmdline="test",
                groups=["shapes"], timeout=900,
                expect=(RAM_GIB_RAN if ram_gib else RAM_GIB_SKIPPED) + DEVICE_SKIPS
                + (GIB_RAN if gib_block else GIB_SKIPPED) + [
                    rf"^memory: {USABLE_MIB[memory]} MiB usable"],
                reject=[r"# SKIP no free block of 1024 MiB"] if gib_block else [])


CASES += [shape(arch, memory, memory == "8G", memory == "8G" or (arch, memory) == ("arm64", "1G"))
          for arch in ("x86_64", "arm64") for memory in ("512M", "1G", "8G")]


# The devices the msi tests (tests/kernel/msi_*.c) drive, on every interrupt controller case: edu
# with a 40-bit DMA mask (its default 28 bits reaches no RAM on arm64 virt, and little on q35)
# and a modern-only virtio-rng-pci. The tests must run, not skip.
MSI_DEVICES = ["-device", "edu,dma_mask=0xffffffffff", "-device", "virtio-rng-pci,disable-legacy=on"]
MSI_CMDLINE = "edu.dma_bits=40"
MSI_RAN = [rf"^ok \d+ - msi/{t}$" for t in ("edu_factorial_completes_by_msi",
                                            "edu_dma_completes_by_msi",
                                            "msi_capability_programmed",
                                            "virtio_rng_returns_entropy_by_msix")]
# The time tests (tests/kernel/time.c) run on the same cases and must not skip: every machine
# has a second clocksource to compare with (HPET or PM timer; the arm64 physical counter).
MSI_RAN += [rf"^ok \d+ - time/{t}$" for t in ("timer_interrupts_during_busy_loop",
                                              "monotonic_agrees_with_reference",
                                              "msleep_100_lasts_100ms_by_reference",
                                              "hrtimer_one_shot_fires_once_after_expiry",
                                              "rtc_reads_a_valid_date")]

# ------------------------------------------------------------- arm64 interrupt controllers
# Each GIC version QEMU's virt has, with the MSI test devices: the kernel drives the GIC the
# MADT names, takes its own SGIs, and masks what it disables.
GIC_TESTS = ["gic_version_matches_madt_and_pidr2", "gic_sgi_to_self_handled_once",
             "gic_masked_pending_waits_for_enable", "arch_timer_ppi_counts_while_waiting",
             "arch_counters_virtual_and_physical_agree", "pl031_is_the_wall_clock"]
CASES += [
    dict(name=f"arm64-irq-gicv{v}", arch="arm64", cpu="max", machine=f"virt,gic-version={v}",
         cmdline="test=irq,time,msi " + MSI_CMDLINE, groups=["irq"], timeout=300,
         qemu=MSI_DEVICES, expect=[rf"^ok \d+ - irq/{t}$" for t in GIC_TESTS] + MSI_RAN + [
                 rf"^irq: GICv{v} dist 0x8000000, ", rf"^# GICv{v} \(MADT version {v}, ",
                 r"^timer: arch timer at 62500000 Hz, virtual timer on GSI 27 ",
                 r"^rtc: PL031 at 0x9010000 \(UEFI runtime MMIO\)$"])
    for v in (2, 3)
] + [
    # Entered at EL2: the hand-off must have let EL1 turn on the GICv3 system registers.
    dict(name="arm64-irq-gicv3-el2", arch="arm64", cpu="max",
         machine="virt,gic-version=3,virtualization=on", cmdline="test=irq,el2", groups=["irq"],
         timeout=300, expect=[rf"^ok \d+ - irq/{t}$" for t in GIC_TESTS] + EL2_KEPT + [
             r"^irq: GICv3 dist 0x8000000, redist 0x80a0000, "]),
]

# The MSI frames on the same machines (drivers/irqchip/arm/irq-gic-v2m.c, irq-gic-v3-its.c):
# the CPU raises an MSI through the frame, also while it is disabled (delivered on enable), and
# vectors are reused after a free.
ARM_MSI_TESTS = {2: ["gicv2m_setspi_raises_once_and_waits_while_disabled",
                     "gicv2m_alloc_free_reuses_spis"],
                 3: ["its_translater_raises_once_and_waits_while_disabled",
                     "its_alloc_free_reuses_events_and_lpis"]}
for case in CASES:
    for v, tests in ARM_MSI_TESTS.items():
        if case["name"] == f"arm64-irq-gicv{v}":
            case["expect"] = case["expect"] + [rf"^ok \d+ - irq/{t}$" for t in tests]

# ------------------------------------------- x86 interrupt controllers and time hardware
# (tests/kernel/irq_x86.c): the APIC in both modes, and the i440fx machine's tables. QEMU
# before 8.1 emulates no x2APIC under TCG, so -cpu max may come up in xAPIC mode; the kernel
# test checks that the mode follows CPUID either way.
def x86_irq(name, cpu, machine, mode, extra_tests=()):
    return dict(name=name, arch="x86_64", cpu=cpu, machine=machine, cmdline="test=irq,time,msi " + MSI_CMDLINE,
                groups=["irq"], timeout=300, qemu=MSI_DEVICES,
                expect=[rf"^irq: {mode} id 0, 1 I/O APIC \(24 pins, GSI 0-23\), \d+ overrides, "
                        r"NMI on LINT1$",
                        r"^clocks: hpet yes, acpi_pm (24|32)-bit, tsc \d+ kHz .*, lapic timer \d+ kHz "
                        r"\(divide by 16, calibrated against hpet\)$",
                        r"^# ISA IRQ 0 -> GSI 2 ", r"^# ISA IRQ 4 -> GSI 4 ",
                        r"^NMI at pc 0x[0-9a-f]+ \(1 since boot\); continuing$"]
                + [rf"^ok \d+ - irq/x86_{t}$" for t in (
                    "apic_mode_matches_cpuid", "self_ipi_delivered_once",
                    "isa_lines_follow_madt_overrides", "lapic_timer_rate_matches_hpet",
                    "lapic_timer_interrupts", "self_nmi_counted", "cmos_rtc_reads") + extra_tests] + MSI_RAN)


# q35's HPET reaches I/O APIC line 8; i440fx's only line 2, the PIT's.
Q35_IRQ_TESTS = ("ioapic_pin_edge_and_level",)
CASES += [x86_irq("x86_64-irq-x2apic", "max", None, "(x2APIC|xAPIC)", Q35_IRQ_TESTS),
          x86_irq("x86_64-irq-xapic", "max,-x2apic", None, "xAPIC", Q35_IRQ_TESTS),
          x86_irq("x86_64-irq-pc", "max", "pc", "(x2APIC|xAPIC)")]
