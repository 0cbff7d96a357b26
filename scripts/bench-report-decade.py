"""Writes the "decade of records" section of docs/benchmarks.md and its SVG chart from
what scripts/bench.sh measured (target/bench/run/). Leaves the policy-rendering
section (between its render markers, written by scripts/bench-report.py) as it is,
reading only its figures for the summary table.

    python3 scripts/bench-report-decade.py target/bench/run docs/benchmarks.md docs/benchmarks-decade.svg
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

out, md_path, svg_path = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
render_dir = Path("target/bench-render")


def load(name):
    path = out / name
    return json.loads(path.read_text()) if path.exists() else None


def times(name):
    """Wall times in ms from a .times file; None for a run that timed out."""
    path = out / f"{name}.times"
    if not path.exists():
        return []
    return [None if line.strip() == "timeout" else float(line) for line in path.read_text().split()]


def hyperfine(name, command):
    data = load(name)
    if not data:
        return None
    for r in data["results"]:
        if r["command"] == command:
            return [t * 1000 for t in r["times"]]
    return None


def p95(values):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, -(-95 * len(values) // 100) - 1))]


def ms(value):
    if value is None:
        return "–"
    if value >= 10_000:
        return f"{value / 1000:.0f} s"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    if value >= 10:
        return f"{value:.0f} ms"
    return f"{value:.1f} ms"


def fill(text):
    return textwrap.fill(text, width=92, break_long_words=False, break_on_hyphens=False)


def group(n):
    return f"{n:,}"


gen = load("generate.json") or {}
inproc = load("inprocess.json") or {"results": []}
status = load("status.json") or {"counts": {}}
mbox = load("mbox.json") or {}
stats = {r["name"]: r for r in inproc["results"]}

rows = []  # (measure, median ms, p95 ms or None, goal text, passed or None, chart (median, goal) or None)


def row(measure, median, high, goal_ms, goal_text, on="median"):
    if median is None:
        rows.append((measure, None, None, goal_text, None, None))
        return
    value = median if on == "median" else high
    passed = None if goal_ms is None else value <= goal_ms
    rows.append((measure, median, high, goal_text, passed, (value, goal_ms) if goal_ms else None))


seconds = gen.get("seconds")
row(
    f"generate the register: {group(gen.get('written', {}).get('requests', 0))} requests and the rest, one write (`dev generate`)",
    seconds * 1000 if seconds else None, None, None, "– (the issue sets none)",
)
for name, measure, goal, text, on in [
    ("open", "open the register (in-process)", 200, "≤ 200 ms", "median"),
    ("requests_page", "a page of 50 requests, filtered and sorted (in-process, 200 varied)", 50, "p95 ≤ 50 ms", "p95"),
    ("requests_search", "full-text search, a page of 50 (in-process, 200 varied terms)", 50, "p95 ≤ 50 ms", "p95"),
    ("merchants_page", "a page of 50 merchants, half searched (in-process)", 50, "p95 ≤ 50 ms", "p95"),
    ("retention_page", "a page of 50 retention items, the first to the last (in-process, 200)", 50, "p95 ≤ 50 ms", "p95"),
    ("retention_first_page", "the retention list's first page on a register just opened or changed (in-process, once)", None, "", "median"),
    ("dashboard", "the dashboard's figures (in-process)", 500, "≤ 500 ms", "median"),
    ("check", "every compliance check (in-process)", 2000, "≤ 2 s", "median"),
    ("rights_report_html", "the rights report for 12 months as HTML (in-process)", 2000, "≤ 2 s", "median"),
]:
    s = stats.get(name)
    row(measure, s and s["p50_ms"], s and s["p95_ms"], goal, text, on)

for label, command, goal in [
    ("`workbench requests list --search \"delete my account\" --limit 50 --json` (whole process)", "list-search-en", 300),
    ("`workbench requests list --search \"刪除 個人資料\" --limit 50 --json` (whole process)", "list-search-zh", 300),
]:
    t = hyperfine("cli.json", command) or [x for x in times(command) if x is not None]
    row(label, statistics.median(t) if t else None, p95(t) if t else None, goal, "≤ 300 ms")
t = hyperfine("cli-check.json", "check") or [x for x in times("check") if x is not None]
row("`workbench check` (whole process)", statistics.median(t) if t else None, p95(t) if t else None, 2000, "≤ 2 s")

# Intake against Python.
imports, pythons = times("import"), times("python")
import_done = [t for t in imports if t is not None]
python_done = [t for t in pythons if t is not None]
import_median = statistics.median(import_done) if import_done and None not in imports else None
python_median = statistics.median(python_done) if python_done else None
ratio = python_median / import_median if import_median and python_median else None
messages = mbox.get("written", {}).get("messages", 0)
import_note = ""
if None in imports:
    limit = os.environ.get("IMPORT_TIMEOUT", "1800")
    import_note = f"did not finish within {limit} s"
rows.append((
    f"`workbench requests import` of {group(messages)} messages (parse, classify, commit) vs Python parsing them",
    import_median, None, "≥ 5× faster than Python",
    None if ratio is None else ratio >= 5, None,
))

# Rendering ratios from scripts/bench-render.sh's run.
render_rows = []
for name, ours, theirs, goal in [
    ("html-1mb", "workbench html 1mb", "pandoc html 1mb", 20),
    ("pdf-1mb", "workbench pdf 1mb", "pandoc+weasyprint pdf 1mb", 5),
]:
    path = render_dir / f"{name}.json"
    if path.exists():
        r = {x["command"]: x for x in json.loads(path.read_text())["results"]}
        a, b = r[ours]["median"] * 1000, r[theirs]["median"] * 1000
        render_rows.append((name, a, b, b / a, goal))

# The desktop. Each line of a *.times file: drawn_ms wall_ms rss_sum_kb processes
# [pss_sum_kb app_rss_kb].
def starts(name):
    path = out / name
    if not path.exists():
        return []
    runs = []
    for line in path.read_text().splitlines():
        fields = [int(x) for x in line.split()]
        fields += [0] * (6 - len(fields))
        runs.append(tuple(fields[:6]))
    return runs


# Rows whose value is shown as text (memory), by measure: (median text, worst text).
shown_as = {}


def memory_row(measure, runs, field, goal_mb, goal_text):
    values = [r[field] / 1024 for r in runs if r[field]]
    if not values:
        return
    median = statistics.median(values)
    shown_as[measure] = (f"{median:.0f} MB", f"{max(values):.0f} MB")
    rows.append((measure, None, None, goal_text, None if goal_mb is None else median <= goal_mb, None))


desktop = starts("desktop.times")
if desktop:
    drawn = statistics.median(d[0] for d in desktop)
    wall = statistics.median(d[1] for d in desktop)
    row(f"desktop: cold start to a drawn dashboard, the app's own clock (median of {len(desktop)})", drawn, max(d[0] for d in desktop), 1000, "≤ 1 s")
    row("desktop: launch to a drawn dashboard, seen from outside (xvfb-run, D-Bus, the app)", wall, max(d[1] for d in desktop), None, "")
    memory_row("desktop: memory with the register open, PSS of app + WebKit processes (shared pages divided among them; median)", desktop, 4, 200, "≤ 200 MB")
    memory_row("desktop: resident memory with the register open, RSS of app + WebKit processes summed (shared library pages counted in each; median)", desktop, 2, 200, "≤ 200 MB")
    memory_row("desktop: resident memory of the app process alone (the register, SQLite, the window; median)", desktop, 5, None, "")
empty = starts("desktop-empty.times")
memory_row(f"desktop: memory on a new register (data/'s defaults, no requests), PSS as above (median of {len(empty)})", empty, 4, None, "")
floor = starts("desktop-floor.times")
memory_row(f"WebKitGTK alone: its MiniBrowser showing one line of HTML, same X server and engine settings, PSS as above (median of {len(floor)})", floor, 4, None, "")
memory_row("WebKitGTK alone: the same, RSS summed", floor, 2, None, "")

def size(name):
    path = out / name
    return int(path.read_text()) if path.exists() else None


cli_size, desktop_size = size("cli.size"), size("desktop.size")

# ---------------------------------------------------------------------------------------
# The machine.


def first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except Exception:
        return ""


cpu = ""
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    cpu = platform.processor()
mem_gb = ""
try:
    kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    mem_gb = f"{kb / 1024 / 1024:.0f} GB"
except Exception:
    pass
os_name = platform.system()
try:
    os_name = next(l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME"))
except Exception:
    pass
machine = (
    f"{os.cpu_count()} cores ({cpu}), {mem_gb} RAM, {os_name}, Linux {platform.release()}; "
    f"{first_line(['rustc', '--version'])}; Python {platform.python_version()}; "
    f"{first_line(['hyperfine', '--version']) or 'no hyperfine (a shell loop timed the CLI)'}"
)

# ---------------------------------------------------------------------------------------
# The table.


def verdict(passed):
    return "–" if passed is None else ("**pass**" if passed else "**FAIL**")


table = ["| measure | median | p95 / worst | goal | result |", "|---|---|---|---|---|"]
for measure, median, high, goal, passed, _ in rows:
    if measure.startswith("`workbench requests import`"):
        shown = import_note or (f"{ms(import_median)} vs Python {ms(python_median)}: **{ratio:.1f}×**" if ratio else "–")
        table.append(f"| {measure} | {shown} | | {goal} | {verdict(passed)} |")
    elif measure in shown_as:
        median_text, worst_text = shown_as[measure]
        table.append(f"| {measure} | {median_text} | {worst_text} | {goal} | {verdict(passed)} |")
    else:
        table.append(f"| {measure} | {ms(median)} | {ms(high) if high is not None else ''} | {goal} | {verdict(passed)} |")
for name, a, b, r, goal in render_rows:
    other = "pandoc" if name.startswith("html") else "pandoc + WeasyPrint"
    table.append(
        f"| policy {name.split('-')[0].upper()} export of a 1 MB policy vs {other} (whole process) | "
        f"{ms(a)} vs {ms(b)}: **{r:.1f}×** | | ≥ {goal}× | {verdict(r >= goal)} |"
    )
if cli_size:
    table.append(f"| release binary: `workbench` CLI | {cli_size / 1e6:.1f} MB | | | – |")
if desktop_size:
    table.append(f"| release binary: desktop app | {desktop_size / 1e6:.1f} MB | | | – |")

# Criterion's hot paths: "name  time: [low mid high]", a long name on a line of its own.
crit_rows = []
crit = out / "criterion-register.txt"
if crit.exists():
    name = None
    for line in crit.read_text().splitlines():
        head = re.match(r"^([A-Za-z_][\w/]*)(\s+time:\s*\[([^\]]+)\])?\s*$", line)
        wrapped = re.match(r"^\s+time:\s*\[([^\]]+)\]", line)
        if head and head.group(2):
            crit_rows.append(f"| `{head.group(1)}` | {' '.join(head.group(3).split()[2:4])} |")
        elif head:
            name = head.group(1)
        elif wrapped and name:
            crit_rows.append(f"| `{name}` | {' '.join(wrapped.group(1).split()[2:4])} |")
            name = None

# ---------------------------------------------------------------------------------------
# The chart: each measure's median (or p95) as a share of its goal.

charted = [(m, v, g, p) for (m, _, _, _, p, c) in rows if c for (v, g) in [c]]
width, row_h, left, scale = 840, 26, 340, 160
height = 56 + row_h * (len(charted) + len(render_rows) + (1 if ratio else 0))
svg = [
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
    '<text x="10" y="20" font-weight="bold">A decade of records: time taken as a share of its goal (shorter is better)</text>',
    f'<line x1="{left + scale}" y1="30" x2="{left + scale}" y2="{height - 8}" stroke="#111" stroke-dasharray="4 3"/>',
    f'<text x="{left + scale + 4}" y="42" fill="#111">goal</text>',
]


def short(measure):
    text = re.sub(r"`([^`]*)`", r"\1", measure)
    text = re.sub(r" \([^)]*\)", "", text)
    return text if len(text) <= 52 else text[:50] + "…"


y = 50
for measure, value, goal, passed in charted:
    share = value / goal
    w = max(1.0, min(share, 2.0) * scale)
    colour = "#14532d" if passed else "#b91c1c"
    svg.append(f'<text x="10" y="{y + 13}">{short(measure)}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="16" fill="{colour}"/>')
    shown = f"{share * 100:.0f}%" if share <= 2 else "over 200%"
    svg.append(f'<text x="{left + w + 5:.1f}" y="{y + 13}">{ms(value)} ({shown})</text>')
    y += row_h
for name, a, b, r, goal in render_rows + ([("intake", import_median, python_median, ratio, 5)] if ratio else []):
    # For ratios the goal is the other tool's time divided by the goal ratio.
    share = (a / b) * goal
    w = max(1.0, min(share, 2.0) * scale)
    colour = "#14532d" if r >= goal else "#b91c1c"
    label = {"intake": "mbox import vs Python parsing", "html-1mb": "1 MB policy to HTML vs pandoc",
             "pdf-1mb": "1 MB policy to PDF vs pandoc+WeasyPrint"}[name]
    svg.append(f'<text x="10" y="{y + 13}">{label}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="16" fill="{colour}"/>')
    svg.append(f'<text x="{left + w + 5:.1f}" y="{y + 13}">{r:.1f}× faster (goal {goal}×)</text>')
    y += row_h
svg.append("</svg>")
svg_path.write_text("\n".join(svg) + "\n")

# ---------------------------------------------------------------------------------------
# The section.

counts = status.get("counts", {})
written = gen.get("written", {})
params = gen.get("params", {})
mb = inproc.get("register_bytes", 0) / 1e6
mw = mbox.get("written", {})
about = fill(
    f"**The register** (seed {params.get('seed', '?')}, requests from 1 January 2016 to "
    f"{params.get('until', '?')}, {mb:,.0f} MB): {group(counts.get('requests', 0))} rights requests "
    f"({group(counts.get('open_requests', 0))} open) with {group(written.get('messages', 0))} messages in "
    f"their threads (English and Traditional Chinese), {group(written.get('events', 0))} timeline events, "
    f"{group(written.get('evidence', 0))} deletion evidence records and "
    f"{group(written.get('retention_actions', 0))} recorded retention actions; "
    f"{group(counts.get('merchants', 0))} merchants, {group(counts.get('authorizations', 0))} authorizations "
    f"({group(counts.get('active_authorizations', 0))} active), {group(counts.get('processors', 0))} processors, "
    f"{group(counts.get('policy_versions', 0))} policy versions. Due dates are the rules' own (`src/rules`); "
    "old requests are closed (about 3% late), recent ones open at every stage, a handful left overdue."
) + "\n\n" + fill(
    f"**The mbox**: {group(mw.get('messages', 0))} messages, {mw.get('bytes', 0) / 1e6:.0f} MB — "
    f"{group(mw.get('requests', 0))} requests, {group(mw.get('replies', 0))} replies threaded by "
    f"In-Reply-To/References, {group(mw.get('forwarded', 0))} forwarded by merchants, "
    f"{group(mw.get('noise', 0))} newsletters, bounces and spam, {group(mw.get('duplicates', 0))} exported "
    f"twice; {group(mw.get('big5', 0))} in Big5, {group(mw.get('base64', 0))} base64, "
    f"{group(mw.get('quoted_printable', 0))} quoted-printable, {group(mw.get('multipart', 0))} multipart. "
    "Python's side (`scripts/bench-parse-mbox.py`) only parses: `mailbox`, then "
    "`email.message_from_bytes(…, policy=email.policy.default)`, every part walked and its payload "
    "decoded; the workbench also classifies each message, threads replies, computes deadlines and "
    "commits it all with its audit entries."
)
tail = fill(
    f"In-process cases run {stats.get('requests_page', {}).get('runs', '?')} times each with varied "
    "filters, sorts, offsets and search words (English, Chinese, names, addresses, request numbers, "
    f"word starts); the open is the median of {stats.get('open', {}).get('runs', '?')}, the dashboard, "
    f"checks and report of {stats.get('check', {}).get('runs', '?')}. Whole-process runs are hyperfine "
    "medians (the searches 15 runs, `check` 5). The import and Python ran alternately, "
    f"{max(len(imports), 1)} time(s) each, medians compared."
)
# The slowest in-process runs, with what they asked: where the time goes.
slow_lines = []
for name, label in [("requests_search", "search"), ("requests_page", "page")]:
    for slow in stats.get(name, {}).get("slowest", [])[:5]:
        q = {k: v for k, v in slow["query"].items() if v not in (None, False, 0) and not (k == "limit" and v == 50)}
        shown = ", ".join(f"{k} {json.dumps(v, ensure_ascii=False)}" for k, v in q.items()) or "no filter"
        slow_lines.append(f"- {label}, {ms(slow['ms'])}: {shown}")
slowest = ("**The slowest runs** (in-process, with what they asked):\n\n" + "\n".join(slow_lines)) if slow_lines else ""
machine_line = fill(f"**Machine:** {machine}.")
until = params.get("until", "2026-11-29")

section = f"""## A decade of records (issue "fast with a decade of records")

Reproduce with `bash scripts/bench.sh` (add `--desktop` to build and measure the desktop
app, `--no-render` to skip the pandoc comparison below; `--desktop-only` measures the
desktop again and keeps the rest of the last whole run). It builds the release CLI,
generates the register once and keeps it under `target/bench/` (named by its
parameters and the generator's and schema's sources, so reruns reuse it), runs
`workbench dev bench` in-process and the criterion hot paths, times whole CLI runs
with hyperfine, imports the mbox into a fresh register and runs Python on the same
file in the same run, calls `scripts/bench-render.sh`, measures the desktop if it is
built (on the 1M register, on a new one, and WebKitGTK's own MiniBrowser on one line of
HTML for the engine's share), and rewrites this section with `scripts/bench-report-decade.py`. By hand:

```sh
cargo build --release
W=target/release/workbench
$W --db /tmp/decade.db dev generate --until {until}   # 1,000,000 requests, 50,000 merchants, 200,000 authorizations, 500 processors, 50 policy versions
$W --db /tmp/decade.db dev bench --today {until}      # p50/p95: open, pages, search, dashboard, check, rights report
$W dev mbox --messages 100000 --until {until} --out /tmp/contact.mbox
$W --db /tmp/fresh.db init && time $W --db /tmp/fresh.db requests import /tmp/contact.mbox
time python3 scripts/bench-parse-mbox.py /tmp/contact.mbox
cargo bench --bench register                         # the hot paths on a 20,000-request register
```

{machine_line}

{about}

{chr(10).join(table)}

{tail}

{slowest}

![chart](benchmarks-decade.svg)

### Hot paths in-process (criterion, `cargo bench --bench register`)

On a 20,000-request register generated in the bench's setup; median estimates.

| bench | time |
|---|---|
{chr(10).join(crit_rows)}
"""

doc = md_path.read_text() if md_path.exists() else "# Benchmarks\n\nNumbers measured on this project's machine; every section says how to reproduce it.\n"
start, end = "<!-- decade:start -->", "<!-- decade:end -->"
block = f"{start}\n{section}{end}"
if start in doc:
    doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
elif "<!-- render:start -->" in doc:
    doc = doc.replace("<!-- render:start -->", block + "\n\n<!-- render:start -->", 1)
else:
    doc = doc.rstrip() + "\n\n" + block + "\n"
md_path.write_text(doc)
