"""Host-side checks of the PCI device tests (tests/kernel/pci_ivshmem.c, tests/kernel/pci_bochs.c).

ivshmem (case field ivshmem_check=SIZE): the case gets an ivshmem-plain device backed by a
SIZE-byte sparse file under /dev/shm, unique to the run. The guest writes, through a user mapping
of BAR2, the little-endian u64 `o ^ IVSHMEM_MAGIC` at every 64 KiB offset o and nothing else;
after the run the file must hold exactly that. The file is deleted afterwards.

    shm = IvshmemFile(case)           # creates the file; shm.qemu_args() for the command line
    problems = shm.verify()           # after the guest is done
    shm.remove()

screendump (case field screendump_check=DEVICE_ID, a monitor check): after the guest powered off,
QEMU's `screendump` of that display device must show the colour bars the guest drew.
"""
import os
import re
import tempfile

import qemu

IVSHMEM_STRIDE = 64 << 10
IVSHMEM_MAGIC = 0x5061676F6461  # "Pagoda"; the same constant as tests/kernel/pci_ivshmem.c
CHUNK = 1 << 20


def ivshmem_word(offset):
    return (offset ^ IVSHMEM_MAGIC).to_bytes(8, "little")


def data_extents(fd, size):
    """(start, end) of every range of fd that may hold data: holes read as zeros and are skipped
    (SEEK_DATA/SEEK_HOLE); the whole file when the filesystem cannot tell."""
    pos = 0
    while pos < size:
        try:
            start = os.lseek(fd, pos, os.SEEK_DATA)
        except OSError as e:
            if e.errno == 6:  # ENXIO: no data after pos
                return
            yield pos, size  # no SEEK_DATA here: read everything
            return
        end = min(os.lseek(fd, start, os.SEEK_HOLE), size)
        yield start, end
        pos = end


def check_chunk(buf, base, problems):
    """Check buf (file bytes from offset base): each 64 KiB word right, everything else zero.
    Returns how many words it held. The words are cleared in buf, then one compare finds any
    stray byte."""
    words = 0
    first = -(-base // IVSHMEM_STRIDE) * IVSHMEM_STRIDE
    for off in range(first, base + len(buf) - 7, IVSHMEM_STRIDE):
        i = off - base
        want = ivshmem_word(off)
        if buf[i:i + 8] != want and len(problems) < 8:
            problems.append(f"ivshmem: word at {off:#x} is {bytes(buf[i:i + 8]).hex()}, "
                            f"want {want.hex()} (LE)")
        buf[i:i + 8] = bytes(8)
        words += 1
    if buf.count(0) != len(buf) and len(problems) < 8:
        i = next(n for n, b in enumerate(buf) if b)
        problems.append(f"ivshmem: stray byte {buf[i]:#04x} at {base + i:#x}")
    return words


class IvshmemFile:
    def __init__(self, case):
        self.size = case["ivshmem_check"]
        fd, self.path = tempfile.mkstemp(prefix=f"pagoda-{case['name']}-", suffix=".ivshmem",
                                         dir="/dev/shm")
        try:
            os.ftruncate(fd, self.size)  # sparse: zeros that take no memory until written
        finally:
            os.close(fd)

    def qemu_args(self):
        return ["-object", f"memory-backend-file,id=pagoda-shm,mem-path={self.path},"
                           f"size={self.size},share=on",
                "-device", "ivshmem-plain,memdev=pagoda-shm"]

    def verify(self):
        """Problems (empty: the file holds exactly the guest's pattern)."""
        problems, words = [], 0
        fd = os.open(self.path, os.O_RDONLY)
        try:
            if os.fstat(fd).st_size != self.size:
                return [f"ivshmem: backing file is {os.fstat(fd).st_size} bytes, not {self.size}"]
            for start, end in data_extents(fd, self.size):
                # Extents and chunks start on page boundaries: no word straddles two chunks.
                pos = start
                while pos < end:
                    n = min(CHUNK, end - pos)
                    buf = bytearray(os.pread(fd, n, pos))
                    words += check_chunk(buf, pos, problems)
                    pos += n
        finally:
            os.close(fd)
        want = -(-self.size // IVSHMEM_STRIDE)
        if words != want:
            problems.append(f"ivshmem: {want - words} of {want} words never written (left zero)")
        return problems

    def remove(self):
        if os.path.exists(self.path):
            os.unlink(self.path)


# The pattern tests/kernel/pci_bochs.c draws: BAR_COLORS[i] (0xRRGGBB) fills columns
# [i * W / 8, (i + 1) * W / 8) of a W x H mode.
FB_WIDTH, FB_HEIGHT = 1024, 768
BAR_COLORS = [0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00, 0xFF00FF, 0xFF0000, 0x0000FF, 0x000000]


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (P6, maxval 255) as QEMU's screendump writes."""
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    if not m:
        raise ValueError(f"{path}: not a P6 PPM with maxval 255")
    w, h = int(m[1]), int(m[2])
    pixels = data[m.end():]
    if len(pixels) != w * h * 3:
        raise ValueError(f"{path}: {len(pixels)} pixel bytes for {w}x{h}")
    return w, h, pixels


def expected_row(width):
    bar = width // len(BAR_COLORS)
    return b"".join(BAR_COLORS[x // bar].to_bytes(3, "big") for x in range(width))


def compare_bars(width, height, pixels):
    """Problems (empty: every pixel of the image is the colour of its bar)."""
    if (width, height) != (FB_WIDTH, FB_HEIGHT):
        return [f"screendump: {width}x{height}, want {FB_WIDTH}x{FB_HEIGHT}"]
    row, stride = expected_row(width), width * 3
    for y in range(height):
        got = pixels[y * stride:(y + 1) * stride]
        if got != row:
            x = next(i for i in range(0, stride, 3) if got[i:i + 3] != row[i:i + 3]) // 3
            return [f"screendump: pixel ({x},{y}) is #{got[3 * x:3 * x + 3].hex()}, "
                    f"want #{row[3 * x:3 * x + 3].hex()}"]
    return []


def check_screendump(case, mon, log):
    """Runner monitor hook (case field screendump_check=DEVICE_ID)."""
    # Kept in the case's work folder (run.py's layout) for a look after a failure.
    path = os.path.join(qemu.ROOT, "build", "qemu-test", case["name"], "screen.ppm")
    if os.path.exists(path):
        os.unlink(path)
    mon.command("screendump", filename=path, device=case["screendump_check"])
    try:
        return compare_bars(*read_ppm(path))
    except (OSError, ValueError) as e:
        return [f"screendump: {e}"]
