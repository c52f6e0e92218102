#!/usr/bin/env python3
"""Draws the app icon (a newspaper page on a red square) as PNGs and an ICO, with only the
standard library, so icons/ can be regenerated on any machine: python3 scripts/make-icons.py"""
import struct, zlib, pathlib

RED, WHITE, INK = (183, 28, 28, 255), (255, 255, 255, 255), (120, 20, 20, 255)

def pixel(x, y, n):
    u, v = x / n, y / n
    r = 0.18  # rounded corners
    cx, cy = min(max(u, r), 1 - r), min(max(v, r), 1 - r)
    if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    if 0.24 <= u <= 0.76 and 0.2 <= v <= 0.8:  # the page
        if 0.3 <= u <= 0.7 and 0.27 <= v <= 0.37:  # headline
            return INK
        for top in (0.44, 0.53, 0.62, 0.71):  # lines of text
            if 0.3 <= u <= 0.7 and top <= v <= top + 0.035:
                return INK
        return WHITE
    return RED

def png(n):
    rows = b"".join(b"\0" + b"".join(bytes(pixel(x + 0.5, y + 0.5, n)) for x in range(n)) for y in range(n))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")

def ico(pngs):
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset, entries, body = 6 + 16 * len(pngs), b"", b""
    for n, data in pngs:
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset + len(body))
        body += data
    return head + entries + body

out = pathlib.Path(__file__).resolve().parent.parent / "icons"
out.mkdir(exist_ok=True)
for name, n in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    (out / name).write_bytes(png(n))
(out / "icon.ico").write_bytes(ico([(n, png(n)) for n in (16, 32, 48, 256)]))
