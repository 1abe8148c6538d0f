"""The screen console and the PS/2 keyboard, checked from outside the guest.

Reading the screen: QEMU's `screendump` of the GOP display is cut into the console's 8x16 cells
and each cell is matched against the font the kernel draws with (parsed from
drivers/video/font8x8.c, each row shown twice; a cell with its two bottom pixel rows lit holds the
cursor). Every pixel must be the console's foreground or background colour and every cell must
match a glyph, so misplaced, mis-scaled or mis-coloured text fails. The text read must then be the
tail of the serial log, laid out as the console lays it out (wrapping, tabs, scrolling): the screen
shows what serial shows.

  screen_text_check  DEVICE_ID (a monitor check, after power-off): the screen of that display
              reads as the tail of the serial log and shows every regex of screen_expect.
  keyboard    [(keys, expects), ...]: boot into the shell and type each keys string on the PS/2
              keyboard with QMP send-key (not on serial), waiting for its expects on serial;
              before the last step, which must power the machine off, the screen of
              screen_device must read as above (with screen_expect).
"""
import os
import re
import threading
import time

import monitor
import pci_devices
import qemu
import shell_test

FONT_SOURCE = os.path.join(qemu.ROOT, "drivers", "video", "font8x8.c")
CELL_W, CELL_H = 8, 16
FG, BG = bytes.fromhex("c0c0c0"), bytes.fromhex("000000")  # FBCON_FG, FBCON_BG
TAB = 8
REPLACEMENT = 0x7f  # the box drawn for bytes outside printable ASCII

# QMP qcodes of the characters the keyboard cases type (US layout); upper case adds shift.
QCODES = {" ": "spc", "\r": "ret", "\b": "backspace", "-": "minus", "=": "equal", ".": "dot",
          ",": "comma", "/": "slash", ";": "semicolon", "\t": "tab"}
CTRL_U = "\x15"


def load_font():
    """{cell bitmap (16 rows of 8-bit ints): character} for every glyph of font8x8.c."""
    with open(FONT_SOURCE) as f:
        rows = [int(b, 2) for b in re.findall(r"\b0b([01]{8})\b", f.read())]
    if len(rows) != 8 * (REPLACEMENT - 0x20 + 1):
        raise ValueError(f"{FONT_SOURCE}: {len(rows)} glyph rows")
    font = {}
    for i in range(REPLACEMENT - 0x20 + 1):
        cell = tuple(rows[8 * i + y // 2] for y in range(CELL_H))
        font[cell] = chr(0x20 + i)
    return font


def read_cell(pixels, stride, col, row):
    """A cell's 16 rows as 8-bit ints (bit 7: leftmost), or None when a pixel is neither colour."""
    bits = []
    for y in range(CELL_H):
        off = (row * CELL_H + y) * stride + col * CELL_W * 3
        v = 0
        for x in range(CELL_W):
            px = pixels[off + 3 * x:off + 3 * x + 3]
            if px == FG:
                v |= 0x80 >> x
            elif px != BG:
                return None
        bits.append(v)
    return tuple(bits)


def decode_cell(font, cell):
    """(character, has_cursor), or None when the cell matches no glyph."""
    if cell in font:
        return font[cell], False
    if cell[-2:] == (0xff, 0xff):
        for glyph, ch in font.items():
            if glyph[:-2] == cell[:-2]:
                return ch, True
    return None


def read_screen(path):
    """(rows of text, (cursor col, row) or None, problems) of a screendump."""
    width, height, pixels = pci_devices.read_ppm(path)
    font, stride = load_font(), width * 3
    cols, nrows = width // CELL_W, height // CELL_H
    lines, cursor, problems = [], None, []
    for row in range(nrows):
        text = []
        for col in range(cols):
            cell = read_cell(pixels, stride, col, row)
            got = decode_cell(font, cell) if cell else None
            if not got:
                if len(problems) < 5:
                    problems.append(f"screen: cell ({col},{row}) is no glyph in fg/bg colours")
                text.append("?")
                continue
            text.append(got[0])
            if got[1]:
                cursor = (col, row)
        lines.append("".join(text))
    return lines, cursor, problems


def lay_out(log, cols):
    """The rows the console shows for log (fbcon's rules), without scrolling, and the cursor
    row: the whole log as an endless screen."""
    rows, x = [[]], 0

    def newline():
        nonlocal x
        rows.append([])
        x = 0

    for ch in log:
        if ch == "\n":
            newline()
        elif ch == "\r":
            x = 0
        elif ch == "\b":
            x = max(x - 1, 0)
        elif ch == "\t":
            x = min((x // TAB + 1) * TAB, cols)
        elif ord(ch) < 0x20 or ch == "\x7f":
            continue
        else:
            if x == cols:
                newline()
            row = rows[-1]
            row.extend(" " * (x + 1 - len(row)))
            row[x] = ch if ord(ch) < 0x7f else chr(REPLACEMENT)
            x += 1
    return ["".join(r).ljust(cols) for r in rows]


def compare_with_log(lines, cursor, log):
    """Problems (empty: the screen's rows down to the cursor are the last rows of the log)."""
    if cursor is None:
        return ["screen: no cursor"]
    shown = lines[:cursor[1] + 1]
    # The log starts with the firmware's and loader's output: only its tail is on the screen.
    want = lay_out(log, len(lines[0]))[-len(shown):]
    for i, (got, exp) in enumerate(zip(shown, want)):
        if got.rstrip() != exp.rstrip() and i != cursor[1]:
            return [f"screen row {i}: {got.rstrip()!r}, serial has {exp.rstrip()!r}"]
    if len(want) < len(shown):
        return [f"screen: {len(shown)} rows shown, the serial log lays out to {len(want)}"]
    return []


def screen_problems(case, path, log, expects):
    """Problems of the screendump at path against the serial log and the regexes expects."""
    try:
        lines, cursor, problems = read_screen(path)
    except (OSError, ValueError) as e:
        return [f"screendump: {e}"]
    problems += compare_with_log(lines, cursor, log)
    text = "\n".join(line.rstrip() for line in lines)
    problems += [f"screen: missing /{pat}/" for pat in expects if not re.search(pat, text, re.M)]
    with open(os.path.join(qemu.test_workdir(case["name"]), "screen.txt"), "w") as f:
        f.write(text + "\n")
    return problems


def screendump(case, mon, device):
    path = os.path.join(qemu.test_workdir(case["name"]), "screen.ppm")
    if os.path.exists(path):
        os.unlink(path)
    mon.command("screendump", filename=path, device=device)
    return path


def check_screen_text(case, mon, log):
    """Runner monitor hook (case field screen_text_check=DEVICE_ID)."""
    path = screendump(case, mon, case["screen_text_check"])
    return screen_problems(case, path, log, case.get("screen_expect", []))


# ------------------------------------------------------------------------ the keyboard


def qcodes(keys):
    """QMP send-key key lists, one per character of keys (Ctrl-U as ctrl + u)."""
    for ch in keys:
        if ch == CTRL_U:
            yield ["ctrl", "u"]
        elif ch.isupper():
            yield ["shift", ch.lower()]
        else:
            yield [QCODES.get(ch, ch)]


def send_keys(mon, keys):
    for codes in qcodes(keys):
        mon.command("send-key", keys=[{"type": "qcode", "data": c} for c in codes])
        time.sleep(0.05)


def run_keyboard_session(con, mon, case, problems):
    """Type each step's keys once the prompt is back; before the last step (which powers off)
    the screen must show the session. False when the session cannot go on."""
    if not con.wait_for(re.escape(shell_test.PROMPT), 0,
                        time.monotonic() + shell_test.BOOT_TIMEOUT):
        problems.append(f"boot: no prompt within {shell_test.BOOT_TIMEOUT} s")
        return False
    for n, (keys, expects) in enumerate(case["keyboard"], 1):
        if n == len(case["keyboard"]):
            time.sleep(0.5)  # the prompt's line drawn (it is printed in pieces)
            path = screendump(case, mon, case["screen_device"])
            problems += screen_problems(case, path, con.text, case.get("screen_expect", []))
        start = len(con.text)
        deadline = time.monotonic() + shell_test.STEP_TIMEOUT
        send_keys(mon, keys)
        for regex in shell_test.as_list(expects):
            if not con.wait_for(regex, start, deadline):
                problems.append(f"{keys!r}: no /{regex}/ on serial")
                return False
        if n < len(case["keyboard"]) and not con.wait_for(re.escape(shell_test.PROMPT), start,
                                                          deadline):
            problems.append(f"{keys!r}: no prompt")
            return False
    return True


def run(case, timeout):
    """Boot a keyboard case; returns what run.py's boot_case() does."""
    workdir = qemu.test_workdir(case["name"])
    os.makedirs(workdir, exist_ok=True)
    esp = qemu.prepare_esp(case["arch"], case.get("cmdline", ""), os.path.join(workdir, "esp"))
    sock = os.path.join(workdir, "qmp.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    cmd = qemu.qemu_command(case["arch"], esp, workdir, case.get("cpu"), case.get("machine"),
                            case.get("memory", qemu.DEFAULT_MEMORY),
                            ["-serial", "stdio", "-qmp", f"unix:{sock},server=on,wait=off"] +
                            case.get("qemu", []))
    start, problems = time.monotonic(), []
    con = shell_test.Console(cmd)
    timer = threading.Timer(timeout, con.proc.kill)
    timer.start()
    try:
        mon = monitor.Monitor(sock)
        try:
            if run_keyboard_session(con, mon, case, problems) and not con.wait_exit(60):
                problems.append("poweroff: QEMU still running after 60 s")
        finally:
            mon.close()
    except Exception as e:  # a broken check must not leave QEMU running
        problems.append(f"keyboard session: {e!r}")
    finally:
        timer.cancel()
        con.close()
    timed_out = time.monotonic() - start >= timeout
    with open(os.path.join(workdir, "serial.log"), "w") as f:
        f.write(con.text)
    return case, con.text, con.proc.returncode, timed_out, con.banner_at, workdir, problems
