#!/usr/bin/env python3
"""Boot every case of cases.py under QEMU and check the serial log.

Each case must end by itself (the kernel powers the machine off); a case still running after
its timeout (the case's `timeout`, or --timeout for every case) is a failure (a hang). A case
whose guest has more RAM than the host has available is skipped (the suite touches every guest
page). Prints TAP lines and `N passed, N failed, N skipped`.
    run.py [--arch A] [--only NAME_SUBSTRING] [--group G] [--jobs N] [--timeout SECONDS]
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gdb_check  # noqa: E402
import idle_check  # noqa: E402
import monitor  # noqa: E402
import pci_check  # noqa: E402
import pci_devices  # noqa: E402
import shell_test  # noqa: E402
import qemu  # noqa: E402
import screen_test  # noqa: E402
from cases import CASES, GROUPS  # noqa: E402

# A runner's summary line: the in-kernel runner's ends in `, N skipped`, the host runner's not.
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$", re.M)
DEFAULT_TIMEOUT = 300
BANNER = re.compile(r"^Pagoda \(", re.M)

# Host-side checks that query QEMU's monitor after the guest powered off: case field (true to
# enable) -> hook(case, monitor, serial_log) returning a list of problems. A case with any of them
# runs with -action shutdown=pause (QEMU stays up for the queries) and a QMP socket.
MONITOR_CHECKS = {
    "check_info_pci": pci_check.check_info_pci,
    "screendump_check": pci_devices.check_screendump,
    "screen_text_check": screen_test.check_screen_text,
}


def check_log(case, log, returncode, timed_out):
    """Return a list of problems (empty: the case passed)."""
    problems = []
    if timed_out:
        problems.append("timed out (no power-off)")
    for pat in case.get("expect", []):
        if not re.search(pat, log, re.M):
            problems.append(f"missing /{pat}/")
    fatal = [] if case.get("tap") == "halts" else [r"KERNEL (FAULT|PANIC)"]
    for pat in case.get("reject", []) + fatal:
        if re.search(pat, log, re.M):
            problems.append(f"found /{pat}/")
    summaries = [tuple(int(n or 0) for n in s) for s in SUMMARY.findall(log)]
    tap = case.get("tap", "pass")
    if tap == "halts":
        if summaries or not re.search(r"^KERNEL FAULT: system halted$", log, re.M):
            problems.append("the run did not end in a kernel fault")
    elif not summaries:
        problems.append("no `N passed, N failed` summary")
    elif tap == "pass":
        passed, failed, _ = summaries[-1]
        if failed or passed == 0 or re.search(r"^not ok", log, re.M):
            problems.append(f"tests failed ({passed} passed, {failed} failed)")
    elif summaries[-1][:len(tap)] != tuple(tap):
        problems.append(f"summary {summaries[-1]} != expected {tap}")
    return problems


def host_lacks_memory(case):
    """Why this host cannot run case (its guest RAM is more than the host's available memory),
    or None."""
    memory = case.get("memory", qemu.DEFAULT_MEMORY)
    want = int(memory[:-1]) << {"M": 20, "G": 30}[memory[-1]]
    with open("/proc/meminfo") as f:
        avail = next(int(line.split()[1]) << 10 for line in f if line.startswith("MemAvailable:"))
    if want <= avail:
        return None
    return f"the guest's {memory} of RAM is more than the host's {avail >> 20} MiB available"


def monitor_checks(case):
    return [hook for field, hook in MONITOR_CHECKS.items() if case.get(field)]


def read_serial(proc, out, stamps):
    """Collect QEMU's output lines into out; stamps["banner"]: seconds to the banner."""
    for line in iter(proc.stdout.readline, b""):
        text = line.decode("utf-8", "replace")
        out.append(text)
        if "banner" not in stamps and BANNER.search(text):
            stamps["banner"] = time.monotonic() - stamps["start"]


def settle(out, quiet=0.5, limit=5.0):
    """Wait until out has not grown for `quiet` seconds (the guest's last lines drained)."""
    end = time.monotonic() + limit
    n = -1
    while n != len(out) and time.monotonic() < end:
        n = len(out)
        time.sleep(quiet)


def run_monitored(case, cmd, workdir, timeout, hooks):
    """Boot with a QMP socket; after the guest's power-off run the hooks, then quit QEMU."""
    sock = monitor.socket_path(workdir)
    if os.path.exists(sock):
        os.unlink(sock)
    cmd = cmd + ["-action", "shutdown=pause"] + monitor.qmp_args(sock)
    out, stamps, problems, timed_out = [], {"start": time.monotonic()}, [], False
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL) as proc:
        reader = threading.Thread(target=read_serial, args=(proc, out, stamps), daemon=True)
        reader.start()
        try:
            mon = monitor.Monitor(sock)
            try:
                mon.wait_event("SHUTDOWN", timeout)
                settle(out)
                log = "".join(out).replace("\r", "")
                for hook in hooks:
                    problems += hook(case, mon, log)
            except monitor.MonitorError as e:
                timed_out = "no SHUTDOWN event" in str(e)
                problems.append(f"monitor: {e}")
            except Exception as e:  # a broken check must not leave QEMU running
                problems.append(f"host check crashed: {e!r}")
            mon.quit()
        except monitor.MonitorError as e:
            problems.append(f"monitor: {e}")
        finally:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        reader.join(timeout=10)
    if os.path.exists(sock):
        os.unlink(sock)
    log = "".join(out).replace("\r", "")
    return log, proc.returncode, timed_out, stamps.get("banner"), problems


def boot_case(case, timeout, extra, serial=("-serial", "stdio")):
    """Boot one case (extra: more QEMU arguments; serial: the serial port's, on stdout);
    returns what run_case() does."""
    workdir = qemu.test_workdir(case["name"])
    os.makedirs(workdir, exist_ok=True)
    if case.get("image"):
        esp = qemu.prepare_image(case["arch"], case["cmdline"], os.path.join(workdir, "disk.img"))
    else:
        esp = qemu.prepare_esp(case["arch"], case["cmdline"], os.path.join(workdir, "esp"))
    cmd = qemu.qemu_command(case["arch"], esp, workdir, case.get("cpu"), case.get("machine"),
                            case.get("memory", qemu.DEFAULT_MEMORY),
                            list(serial) + case.get("qemu", []) + extra)
    hooks = monitor_checks(case)
    if hooks:
        log, rc, timed_out, banner_at, problems = run_monitored(case, cmd, workdir, timeout, hooks)
        with open(os.path.join(workdir, "serial.log"), "w") as f:
            f.write(log)
        return case, log, rc, timed_out, banner_at, workdir, problems
    start = time.monotonic()
    banner_at = None
    out = []
    timed_out = False
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL) as proc:
        # A guest that hangs silently prints nothing: the deadline must not wait for a line.
        def kill_hung():
            nonlocal timed_out
            timed_out = True
            proc.kill()
        killer = threading.Timer(timeout, kill_hung)
        killer.start()
        try:
            for line in iter(proc.stdout.readline, b""):
                text = line.decode("utf-8", "replace")
                out.append(text)
                if banner_at is None and BANNER.search(text):
                    banner_at = time.monotonic() - start
            proc.wait()
        finally:
            killer.cancel()
    log = "".join(out).replace("\r", "")
    with open(os.path.join(workdir, "serial.log"), "w") as f:
        f.write(log)
    return case, log, proc.returncode, timed_out, banner_at, workdir, []


def run_case(case, timeout):
    """Boot a case with its host-side files: an ivshmem backing file (ivshmem_check) is made
    before the boot, checked after it and always deleted; gdb attaches to a `gdb` case.
    timeout: seconds before the case counts as hung (None: the case's own)."""
    timeout = timeout or case.get("timeout", DEFAULT_TIMEOUT)
    if case.get("gdb"):
        return gdb_check.run(case, timeout, boot_case)
    if case.get("interactive"):
        return shell_test.run(case, timeout)
    if case.get("idle_check"):
        return idle_check.run(case, timeout)
    if case.get("keyboard"):
        return screen_test.run(case, timeout)
    if not case.get("ivshmem_check"):
        return boot_case(case, timeout, [])
    shm = pci_devices.IvshmemFile(case)
    try:
        result = boot_case(case, timeout, shm.qemu_args())
        return result[:-1] + (result[-1] + shm.verify(),)
    finally:
        shm.remove()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch")
    p.add_argument("--only")
    p.add_argument("--group", help="only the cases in this group (cases.py: groups)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--timeout", type=int,
                   help="seconds before any case counts as hung (default: each case's timeout)")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    for c in CASES:
        if not c.get("groups") or not set(c["groups"]) <= GROUPS.keys():
            p.error(f"case {c['name']}: groups must be some of {', '.join(GROUPS)}")
    if args.group and args.group not in GROUPS:
        p.error(f"no group {args.group!r}; the groups are {', '.join(GROUPS)}")
    cases = [c for c in CASES if (not args.arch or c["arch"] == args.arch)
             and (not args.only or args.only in c["name"])
             and (not args.group or args.group in c["groups"])]
    passed = failed = skipped = 0
    skips = {c["name"]: host_lacks_memory(c) for c in cases}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [(c, None if skips[c["name"]] else pool.submit(run_case, c, args.timeout))
                   for c in cases]
        for n, (case, fut) in enumerate(futures, 1):
            if not fut:
                print(f"ok {n} - {case['name']} # SKIP {skips[case['name']]}")
                skipped += 1
                continue
            case, log, rc, timed_out, banner_at, workdir, host_problems = fut.result()
            problems = check_log(case, log, rc, timed_out) + host_problems
            for line in log.splitlines():
                if args.verbose or problems or re.match(r"^((not )?ok \d+ |# host: )", line):
                    print(f"# {case['name']}: {line}")
            boot = f"{banner_at:.1f} s to banner" if banner_at is not None else "no banner"
            print(f"# {case['name']}: {boot}; serial log in {workdir}/serial.log")
            for prob in problems:
                print(f"# {case['name']}: {prob}")
            print(f"{'not ok' if problems else 'ok'} {n} - {case['name']}")
            if problems:
                failed += 1
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
