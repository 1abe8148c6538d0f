"""The idle CPU and the wall clock, measured from the host (case option idle_check).

The machine is booted twice into the shell: normally, and with `idle=poll` on the command line.
At the prompt, waiting for a key, the kernel idles in hlt / wfi until an interrupt; with
idle=poll it spins. The QEMU process's CPU time (utime + stime from /proc/PID/stat) over
IDLE_SECONDS at the prompt must be less than half of the polling boot's. The first boot also
runs `test time` at the prompt, and its boot line's RTC time must be within WALL_SLACK seconds of
the host's UTC time when the line appears (QEMU starts the RTC at the host's time).
"""
import datetime
import os
import re
import time

import qemu
import shell_test
from cases import NO_FAILURE

IDLE_SECONDS = 10
SETTLE_SECONDS = 2  # after the prompt, before measuring
WALL_SLACK = 5
TIME_LINE = r"^time: .*, rtc \S+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC$"


def cpu_seconds(pid):
    """utime + stime of process pid, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wall_clock_problems(con, deadline):
    """Compare the kernel's boot-time RTC line with the host's clock when it appeared."""
    m = con.wait_for(TIME_LINE, 0, deadline)
    if not m:
        return [f"no /{TIME_LINE}/"]
    host = datetime.datetime.now(datetime.timezone.utc)
    kernel = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=datetime.timezone.utc)
    off = (kernel - host).total_seconds()
    con.notes.append(f"# host: rtc {m.group(1)} UTC, {off:+.1f} s from the host's clock")
    return [] if abs(off) <= WALL_SLACK else [f"RTC off by {off:+.1f} s (more than {WALL_SLACK})"]


def boot_idle(case, workdir, cmdline, steps, timeout):
    """Boot with cmdline, run steps at the prompt, measure the idle CPU time, power off.
    Returns (console, CPU seconds or None, problems)."""
    esp = qemu.prepare_esp(case["arch"], cmdline, os.path.join(workdir, "esp"))
    cmd = qemu.qemu_command(case["arch"], esp, workdir, case.get("cpu"), case.get("machine"),
                            case.get("memory", qemu.DEFAULT_MEMORY), ["-serial", "stdio"])
    con = shell_test.Console(cmd)
    con.notes = []
    deadline = time.monotonic() + timeout
    try:
        problems = wall_clock_problems(con, deadline) if not cmdline else []
        names = {}
        for send, expects in [(None, r"^shell: type `help`")] + steps:
            if not shell_test.run_step(con, send, expects, names, problems):
                return con, None, problems
        time.sleep(SETTLE_SECONDS)
        before = cpu_seconds(con.proc.pid)
        time.sleep(IDLE_SECONDS)
        used = cpu_seconds(con.proc.pid) - before
        shell_test.run_step(con, "poweroff", r"^powering off$", names, problems)
        return con, used, problems
    finally:
        con.close()


def run(case, timeout):
    """Both boots; returns what run.py's boot_case() does."""
    workdir = qemu.test_workdir(case["name"])
    os.makedirs(workdir, exist_ok=True)
    start = time.monotonic()
    idle_con, idle, problems = boot_idle(case, workdir, "", [("test time", NO_FAILURE)],
                                         timeout / 2)
    poll_con, poll, poll_problems = boot_idle(case, workdir, "idle=poll", [], timeout / 2)
    problems += [f"idle=poll: {p}" for p in poll_problems]
    notes = idle_con.notes
    if idle is not None and poll is not None:
        notes.append(f"# host: QEMU CPU time over {IDLE_SECONDS} s at the prompt: "
                     f"{idle:.2f} s idle (hlt/wfi), {poll:.2f} s with idle=poll")
        if not idle < poll / 2:
            problems.append(f"idle CPU time {idle:.2f} s is not below half of idle=poll's "
                            f"{poll:.2f} s")
    log = idle_con.text + "\n".join(notes) + "\n# idle=poll boot:\n" + poll_con.text
    with open(os.path.join(workdir, "serial.log"), "w") as f:
        f.write(log)
    timed_out = time.monotonic() - start >= timeout
    return case, log, 0, timed_out, idle_con.banner_at, workdir, problems
