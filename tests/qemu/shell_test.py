#!/usr/bin/env python3
"""Drive the kernel's shell through the serial console as a person would.

A session is a list of steps (send, expects): `send` is typed a character at a time with small
delays and ended with Enter; each regex of `expects` (one or a list, re.M, matched against the
output that follows the typing, CRs removed) must appear before the next prompt. Named groups of
a match are remembered, and later sends and expects may use them as {name} (str.format; a regex
that needs literal braces doubles them). send None: only wait for the expects (the boot).
The step whose send is `poweroff` must end QEMU.

A case (cases.py) with `interactive=SESSION` is run by run.py through run(); by hand:
    shell_test.py [--arch A] [--cpu CPU]      the standard session, TAP per step
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

PROMPT = "pagoda> "
KEY_DELAY = 0.01     # seconds between typed characters
BOOT_TIMEOUT = 180   # seconds from QEMU's start to the first prompt
STEP_TIMEOUT = 120   # seconds for one command's answer


class Console:
    """QEMU's serial port on a pipe: typed into stdin, collected from stdout by a thread."""

    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.text = ""
        self.started = time.monotonic()
        self.banner_at = None  # seconds from the start to the kernel's banner
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 4096)
            with self.cond:
                if not data:
                    self.cond.notify_all()
                    return
                self.text += data.decode("utf-8", "replace").replace("\r", "")
                if self.banner_at is None and "Pagoda (" in self.text:
                    self.banner_at = time.monotonic() - self.started
                self.cond.notify_all()

    def type(self, s):
        for ch in s:
            self.proc.stdin.write(ch.encode())
            self.proc.stdin.flush()
            time.sleep(KEY_DELAY)

    def wait_for(self, regex, start, deadline):
        """The first match of regex in the output from offset start, or None at the deadline
        or when QEMU has exited."""
        pat = re.compile(regex, re.M)
        with self.cond:
            while True:
                m = pat.search(self.text, start)
                if m:
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or not self.reader.is_alive():
                    return None
                self.cond.wait(min(left, 1.0))

    def wait_exit(self, timeout):
        try:
            self.proc.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(timeout=10)


def as_list(expects):
    return [expects] if isinstance(expects, str) else list(expects)


def run_step(con, send, expects, names, problems):
    """Type send (unless None), then wait for every expect and for the next prompt (or, after
    poweroff, for QEMU to exit). Returns False when the session cannot go on."""
    start = len(con.text)
    timeout = BOOT_TIMEOUT if send is None else STEP_TIMEOUT
    deadline = time.monotonic() + timeout
    what = "boot" if send is None else repr(send)
    if send is not None:
        try:
            con.type(send.format(**names) + "\r")
        except (BrokenPipeError, KeyError) as e:
            problems.append(f"{what}: cannot type it ({e!r})")
            return False
    for regex in as_list(expects):
        regex = regex.format(**names)
        m = con.wait_for(regex, start, deadline)
        if not m:
            problems.append(f"{what}: no /{regex}/ within {timeout} s")
            return False
        names.update({k: v for k, v in m.groupdict().items() if v is not None})
    if send == "poweroff":
        if not con.wait_exit(60):
            problems.append("poweroff: QEMU still running after 60 s")
        return False
    if not con.wait_for(re.escape(PROMPT), start, deadline):
        problems.append(f"{what}: no prompt within {timeout} s")
        return False
    return True


def run_session(con, session):
    """Problems of the session (empty: every step answered as expected)."""
    problems, names = [], {}
    for send, expects in session:
        if not run_step(con, send, expects, names, problems):
            break
    else:
        problems.append("session ended without poweroff")
    return problems


def run(case, timeout):
    """Boot case (interactive=SESSION) with the demo devices and run the session; returns what
    run.py's boot_case() does: (case, log, returncode, timed_out, banner_at, workdir, problems)."""
    workdir = qemu.test_workdir(case["name"])
    os.makedirs(workdir, exist_ok=True)
    esp = qemu.prepare_esp(case["arch"], case.get("cmdline", ""), os.path.join(workdir, "esp"))
    devs = qemu.DemoDevices(case["arch"], case["name"])
    start = time.monotonic()
    try:
        cmd = qemu.qemu_command(case["arch"], esp, workdir, case.get("cpu"), case.get("machine"),
                                case.get("memory", qemu.DEFAULT_MEMORY),
                                devs.qemu_args() + ["-serial", "stdio"] + case.get("qemu", []))
        con = Console(cmd)
        timer = threading.Timer(timeout, con.proc.kill)
        timer.start()
        try:
            problems = run_session(con, case["interactive"])
        finally:
            timer.cancel()
            con.close()
    finally:
        devs.remove()
    timed_out = time.monotonic() - start >= timeout
    with open(os.path.join(workdir, "serial.log"), "w") as f:
        f.write(con.text)
    return case, con.text, con.proc.returncode, timed_out, con.banner_at, workdir, problems


def main():
    from cases import SHELL_SESSION  # noqa: E402 (the standard session lives with the cases)
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="x86_64", choices=sorted(qemu.FIRMWARE))
    p.add_argument("--cpu", default="max")
    p.add_argument("--timeout", type=int, default=600)
    args = p.parse_args()
    case = dict(name=f"{args.arch}-shell-manual", arch=args.arch, cpu=args.cpu,
                interactive=SHELL_SESSION)
    _, log, _, _, _, workdir, problems = run(case, args.timeout)
    print(log)
    for prob in problems:
        print(f"# {prob}")
    print(f"{'not ok' if problems else 'ok'} 1 - {case['name']} (log in {workdir}/serial.log)")
    print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
