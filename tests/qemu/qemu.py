#!/usr/bin/env python3
"""Boot Pagoda under QEMU: the one place that knows QEMU command lines.

    qemu.py run  --arch A [--cmdline TEXT] [--cpu CPU] [extra qemu args]   interactive, serial on stdio
    qemu.py debug [--gdb-port N] (same options)   the same machine halted at reset with a gdb stub;
        writes build/<arch>/debug/pagoda.gdb (symbols + target remote) for gdb-multiarch -x
    --image: boot a copy of `make image`'s disk instead of the ESP folder
    (the test runner imports qemu_command() for captured, time-limited runs)

Both boot with the demo device set (DemoDevices): an edu, an ivshmem-plain backed by a 2 GiB
sparse file under /dev/shm (deleted when QEMU exits) and a framebuffer device.
"""
import argparse
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FIRMWARE = {
    "x86_64": ("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"),
    "arm64": ("/usr/share/AAVMF/AAVMF_CODE.fd", "/usr/share/AAVMF/AAVMF_VARS.fd"),
}
EFI_NAME = {"x86_64": "BOOTX64.EFI", "arm64": "BOOTAA64.EFI"}


def esp_dir(arch):
    return os.path.join(ROOT, "build", arch, "esp")


def test_workdir(name):
    """Where make test keeps one case's files (ESP copy, firmware variables, logs)."""
    return os.path.join(ROOT, "build", "qemu-test", name)


def prepare_esp(arch, cmdline, dest=None):
    """Copy the built ESP folder to dest (default: run/<arch>/esp) with cmdline.txt beside the loader."""
    src = esp_dir(arch)
    dest = dest or os.path.join(ROOT, "build", arch, "run", "esp")
    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    boot = os.path.join(dest, "EFI", "BOOT")
    with open(os.path.join(boot, "cmdline.txt"), "w") as f:
        f.write(cmdline + "\n")
    return dest


def image_path(arch):
    """The USB disk image `make image` builds."""
    return os.path.join(ROOT, "build", arch, f"pagoda-{arch}.img")


def esp_offset(image):
    """Byte offset of the first partition of a GPT disk image (LBA 2 holds the entries)."""
    with open(image, "rb") as f:
        f.seek(512)
        if f.read(8) != b"EFI PART":
            raise ValueError(f"{image}: no GPT")
        f.seek(2 * 512 + 32)
        return struct.unpack("<Q", f.read(8))[0] * 512


def prepare_image(arch, cmdline, dest):
    """Copy the built disk image to dest with its cmdline.txt replaced (mtools, no mounting)
    unless cmdline is None."""
    shutil.copyfile(image_path(arch), dest)
    if cmdline is None:
        return dest
    txt = dest + ".cmdline.txt"
    with open(txt, "w") as f:
        f.write(cmdline + "\n")
    subprocess.run(["mcopy", "-o", "-i", f"{dest}@@{esp_offset(dest)}", txt,
                    "::/EFI/BOOT/cmdline.txt"],
                   check=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    return dest


# 3 GiB: room for a free, 1 GiB-aligned block of RAM (the huge pfnmap tests map one), and on q35
# RAM above 4 GiB for a 1 GiB direct-map leaf (docs/hardware.md#q35-address-map).
DEFAULT_MEMORY = "3G"


def qemu_command(arch, esp, workdir, cpu=None, machine=None, memory=DEFAULT_MEMORY, extra=()):
    code, vars_template = FIRMWARE[arch]
    vars_copy = os.path.join(workdir, "vars.fd")
    shutil.copyfile(vars_template, vars_copy)
    if arch == "x86_64":
        cmd = ["qemu-system-x86_64", "-machine", machine or "q35", "-cpu", cpu or "max"]
    else:
        cmd = ["qemu-system-aarch64", "-machine", machine or "virt", "-cpu", cpu or "max"]
    cmd += [
        "-m", memory, "-nodefaults", "-display", "none", "-no-reboot",
        "-drive", f"if=pflash,format=raw,readonly=on,file={code}",
        "-drive", f"if=pflash,format=raw,file={vars_copy}",
        # esp: a folder (QEMU's virtual FAT) or a disk image file (make image).
        "-drive", f"format=raw,file={esp if os.path.isfile(esp) else 'fat:rw:' + esp}",
        "-net", "none",
    ]
    return cmd + list(extra)


GDB_ARCH = {"x86_64": "i386:x86-64", "arm64": "aarch64"}


def serial_log_args(log):
    """-serial mon:stdio (serial multiplexed with the monitor, Ctrl-C to the guest) also copied
    into log."""
    return ["-chardev", f"stdio,id=con0,mux=on,signal=off,logfile={log}", "-serial", "chardev:con0",
            "-mon", "chardev=con0,mode=readline"]


def gdb_script(arch, target, serial_log):
    """gdb commands that load the kernel's symbols, the loader helper (scripts/gdb/pagoda.py, which
    reads the loader's base from serial_log) and connect to QEMU's gdb stub at target."""
    build = os.path.join(ROOT, "build", arch)
    helpers = os.path.join(ROOT, "scripts", "gdb")
    loader = os.path.join(build, "loader.so")
    return "\n".join([
        "set pagination off",
        "set confirm off",
        f"set architecture {GDB_ARCH[arch]}",
        f"file {build}/kernel.elf",
        f"python import sys; sys.path.insert(0, {helpers!r}); import pagoda; "
        f"pagoda.setup({serial_log!r}, {loader!r})",
        f"target remote {target}",
    ]) + "\n"


def debug_setup(arch, port):
    """Write build/<arch>/debug/pagoda.gdb; return the QEMU arguments that go with it."""
    workdir = os.path.join(ROOT, "build", arch, "debug")
    log = os.path.join(workdir, "serial.log")
    script = os.path.join(workdir, "pagoda.gdb")
    with open(script, "w") as f:
        f.write(gdb_script(arch, f"localhost:{port}", log))
    print(f"QEMU is halted; in another terminal: gdb-multiarch -x {os.path.relpath(script)}\n"
          f"  break kernel_main / continue; for the loader boot with CMDLINE=debug and run "
          f"pagoda-loader first", file=sys.stderr)
    return serial_log_args(log) + ["-S", "-gdb", f"tcp::{port}"]


DEMO_SHM_SIZE = 2 << 30
DEMO_FRAMEBUFFER = {"x86_64": "VGA", "arm64": "ramfb"}


class DemoDevices:
    """The devices `make run` and the shell test boot with. The ivshmem backing file is sparse
    (no memory until the guest writes) and unique to this instance; remove() deletes it.

        devs = DemoDevices(arch)
        try: ... qemu_command(..., extra=devs.qemu_args() + ...) ...
        finally: devs.remove()
    """

    def __init__(self, arch, name="run"):
        self.arch = arch
        fd, self.shm_path = tempfile.mkstemp(prefix=f"pagoda-{name}-", suffix=".ivshmem",
                                             dir="/dev/shm")
        try:
            os.ftruncate(fd, DEMO_SHM_SIZE)
        finally:
            os.close(fd)

    def qemu_args(self):
        return ["-device", DEMO_FRAMEBUFFER[self.arch], "-device", "edu",
                "-object", f"memory-backend-file,id=demo-shm,mem-path={self.shm_path},"
                           f"size={DEMO_SHM_SIZE},share=on",
                "-device", "ivshmem-plain,memdev=demo-shm"]

    def remove(self):
        if os.path.exists(self.shm_path):
            os.unlink(self.shm_path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["run", "debug"])
    p.add_argument("--arch", default="x86_64", choices=sorted(FIRMWARE))
    p.add_argument("--cmdline")
    p.add_argument("--cpu")
    p.add_argument("--machine")
    p.add_argument("--gdb-port", type=int, default=1234)
    p.add_argument("--image", action="store_true",
                   help="boot a copy of make image's disk (its own cmdline.txt unless --cmdline)")
    args, extra = p.parse_known_args()
    workdir = os.path.join(ROOT, "build", args.arch, args.mode)
    os.makedirs(workdir, exist_ok=True)
    if args.image:
        esp = prepare_image(args.arch, args.cmdline, os.path.join(workdir, "disk.img"))
    else:
        esp = prepare_esp(args.arch, args.cmdline or "", os.path.join(workdir, "esp"))
    if args.mode == "debug":
        console = debug_setup(args.arch, args.gdb_port)
    else:
        console = ["-serial", "mon:stdio"]
    devs = DemoDevices(args.arch, args.mode)
    try:
        cmd = qemu_command(args.arch, esp, workdir, args.cpu, args.machine,
                           extra=devs.qemu_args() + console + extra)
        print(" ".join(cmd), file=sys.stderr)
        # QEMU owns the terminal (Ctrl-A x quits); a stray signal must not orphan it here.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return subprocess.call(cmd)
    finally:
        devs.remove()


if __name__ == "__main__":
    sys.exit(main())
