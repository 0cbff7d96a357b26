"""Draws the app icon (a shield with a tick) as RGBA PNGs; stdlib only.

Run once to regenerate src-tauri/icons/*.png; the outputs are committed.
"""
import struct
import zlib
from pathlib import Path


def png(size: int) -> bytes:
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            # Shield: a rounded top half and a point at the bottom.
            inside = 0.15 < u < 0.85 and 0.1 < v < 0.55 or (
                v >= 0.55 and abs(u - 0.5) < 0.35 * (1 - (v - 0.55) / 0.37))
            tick = (abs((v - 0.62) - (u - 0.42) * -1.0) < 0.05 and 0.3 < u < 0.45) or (
                abs((v - 0.62) - (0.42 - u) * 1.6) < 0.06 and 0.42 <= u < 0.72)
            if inside and tick:
                row += bytes((255, 255, 255, 255))
            elif inside:
                row += bytes((20, 83, 45, 255))
            else:
                row += bytes((0, 0, 0, 0))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


out = Path(__file__).resolve().parent.parent / "src-tauri" / "icons"
out.mkdir(parents=True, exist_ok=True)
for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    (out / name).write_bytes(png(size))
