"""`make debug` as a test: boot halted with a gdb stub and drive gdb-multiarch in batch mode.

A case with gdb=True boots with `debug` on its command line; the session below loads the loader's
symbols (pagoda-loader), stops in the loader and in kernel_main, reads boot_info's magic and steps
into a function, then lets the kernel finish its tests. gdb's output is appended to the case's log,
so the case's expect patterns check both.
"""
import os
import subprocess
import threading
import time

import qemu

SESSION = """\
pagoda-loader
break load_kernel
continue
bt
break kernel_main
continue
print/x ((struct boot_info *)(boot_info_pa + phys_virt_offset))->magic
step
bt
delete
continue
"""


def run_gdb(cmd, sock, out, wait=60):
    """Thread: start gdb once QEMU's gdb socket exists; out gets its output."""
    end = time.monotonic() + wait
    while not os.path.exists(sock) and time.monotonic() < end:
        time.sleep(0.1)
    try:
        out.append(subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=600).stdout.decode())
    except subprocess.TimeoutExpired as e:
        out.append((e.stdout or b"").decode() + "\ngdb timed out\n")


def run(case, timeout, boot):
    """Boot case through boot(case, timeout, extra, serial) with gdb attached; returns what
    boot() does, with gdb's output after the serial log and a problem if gdb failed."""
    workdir = qemu.test_workdir(case["name"])
    os.makedirs(workdir, exist_ok=True)
    sock = os.path.join(workdir, "gdb.sock")
    serial_log = os.path.join(workdir, "console.log")
    for path in (sock, serial_log):
        if os.path.exists(path):
            os.unlink(path)
    script = os.path.join(workdir, "pagoda.gdb")
    with open(script, "w") as f:
        f.write(qemu.gdb_script(case["arch"], sock, serial_log) + SESSION)
    out = []
    gdb = threading.Thread(target=run_gdb, daemon=True,
                           args=(["gdb-multiarch", "-nx", "-batch", "-x", script], sock, out))
    gdb.start()
    serial = ["-chardev", f"stdio,id=con0,logfile={serial_log}", "-serial", "chardev:con0"]
    result = boot(case, timeout, ["-S", "-gdb", f"unix:{sock},server=on,wait=off"], serial)
    gdb.join(timeout=30)
    problems = [] if out else ["gdb did not finish"]
    log = result[1] + "# gdb session:\n" + "".join(out)
    with open(os.path.join(result[5], "gdb.log"), "w") as f:
        f.write("".join(out))
    return result[:1] + (log,) + result[2:-1] + (result[-1] + problems,)
