#!/usr/bin/env python3
"""The layering rules of docs/rules.md (L1), checked on what the compiler actually read: the
dependency files (-MMD) of the last kernel build of each arch list every header each source
included, after the include paths were resolved. Prints TAP and `N passed, N failed`.

    tests/layering.py [ARCH...]      (default: x86_64 arm64; build them first)
"""
import glob
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def allowed(arch):
    """Per layer (a source folder), the folders its headers may come from."""
    own_asm = f"arch/{arch}/include/"
    return [
        ("arch", ["include/", f"arch/{arch}/"]),
        ("mm", ["include/", "mm/", own_asm + "asm/pgtable"]),
        ("lib", ["include/", "lib/"]),
        ("drivers", ["include/", "drivers/", "mm/", own_asm]),
    ]


def read_deps(path):
    """The source and the repository headers one .d file names (system headers are left out)."""
    with open(path) as f:
        text = f.read().replace("\\\n", " ")
    first = text.split("\n", 1)[0]
    names = first.split(":", 1)[1].split()
    names = [os.path.normpath(n) for n in names if not os.path.isabs(n)]
    return names[0], names[1:]


def check_arch(arch, results):
    dep_files = glob.glob(os.path.join(ROOT, "build", arch, "kernel", "**", "*.d"), recursive=True)
    deps = {}
    for d in dep_files:
        source, headers = read_deps(d)
        if os.path.exists(os.path.join(ROOT, source)):  # objects of removed sources linger
            deps[source] = headers
    if not deps:
        results.append((False, f"{arch}: no dependency files (build the {arch} kernel first)", []))
        return
    for layer, ok_prefixes in allowed(arch):
        bad = [f"{src} includes {h}" for src, headers in sorted(deps.items())
               if src.startswith(layer + "/")
               for h in headers if not any(h.startswith(p) for p in ok_prefixes)]
        results.append((not bad, f"{arch}: {layer}/ includes only {', '.join(ok_prefixes)}", bad))


def main():
    arches = sys.argv[1:] or ["x86_64", "arm64"]
    results = []
    for arch in arches:
        check_arch(arch, results)
    for n, (ok, name, bad) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        for line in bad:
            print(f"# {line}")
    failed = sum(1 for ok, _, _ in results if not ok)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
