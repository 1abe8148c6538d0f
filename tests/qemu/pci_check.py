"""Host-side check: the kernel's PCI listing agrees with QEMU's own view (QMP query-pci, the data
behind `info pci`): the same functions, IDs and class, and per BAR 0-5 the same kind, size and
address ("unassigned" where QEMU has the BAR unmapped).

The expansion ROM (the kernel's ROM line, QEMU's region with "bar": 6) must exist on the same
functions with the same size. QEMU gives a ROM's address only while the ROM decodes (its enable
bit and the function's memory decode both on) and reports it unmapped otherwise, whatever address
the register holds; so the address is compared only when QEMU has the ROM mapped, and then the
kernel must list it enabled at that address.
"""
import re

FUNC = re.compile(r"^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) ([0-9a-f]{4}):([0-9a-f]{4}) "
                  r"class ([0-9a-f]{6}) \S.*$")
BAR = re.compile(r"^  BAR([0-5]) (io|mem32|mem64)( pref)? (0x[0-9a-f]+|unassigned) size (0x[0-9a-f]+)$")
ROM = re.compile(r"^  ROM mem32 (0x[0-9a-f]+|unassigned) size (0x[0-9a-f]+) (enabled|disabled)$")
PCI_BAR_UNMAPPED = (1 << 64) - 1  # QMP may give it as the signed -1
NUM_BARS = 6
ROM_BAR = 6  # QEMU's index of the expansion ROM region


def parse_listing(log):
    """{(seg, bus, dev, fn): {"id": (vendor, device), "class": c, "bars": {n: (kind, pref, addr|None, size)},
    "rom": (addr|None, size, enabled) or None}} from the first listing in a serial log."""
    funcs, cur = {}, None
    for line in log.splitlines():
        m = FUNC.match(line)
        if m:
            key = tuple(int(x, 16) for x in m.group(1, 2, 3, 4))
            if key in funcs:
                break  # a second listing (e.g. from lspci) starts
            cur = funcs[key] = {"id": (int(m[5], 16), int(m[6], 16)), "class": int(m[7], 16),
                                "bars": {}, "rom": None}
            continue
        m, rom = BAR.match(line), ROM.match(line)
        if m and cur is not None:
            addr = None if m[4] == "unassigned" else int(m[4], 16)
            cur["bars"][int(m[1])] = (m[2], bool(m[3]), addr, int(m[5], 16))
        elif rom and cur is not None:
            addr = None if rom[1] == "unassigned" else int(rom[1], 16)
            cur["rom"] = (addr, int(rom[2], 16), rom[3] == "enabled")
        else:
            cur = None
    return funcs


def region_addr(region):
    """A query-pci region's address, None when unmapped."""
    addr = region["address"] & PCI_BAR_UNMAPPED
    return None if addr == PCI_BAR_UNMAPPED else addr


def qemu_bar(region):
    kind = "io" if region["type"] == "io" else "mem64" if region.get("mem_type_64") else "mem32"
    return kind, bool(region.get("prefetch", False)), region_addr(region), region["size"]


def qemu_rom(regions):
    """(addr|None, size) of the ROM region (None: unmapped), or None when there is no ROM."""
    for r in regions:
        if r["bar"] == ROM_BAR:
            return region_addr(r), r["size"]
    return None


def walk_devices(devices, out):
    for d in devices:
        regions = d.get("regions", [])
        bars = {r["bar"]: qemu_bar(r) for r in regions if r["bar"] < NUM_BARS}
        out[(0, d["bus"], d["slot"], d["function"])] = {
            "id": (d["id"]["vendor"], d["id"]["device"]), "class": d["class_info"]["class"],
            "bars": bars, "rom": qemu_rom(regions)}
        walk_devices(d.get("pci_bridge", {}).get("devices", []), out)


def qemu_functions(query_pci):
    """The same shape as parse_listing() from QMP query-pci (QEMU's class is base<<8|sub)."""
    out = {}
    for bus in query_pci:
        walk_devices(bus["devices"], out)
    return out


def fmt_bar(bar):
    kind, pref, addr, size = bar
    return f"{kind}{' pref' if pref else ''} {'unassigned' if addr is None else hex(addr)} size {hex(size)}"


def fmt_rom(rom, no_addr):
    """A ROM as "ADDRESS size SIZE[ STATE]", no_addr in place of a missing address."""
    if rom is None:
        return "none"
    state = "" if len(rom) < 3 else " enabled" if rom[2] else " disabled"
    return f"{no_addr if rom[0] is None else hex(rom[0])} size {hex(rom[1])}{state}"


def compare_rom(kr, qr):
    """A problem with the kernel's ROM kr (addr, size, enabled) against QEMU's qr (addr, size),
    or None (see the top)."""
    mapped = qr is not None and qr[0] is not None
    if (kr is None) != (qr is None) or (kr and (kr[1] != qr[1] or
                                                (mapped and (kr[0] != qr[0] or not kr[2])))):
        return f"kernel {fmt_rom(kr, 'unassigned')}, QEMU {fmt_rom(qr, 'unmapped')}"
    return None


def compare(kernel, qemu):
    """Problems (empty: they agree)."""
    problems = []
    name = lambda k: "%04x:%02x:%02x.%x" % k
    for k in sorted(set(qemu) - set(kernel)):
        problems.append(f"info pci: {name(k)} not in the kernel's listing")
    for k in sorted(set(kernel) - set(qemu)):
        problems.append(f"info pci: {name(k)} listed by the kernel, unknown to QEMU")
    for k in sorted(set(kernel) & set(qemu)):
        kf, qf = kernel[k], qemu[k]
        if kf["id"] != qf["id"]:
            problems.append(f"info pci: {name(k)} id %04x:%04x, QEMU %04x:%04x" % (kf["id"] + qf["id"]))
        if kf["class"] >> 8 != qf["class"]:
            problems.append(f"info pci: {name(k)} class {kf['class']:06x}, QEMU {qf['class']:04x}")
        for n in sorted(set(kf["bars"]) | set(qf["bars"])):
            kb, qb = kf["bars"].get(n), qf["bars"].get(n)
            if kb != qb:
                problems.append(f"info pci: {name(k)} BAR{n}: kernel "
                                f"{fmt_bar(kb) if kb else 'none'}, QEMU {fmt_bar(qb) if qb else 'none'}")
        rom = compare_rom(kf["rom"], qf["rom"])
        if rom:
            problems.append(f"info pci: {name(k)} ROM: {rom}")
    if not kernel:
        problems.append("info pci: no PCI listing in the serial log")
    return problems


def check_info_pci(case, mon, log):
    """Runner hook (cases.py field check_info_pci=True)."""
    return compare(parse_listing(log), qemu_functions(mon.command("query-pci")))
