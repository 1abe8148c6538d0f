#!/usr/bin/env python3
"""Boot every case of cases.py under QEMU and check the serial log.

Each case must end by itself (the kernel powers the machine off); a case still running after
--timeout seconds is a failure (a hang). Prints TAP lines and `N passed, N failed`.
    run.py [--arch A] [--only NAME_SUBSTRING] [--jobs N]
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402
from cases import CASES  # noqa: E402

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed\s*$", re.M)
BANNER = re.compile(r"^Pagoda \(", re.M)


def check_log(case, log, returncode, timed_out):
    """Return a list of problems (empty: the case passed)."""
    problems = []
    if timed_out:
        problems.append("timed out (no power-off)")
    for pat in case.get("expect", []):
        if not re.search(pat, log, re.M):
            problems.append(f"missing /{pat}/")
    for pat in case.get("reject", []) + [r"KERNEL (FAULT|PANIC)"]:
        if re.search(pat, log, re.M):
            problems.append(f"found /{pat}/")
    summaries = SUMMARY.findall(log)
    tap = case.get("tap", "pass")
    if not summaries:
        problems.append("no `N passed, N failed` summary")
    elif tap == "pass":
        passed, failed = map(int, summaries[-1])
        if failed or passed == 0 or re.search(r"^not ok", log, re.M):
            problems.append(f"tests failed ({passed} passed, {failed} failed)")
    elif tuple(map(int, summaries[-1])) != tuple(tap):
        problems.append(f"summary {summaries[-1]} != expected {tap}")
    return problems


def run_case(case, timeout):
    workdir = os.path.join(qemu.ROOT, "build", "qemu-test", case["name"])
    os.makedirs(workdir, exist_ok=True)
    esp = qemu.prepare_esp(case["arch"], case["cmdline"], os.path.join(workdir, "esp"))
    cmd = qemu.qemu_command(case["arch"], esp, workdir, case.get("cpu"), case.get("machine"),
                            case.get("memory", "2G"), ["-serial", "stdio"] + case.get("qemu", []))
    start = time.monotonic()
    banner_at = None
    out = []
    timed_out = False
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL) as proc:
        os.set_blocking(proc.stdout.fileno(), True)
        deadline = start + timeout
        while True:
            line = proc.stdout.readline()
            if not line:
                break
            text = line.decode("utf-8", "replace")
            out.append(text)
            if banner_at is None and BANNER.search(text):
                banner_at = time.monotonic() - start
            if time.monotonic() > deadline:
                timed_out = True
                proc.kill()
                break
        try:
            proc.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
            proc.wait()
    log = "".join(out).replace("\r", "")
    with open(os.path.join(workdir, "serial.log"), "w") as f:
        f.write(log)
    return case, log, proc.returncode, timed_out, banner_at, workdir


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch")
    p.add_argument("--only")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--timeout", type=int, default=300)
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    cases = [c for c in CASES if (not args.arch or c["arch"] == args.arch)
             and (not args.only or args.only in c["name"])]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_case, c, args.timeout) for c in cases]
        for n, fut in enumerate(futures, 1):
            case, log, rc, timed_out, banner_at, workdir = fut.result()
            problems = check_log(case, log, rc, timed_out)
            for line in log.splitlines():
                if args.verbose or problems or re.match(r"^(not )?ok \d+ ", line):
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
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
