"""A small QMP client for the runner's host-side checks (screendump, info pci, ...).

QEMU is started with qmp_args(path) (a QMP server on a unix socket, no waiting) and, when checks
must run after the guest powers off, `-action shutdown=pause` (QEMU 7.2) so QEMU stays up:

    mon = Monitor(path)                   # connects (retrying while QEMU starts), negotiates
    mon.wait_event("SHUTDOWN", timeout)   # the guest powered off (machine now paused)
    mon.command("query-pci")              # QMP command -> its "return" value
    mon.hmp("info pci")                   # human monitor command -> its text
    mon.quit()
"""
import json
import os
import socket
import time


class MonitorError(Exception):
    pass


def qmp_args(path):
    """QEMU arguments for a QMP server on unix socket `path`."""
    return ["-qmp", f"unix:{path},server=on,wait=off"]


class Monitor:
    def __init__(self, path, timeout=30.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise MonitorError(f"cannot connect to QMP at {path}")
                time.sleep(0.1)
        self.buf = b""
        self.events = []
        self._recv(timeout)  # the greeting
        self.command("qmp_capabilities")

    def _recv(self, timeout):
        """The next JSON message, or MonitorError after timeout seconds (None: wait forever)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise MonitorError("QMP: timed out")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise MonitorError("QMP: timed out") from None
            if not chunk:
                raise MonitorError("QMP: connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def command(self, name, timeout=60.0, **arguments):
        """Run a QMP command; returns its "return" value, raises MonitorError on an error reply."""
        msg = {"execute": name}
        if arguments:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._recv(timeout)
            if "event" in reply:
                self.events.append(reply)
            elif "error" in reply:
                raise MonitorError(f"{name}: {reply['error'].get('desc', reply['error'])}")
            elif "return" in reply:
                return reply["return"]

    def hmp(self, command_line, timeout=60.0):
        """Run a human monitor command (e.g. "info pci"); returns its output text."""
        return self.command("human-monitor-command", timeout, **{"command-line": command_line})

    def wait_event(self, name, timeout):
        """Wait for event `name` (also one that arrived during a command); returns it."""
        deadline = time.monotonic() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev["event"] == name:
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise MonitorError(f"QMP: no {name} event in {timeout} s")
            msg = self._recv(left)
            if "event" in msg:
                self.events.append(msg)

    def quit(self):
        """Ask QEMU to exit; the connection closes."""
        try:
            self.command("quit", timeout=10)
        except MonitorError:
            pass  # QEMU may close the socket before replying
        self.close()

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def socket_path(workdir):
    """Where a case's QMP socket lives (unix socket paths must stay under ~100 bytes)."""
    path = os.path.join(workdir, "qmp.sock")
    return path if len(path) < 100 else f"/tmp/pagoda-qmp-{os.getpid()}-{abs(hash(workdir))}.sock"
