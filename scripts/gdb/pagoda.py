"""gdb helpers for Pagoda, loaded by the script `make debug` writes (build/<arch>/debug/pagoda.gdb).

The kernel ELF is linked at its run address, so its symbols load as they are (`file`). The loader
is a relocatable PE placed by the firmware: it prints `loader: image base 0x...` on the serial
console, and with `debug` on the command line it then spins until gdb sets loader_debug_go
(boot/debug.c). `pagoda-loader` runs the machine up to that point, adds loader.so's symbols at
the printed base and lets the loader go on at the next `continue`.
"""
import os
import re
import signal
import threading
import time

import gdb

BASE = re.compile(r"loader: image base (0x[0-9a-f]+)")
WAITING = "loader: debug: waiting for gdb"
# Lines that show the loader will not wait: it went on to the kernel, or the firmware gave up.
NOT_WAITING = ("loader: starting kernel", "Pagoda (", "No bootable option")

config = {}


def setup(serial_log, loader):
    """Tell the helpers where the serial log (QEMU's chardev logfile) and loader.so are."""
    config.update(serial_log=serial_log, loader=loader)


def read_log():
    try:
        with open(config["serial_log"], errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def interrupt_when_waiting(timeout, state):
    """Thread: once the loader waits (or cannot), stop the machine as Ctrl-C in gdb would."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        log = read_log()
        if WAITING in log or any(s in log for s in NOT_WAITING):
            break
        time.sleep(0.2)
    state["log"] = read_log()
    os.kill(os.getpid(), signal.SIGINT)


class PagodaLoader(gdb.Command):
    """Run until the loader (booted with `debug`) waits for gdb, load its symbols at the base it
printed, and let it go on at the next `continue`. Usage: pagoda-loader [TIMEOUT_SECONDS]"""

    def __init__(self):
        super().__init__("pagoda-loader", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if not config:
            raise gdb.GdbError("pagoda-loader: run the script `make debug` printed first")
        log = read_log()
        if WAITING not in log:
            state = {}
            waiter = threading.Thread(target=interrupt_when_waiting,
                                      args=(float(arg or 120), state), daemon=True)
            waiter.start()
            gdb.execute("continue")
            waiter.join()
            log = state["log"]
        bases = BASE.findall(log)
        if not bases:
            raise gdb.GdbError("pagoda-loader: no `loader: image base` line in "
                               + config["serial_log"])
        base = int(bases[-1], 16)
        gdb.execute(f"add-symbol-file {config['loader']} -o {base:#x}")
        if WAITING not in log:
            raise gdb.GdbError("pagoda-loader: the loader did not wait: boot with `debug` on "
                               "the command line (make debug CMDLINE=debug)")
        gdb.execute("set var loader_debug_go = 1")
        print(f"pagoda-loader: loader symbols at {base:#x}; it goes on at `continue`")


PagodaLoader()
