"""Writes docs/benchmarks.md and an SVG chart from hyperfine's JSON and criterion's output."""
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

out, md_path, svg_path = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])


def load(name):
    return {r["command"]: r for r in json.loads((out / f"{name}.json").read_text())["results"]}


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


rows, bars = [], []
for name, ours, theirs, ratio_goal in [
    ("html-seed", "workbench html seed", "pandoc html seed", None),
    ("html-1mb", "workbench html 1mb", "pandoc html 1mb", 20),
    ("pdf-seed", "workbench pdf seed", "pandoc+weasyprint pdf seed", None),
    ("pdf-1mb", "workbench pdf 1mb", "pandoc+weasyprint pdf 1mb", 5),
]:
    r = load(name)
    a, b = r[ours]["median"], r[theirs]["median"]
    goal = f"≥ {ratio_goal}× (issue 8)" if ratio_goal else ""
    rows.append(f"| {name} | {ms(a)} | {theirs.rsplit(' ', 1)[0]} {ms(b)} | **{b / a:.1f}×** | {goal} |")
    bars.append((name, a, b))

crit = (out / "criterion.txt").read_text()
crit_rows = []
for m in re.finditer(r"^(policy_\w+/\w+)\s+time:\s+\[([^\]]+)\]", crit, re.M):
    low, mid, high = m.group(2).split("  ")[0:3] if "  " in m.group(2) else (None, m.group(2), None)
    parts = m.group(2).split()
    median = " ".join(parts[2:4]) if len(parts) >= 6 else m.group(2)
    crit_rows.append(f"| `{m.group(1)}` | {median} |")

cpu = ""
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    pass
tools = []
for cmd in (["pandoc", "--version"], ["weasyprint", "--version"], ["hyperfine", "--version"]):
    try:
        tools.append(subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0])
    except Exception:
        pass

# Chart: grouped bars on a log-free linear scale per pair, ratio labelled.
width, row_h = 640, 56
height = 40 + row_h * len(bars)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       '<text x="10" y="20" font-weight="bold">Policy rendering, median wall time of a whole process (shorter is better)</text>']
for i, (name, a, b) in enumerate(bars):
    y = 36 + i * row_h
    scale = 400 / max(a, b)
    svg.append(f'<text x="10" y="{y + 14}">{name}</text>')
    svg.append(f'<rect x="110" y="{y}" width="{max(a * scale, 1):.1f}" height="18" fill="#14532d"/>')
    svg.append(f'<text x="{115 + a * scale:.1f}" y="{y + 14}">workbench {ms(a)}</text>')
    svg.append(f'<rect x="110" y="{y + 22}" width="{max(b * scale, 1):.1f}" height="18" fill="#9ca3af"/>')
    svg.append(f'<text x="{115 + b * scale:.1f}" y="{y + 36}">{"pandoc" if "html" in name else "pandoc+WeasyPrint"} {ms(b)} ({b / a:.1f}×)</text>')
svg.append("</svg>")
svg_path.write_text("\n".join(svg) + "\n")

section = f"""## Policy rendering (issue 3; the ratios issue 8 asks for)

Reproduce with `bash scripts/bench-render.sh` (installs pandoc, WeasyPrint and
hyperfine from Debian, builds release, runs criterion and hyperfine, rewrites this
section). Machine: {cpu or platform.processor()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}.
Tools: {"; ".join(tools)}.

The inputs are the seed policy (`data/policy/…md`, {(out / 'policy-seed.md').stat().st_size} bytes) and a
{(out / 'policy-1mb.md').stat().st_size / 1e6:.2f} MB policy made from it (sections repeated and
renumbered, a Traditional Chinese paragraph in each), written by the criterion bench
and fed unchanged to every tool.

### Whole process (hyperfine, median)

`workbench … policy export VERSION --format html|pdf` (opening the register,
rendering, sanitising, writing the file) against `pandoc -s` to HTML, and
`pandoc -s` to HTML followed by `weasyprint` to PDF.

| case | workbench | other | other ÷ workbench | goal |
|---|---|---|---|---|
{chr(10).join(rows)}

![chart](benchmarks-render.svg)

### In-process (criterion)

| bench | time (median estimate) |
|---|---|
{chr(10).join(crit_rows)}
"""

doc = md_path.read_text() if md_path.exists() else "# Benchmarks\n\nNumbers measured on this project's machine; every section says how to reproduce it.\n"
marker_start, marker_end = "<!-- render:start -->", "<!-- render:end -->"
block = f"{marker_start}\n{section}{marker_end}"
if marker_start in doc:
    doc = re.sub(re.escape(marker_start) + ".*?" + re.escape(marker_end), lambda _: block, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n" + block + "\n"
md_path.write_text(doc)
