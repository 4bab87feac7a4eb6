#!/usr/bin/env python3
"""Draw Debate Drill's app icons into www/icons/ (PNG, standard library only).

    python3 scripts/make-icons.py

The mark is two opposing speech bubbles in the theme colour (#1d4ed8) on white: a solid one
(the claim) and an outlined one answering it (the rebuttal). Shapes are signed distance
functions, so edges are anti-aliased without supersampling. The output is deterministic:
running the script again gives byte-identical files, which are committed.

  icon-192.png, icon-512.png   purpose "any": white rounded square, transparent corners
  icon-maskable-512.png        purpose "maskable": opaque, mark inside the central safe circle
  apple-touch-icon.png         180 px, opaque (iOS shows transparency as black)
"""

import math
import pathlib
import struct
import zlib

BLUE = (0x1D, 0x4E, 0xD8)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = pathlib.Path(__file__).resolve().parent.parent / "www" / "icons"


def clamp(x, lo=0.0, hi=1.0):
    return lo if x < lo else hi if x > hi else x


def sd_round_box(x, y, cx, cy, hx, hy, r):
    """Signed distance to a rectangle centred on (cx, cy), half-size (hx, hy), corner radius r."""
    qx = abs(x - cx) - hx + r
    qy = abs(y - cy) - hy + r
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - r


def sd_triangle(x, y, a, b, c):
    """Signed distance to triangle abc (after Inigo Quilez)."""
    pts = (a, b, c)
    s = (b[0] - a[0]) * (a[1] - c[1]) - (b[1] - a[1]) * (a[0] - c[0])
    sign = 1.0 if s > 0 else -1.0
    best_d = float("inf")
    best_s = float("inf")
    for i in range(3):
        p0, p1 = pts[i], pts[(i + 1) % 3]
        ex, ey = p1[0] - p0[0], p1[1] - p0[1]
        vx, vy = x - p0[0], y - p0[1]
        t = clamp((vx * ex + vy * ey) / (ex * ex + ey * ey))
        dx, dy = vx - ex * t, vy - ey * t
        best_d = min(best_d, dx * dx + dy * dy)
        best_s = min(best_s, sign * (vx * ey - vy * ex))
    return -math.sqrt(best_d) if best_s > 0 else math.sqrt(best_d)


# The mark, in unit coordinates (0..1 across the icon), centred on MARK_CENTRE.
MARK_CENTRE = (0.5, 0.53)


def bubble_a(x, y):
    """The claim: upper left, tail down to the left."""
    box = sd_round_box(x, y, 0.42, 0.37, 0.27, 0.17, 0.09)
    tail = sd_triangle(x, y, (0.22, 0.46), (0.38, 0.46), (0.17, 0.64))
    return min(box, tail)


def bubble_b(x, y):
    """The rebuttal: lower right, tail down to the right."""
    box = sd_round_box(x, y, 0.58, 0.64, 0.27, 0.17, 0.09)
    tail = sd_triangle(x, y, (0.62, 0.73), (0.78, 0.73), (0.83, 0.90))
    return min(box, tail)


def text_lines(x, y, cx, cy):
    """Two short 'lines of text' inside a bubble centred on (cx, cy)."""
    upper = sd_round_box(x, y, cx, cy - 0.045, 0.15, 0.022, 0.022)
    lower = sd_round_box(x, y, cx - 0.05, cy + 0.045, 0.10, 0.022, 0.022)
    return min(upper, lower)


STROKE = 0.045  # the rebuttal's outline
GAP = 0.03  # white space between the two bubbles


def render(size, mark_scale, background):
    """RGBA rows. background: 'rounded' (transparent corners) or 'full' (opaque)."""
    px = 1.0 / size  # one pixel in unit coordinates (of the icon)
    rows = []
    for j in range(size):
        row = bytearray()
        for i in range(size):
            u = (i + 0.5) * px
            v = (j + 0.5) * px
            # Unit coordinates of the mark; distances in mark units scale back by mark_scale.
            x = MARK_CENTRE[0] + (u - 0.5) / mark_scale
            y = MARK_CENTRE[1] + (v - 0.5) / mark_scale
            aa = px / mark_scale  # one pixel in mark units

            def cover(d, aa=aa):
                return clamp(0.5 - d / aa)

            if background == "full":
                rgb, alpha = WHITE, 1.0
            else:
                alpha = clamp(0.5 - sd_round_box(u, v, 0.5, 0.5, 0.5, 0.5, 0.18) / px)
                rgb = WHITE

            def paint(colour, a):
                nonlocal rgb, alpha
                if a <= 0.0:
                    return
                out = a + alpha * (1.0 - a)
                rgb = tuple(
                    (colour[k] * a + rgb[k] * alpha * (1.0 - a)) / out for k in range(3)
                )
                alpha = out

            a_d = bubble_a(x, y)
            b_d = bubble_b(x, y)
            paint(BLUE, cover(a_d))
            paint(WHITE, cover(text_lines(x, y, 0.42, 0.37)) * cover(a_d))
            paint(WHITE, cover(b_d - GAP))  # the gap, and the rebuttal's white inside
            paint(BLUE, cover(abs(b_d + STROKE / 2) - STROKE / 2))
            paint(BLUE, cover(text_lines(x, y, 0.58, 0.64)))
            row += bytes(round(c) for c in rgb) + bytes([round(alpha * 255)])
        rows.append(bytes(row))
    return rows


def png(rows, size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in rows)  # filter 0 (none) on every row
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


ICONS = [
    # name, size, mark scale, background
    ("icon-192.png", 192, 1.0, "rounded"),
    ("icon-512.png", 512, 1.0, "rounded"),
    # The safe zone of a maskable icon is the central circle of radius 0.4; the mark's far
    # corners reach about 0.5 from its centre, so 0.76 keeps it well inside.
    ("icon-maskable-512.png", 512, 0.76, "full"),
    ("apple-touch-icon.png", 180, 0.86, "full"),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, scale, background in ICONS:
        data = png(render(size, scale, background), size)
        (OUT / name).write_bytes(data)
        print(f"{OUT / name}: {size}x{size}, {len(data)} bytes")


if __name__ == "__main__":
    main()
