#!/usr/bin/env python3
"""What a WebAssembly module's bytes are: the largest functions and data segments,
and the share of each crate, read from its name section (a twiggy-like `top`).

    python3 benches/bundle/wasm_top.py MODULE.wasm [-n 20]

The module must keep its names (the shipped one does not: benches/bundle/compare.sh
rebuilds a named copy). Plain Python, no dependencies; used when twiggy is not
installed.
"""

import argparse
import re
import sys
from collections import Counter


def leb(b, i):
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j:j + size], j + size - i
        i = j + size


def parse(b):
    imported = 0
    bodies = []
    names = {}
    data = []
    other = Counter()
    for sid, body, total in sections(b):
        if sid == 2:  # imports: functions among them take the first indices
            n, i = leb(body, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, i = leb(body, i)
                    i += ln
                kind = body[i]
                i += 1
                if kind == 0:
                    imported += 1
                    _, i = leb(body, i)
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
                else:
                    _, i = leb(body, i)
                    i += 1
            other["imports"] += total
        elif sid == 10:
            n, i = leb(body, 0)
            for _ in range(n):
                size, j = leb(body, i)
                bodies.append(j + size - i)
                i = j + size
        elif sid == 11:
            n, i = leb(body, 0)
            for k in range(n):
                start = i
                flag, i = leb(body, i)
                if flag in (0, 2):
                    if flag == 2:
                        _, i = leb(body, i)
                    while body[i] != 0x0B:  # the offset expression
                        i += 1
                    i += 1
                size, i = leb(body, i)
                i += size
                data.append((f"data[{k}]", i - start))
        elif sid == 0:
            ln, i = leb(body, 0)
            name = body[i:i + ln].decode()
            i += ln
            if name == "name":
                while i < len(body):
                    sub = body[i]
                    size, j = leb(body, i + 1)
                    if sub == 1:
                        n, k = leb(body, j)
                        for _ in range(n):
                            idx, k = leb(body, k)
                            ln2, k = leb(body, k)
                            names[idx] = body[k:k + ln2].decode("utf-8", "replace")
                            k += ln2
                    i = j + size
            else:
                other[f"custom section {name}"] += total
        else:
            other[f"section {sid}"] += total
    funcs = [(names.get(imported + k, f"code[{k}]"), size) for k, size in enumerate(bodies)]
    return funcs, data, other


def crate_of(name):
    """The crate a (demangled or mangled) Rust symbol belongs to, roughly."""
    m = re.match(r"^(?:<)?(?:_ZN\d+)?([A-Za-z_][A-Za-z0-9_]*)", name)
    head = m.group(1) if m else name
    if name.startswith("__wbg") or name.startswith("__wbindgen"):
        return "wasm-bindgen glue"
    return head


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module")
    ap.add_argument("-n", type=int, default=20)
    args = ap.parse_args()
    b = open(args.module, "rb").read()
    if b[:4] != b"\0asm":
        sys.exit(f"{args.module} is not a WebAssembly module")
    funcs, data, other = parse(b)
    total = len(b)
    items = funcs + data + [(k, v) for k, v in other.items()]
    items.sort(key=lambda x: -x[1])
    print(f"{total:,} bytes: {sum(s for _, s in funcs):,} in {len(funcs)} functions, "
          f"{sum(s for _, s in data):,} in {len(data)} data segments")
    print(f"{'bytes':>8} {'%':>6}  item")
    for name, size in items[:args.n]:
        print(f"{size:>8,} {size / total * 100:>5.1f}%  {name[:110]}")
    by_crate = Counter()
    for name, size in funcs:
        by_crate[crate_of(name)] += size
    print("\nfunctions by crate (first path segment of the symbol):")
    for crate, size in by_crate.most_common(12):
        print(f"{size:>8,} {size / total * 100:>5.1f}%  {crate}")


if __name__ == "__main__":
    main()
