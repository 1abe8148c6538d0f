#!/usr/bin/env python3
"""Boot Pagoda under QEMU: the one place that knows QEMU command lines.

    qemu.py run  --arch A [--cmdline TEXT] [--cpu CPU] [extra qemu args]   interactive, serial on stdio
    (the test runner imports boot() for captured, time-limited runs)
"""
import argparse
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FIRMWARE = {
    "x86_64": ("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"),
    "arm64": ("/usr/share/AAVMF/AAVMF_CODE.fd", "/usr/share/AAVMF/AAVMF_VARS.fd"),
}
EFI_NAME = {"x86_64": "BOOTX64.EFI", "arm64": "BOOTAA64.EFI"}


def esp_dir(arch):
    return os.path.join(ROOT, "build", arch, "esp")


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


def qemu_command(arch, esp, workdir, cpu=None, machine=None, memory="2G", extra=()):
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
        "-drive", f"format=raw,file=fat:rw:{esp}",
        "-net", "none",
    ]
    return cmd + list(extra)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["run"])
    p.add_argument("--arch", default="x86_64", choices=sorted(FIRMWARE))
    p.add_argument("--cmdline", default="")
    p.add_argument("--cpu")
    p.add_argument("--machine")
    args, extra = p.parse_known_args()
    workdir = os.path.join(ROOT, "build", args.arch, "run")
    os.makedirs(workdir, exist_ok=True)
    esp = prepare_esp(args.arch, args.cmdline)
    cmd = qemu_command(args.arch, esp, workdir, args.cpu, args.machine,
                       extra=["-serial", "mon:stdio"] + extra)
    print(" ".join(cmd), file=sys.stderr)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
