#!/usr/bin/env python3
"""Draws the add-in's icons (icon-16/32/64/80.png): a blue rounded square with three rising white
bars, Impact's "figures going up". Plain Python (zlib) so the PNGs are the same bytes on every run.
Run from anywhere: python3 addin/office/tools/make_icons.py"""
import os
import struct
import zlib

BLUE = (11, 83, 148)      # the pane's accent colour, #0b5394
WHITE = (255, 255, 255)
HERE = os.path.dirname(os.path.abspath(__file__))


def pixel(x, y, n):
    """RGBA of pixel (x, y) in an n×n icon, sampled 4×4 for smooth edges."""
    radius = n * 0.18
    bars = [(0.20, 0.58), (0.42, 0.40), (0.64, 0.22)]  # (left, top) as fractions; width 0.16, bottom 0.80
    inside = 0
    white = 0
    for sy in range(4):
        for sx in range(4):
            px = x + (sx + 0.5) / 4
            py = y + (sy + 0.5) / 4
            # rounded square covering the whole icon
            cx = min(max(px, radius), n - radius)
            cy = min(max(py, radius), n - radius)
            if (px - cx) ** 2 + (py - cy) ** 2 > radius ** 2:
                continue
            inside += 1
            fx, fy = px / n, py / n
            if any(left <= fx < left + 0.16 and top <= fy < 0.80 for left, top in bars):
                white += 1
    if inside == 0:
        return (0, 0, 0, 0)
    t = white / inside
    rgb = tuple(round(b + (w - b) * t) for b, w in zip(BLUE, WHITE))
    return rgb + (round(255 * inside / 16),)


def png(n):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, n)) for x in range(n)) for y in range(n))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    for size in (16, 32, 64, 80):
        with open(os.path.join(HERE, "..", f"icon-{size}.png"), "wb") as f:
            f.write(png(size))
