#!/usr/bin/env bash
# Reproduces docs/benchmarks.md: the workbench with a decade of records (a synthetic
# register of 1,000,000 rights requests), measured in-process and as whole CLI runs;
# intake of a 100,000-message mbox against Python's standard library merely parsing
# it; the policy rendering against pandoc and pandoc + WeasyPrint
# (scripts/bench-render.sh); and, when the desktop app is built, its cold start,
# memory with the million-request register open, and size.
#
#   bash scripts/bench.sh [--desktop] [--no-render]
#
#   --desktop    build the desktop app (release) first and measure it; without it the
#                desktop is measured only if target/release/ already holds it
#   --no-render  skip the policy-rendering comparison (scripts/bench-render.sh)
#   --desktop-only
#                build and measure the desktop app only, keeping every other figure of
#                the last whole run (in target/bench/run/), and rewrite the table
#
# Sizes and seeds come from the environment (defaults in brackets): REQUESTS [1000000],
# MERCHANTS [50000], AUTHORIZATIONS [200000], PROCESSORS [500], POLICY_VERSIONS [50],
# SEED [1], UNTIL [2026-11-29, the day the published figures were measured: the same
# register then], MESSAGES [100000], IMPORT_RUNS [3], IMPORT_TIMEOUT [1800 s],
# DESKTOP_RUNS [5]. The generated register and mbox are kept under target/bench/,
# named by those parameters and the generator's and schema's sources, so a rerun
# reuses them.
set -euo pipefail
cd "$(dirname "$0")/.."

desktop=0
render=1
only_desktop=0
for arg in "$@"; do
  case "$arg" in
    --desktop) desktop=1 ;;
    --no-render) render=0 ;;
    --desktop-only) desktop=1 render=0 only_desktop=1 ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

REQUESTS=${REQUESTS:-1000000}
MERCHANTS=${MERCHANTS:-50000}
AUTHORIZATIONS=${AUTHORIZATIONS:-200000}
PROCESSORS=${PROCESSORS:-500}
POLICY_VERSIONS=${POLICY_VERSIONS:-50}
SEED=${SEED:-1}
UNTIL=${UNTIL:-2026-11-29}
MESSAGES=${MESSAGES:-100000}
IMPORT_RUNS=${IMPORT_RUNS:-3}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-1800}
DESKTOP_RUNS=${DESKTOP_RUNS:-5}

export PATH="$HOME/.cargo/bin:$PATH"
cache=target/bench
out=target/bench/run
if [ "$only_desktop" -eq 1 ]; then
  if [ ! -f "$out/inprocess.json" ]; then
    echo "bench.sh: --desktop-only keeps the last whole run's figures, and $out/ holds none: run the whole benchmark first" >&2
    exit 2
  fi
else
  rm -rf "$out"
fi
mkdir -p "$out" "$cache"

echo "== building the CLI (release)"
cargo build --release --bin workbench
# A copy, so that another build in this tree while the benchmark runs cannot swap it.
cp target/release/workbench "$out/workbench"
W="$PWD/$out/workbench"

# What the cached files depend on: the parameters, the generator and the schema (not the
# in-process bench, src/dev/bench.rs, which only reads them).
sources=$(cat $(ls src/dev/*.rs | grep -v /bench.rs) src/db/sql/*.sql | sha256sum | cut -c1-12)
key="r${REQUESTS}-m${MERCHANTS}-a${AUTHORIZATIONS}-p${PROCESSORS}-v${POLICY_VERSIONS}-s${SEED}-u${UNTIL}-${sources}"
db="$PWD/$cache/register-$key.db"
if [ ! -f "$db" ]; then
  echo "== generating the register ($key)"
  rm -f "$cache"/register-*.db "$cache"/register-*.db-* "$cache"/register-*.json
  tmp="$PWD/$cache/generating.db"
  rm -f "$tmp" "$tmp"-wal "$tmp"-shm "$tmp".lock
  "$W" --db "$tmp" dev generate --requests "$REQUESTS" --merchants "$MERCHANTS" \
    --authorizations "$AUTHORIZATIONS" --processors "$PROCESSORS" \
    --policy-versions "$POLICY_VERSIONS" --seed "$SEED" --until "$UNTIL" --json \
    > "$cache/register-$key.json"
  rm -f "$tmp".lock
  mv "$tmp" "$db"
else
  echo "== reusing $db"
fi
cp "$cache/register-$key.json" "$out/generate.json"

if [ "$only_desktop" -eq 0 ]; then
  echo "== in-process (workbench dev bench)"
  # The steady state an officer works in: the register's pages in the OS cache (it is read
  # once here), not however much of it earlier work on the machine happened to leave there.
  cat "$db" > /dev/null
  "$W" --db "$db" dev bench --today "$UNTIL" --json > "$out/inprocess.json"
  "$W" --db "$db" status --json > "$out/status.json"

  # time_runs NAME RUNS LIMIT OK_CODES CMD...: each run's wall time in ms, one a line, in
  # $out/NAME.times ("timeout" for a run that did not finish within LIMIT seconds).
  # OK_CODES lists the exit codes that count as success (check exits 1 on findings).
  # $prepare, when set, runs (untimed) before each run.
  time_runs() {
    local name=$1 runs=$2 limit=$3 ok=$4
    shift 4
    : > "$out/$name.times"
    for ((i = 0; i < runs; i++)); do
      if [ -n "${prepare:-}" ]; then eval "$prepare"; fi
      local t0 t1 code=0
      t0=$(date +%s%N)
      timeout "$limit" "$@" > "$out/$name.stdout" 2> "$out/$name.stderr" || code=$?
      t1=$(date +%s%N)
      if [ "$code" -eq 124 ]; then
        echo "timeout" >> "$out/$name.times"
        echo "   $name: run $((i + 1)) did not finish in $limit s" >&2
        break
      elif [[ " $ok " != *" $code "* ]]; then
        echo "bench.sh: $name exited $code: $(head -c 400 "$out/$name.stderr")" >&2
        exit 1
      fi
      echo $(((t1 - t0) / 1000000)) >> "$out/$name.times"
    done
  }

  echo "== criterion: the hot paths on a 20,000-request register (benches/register.rs)"
  cargo bench --bench register -- --noplot 2>&1 | tee "$out/criterion-register.txt" | grep -E "time:" || true

  echo "== whole process: requests list --search, check"
  search_en=(--db "$db" requests list --search "delete my account" --limit 50 --json)
  search_zh=(--db "$db" requests list --search "刪除 個人資料" --limit 50 --json)
  check=(--db "$db" check --today "$UNTIL" --json)
  if command -v hyperfine > /dev/null; then
    hyperfine -S bash --style basic --warmup 2 --runs 15 --export-json "$out/cli.json" \
      -n "list-search-en" "$W $(printf '%q ' "${search_en[@]}")" \
      -n "list-search-zh" "$W $(printf '%q ' "${search_zh[@]}")" > /dev/null
    hyperfine -S bash --style basic --warmup 1 --runs 5 -i --export-json "$out/cli-check.json" \
      -n "check" "$W $(printf '%q ' "${check[@]}")" > /dev/null
  else
    prepare="" time_runs list-search-en 15 120 "0" "$W" "${search_en[@]}"
    prepare="" time_runs list-search-zh 15 120 "0" "$W" "${search_zh[@]}"
    prepare="" time_runs check 5 600 "0 1" "$W" "${check[@]}"
  fi

  echo "== intake: importing a $MESSAGES-message mbox, against Python parsing it"
  mbox="$PWD/$cache/contact-$MESSAGES-s$SEED-u$UNTIL-$sources.mbox"
  if [ ! -f "$mbox" ]; then
    rm -f "$cache"/contact-*.mbox
    "$W" dev mbox --messages "$MESSAGES" --seed "$SEED" --until "$UNTIL" --out "$mbox" --json \
      > "$cache/mbox.json"
  fi
  cp "$cache/mbox.json" "$out/mbox.json"
  template="$PWD/$out/fresh-template.db"
  "$W" --db "$template" init > /dev/null
  fresh="$PWD/$out/fresh.db"
  prepare="rm -f '$fresh' '$fresh'-wal '$fresh'-shm; cp '$template' '$fresh'"
  # Alternate the two so that neither gets a warmer page cache or a quieter machine.
  for ((run = 0; run < IMPORT_RUNS; run++)); do
    time_runs "import-$run" 1 "$IMPORT_TIMEOUT" "0" "$W" --db "$fresh" requests import "$mbox" --json
    prepare="" time_runs "python-$run" 1 "$IMPORT_TIMEOUT" "0" python3 scripts/bench-parse-mbox.py "$mbox"
    cat "$out/import-$run.times" >> "$out/import.times"
    cat "$out/python-$run.times" >> "$out/python.times"
    if grep -q timeout "$out/import-$run.times"; then break; fi
  done
  if [ -s "$out/import-0.stdout" ]; then cp "$out/import-0.stdout" "$out/import-report.json"; fi
  prepare=""
fi

if [ "$render" -eq 1 ]; then
  echo "== policy rendering (scripts/bench-render.sh)"
  bash scripts/bench-render.sh
fi

# The desktop app: its Cargo package and binary name, as src-tauri/ says.
package=$(sed -n 's/^name = "\(.*\)"/\1/p' src-tauri/Cargo.toml | head -1)
app=""
for candidate in target/release/compliance-workbench "target/release/$package"; do
  if [ -x "$candidate" ]; then app="$PWD/$candidate"; break; fi
done
if [ "$desktop" -eq 1 ]; then
  echo "== building the desktop app (release)"
  bash scripts/deps.sh
  if [ ! -f ui/dist/index.html ]; then (cd ui && npm ci --silent && npm run build --silent); fi
  cargo build --release -p "$package"
  for candidate in target/release/compliance-workbench "target/release/$package"; do
    if [ -x "$candidate" ]; then app="$PWD/$candidate"; break; fi
  done
fi

# Sums VmRSS (kB) of a process and every descendant (WebKit's web and network processes).
tree_rss() {
  local pids=("$1") all=() kb=0
  while [ ${#pids[@]} -gt 0 ]; do
    local next=()
    for p in "${pids[@]}"; do
      all+=("$p")
      for status in /proc/[0-9]*/status; do
        local ppid
        ppid=$(awk '/^PPid:/ {print $2}' "$status" 2> /dev/null || true)
        if [ "$ppid" = "$p" ]; then next+=("$(basename "$(dirname "$status")")"); fi
      done
    done
    pids=("${next[@]+"${next[@]}"}")
  done
  # RSS counts the WebKit libraries the processes share once per process; PSS divides
  # each shared page among them. Both, and the app's own RSS (where the register lives).
  local pss=0 own
  for p in "${all[@]}"; do
    local rss share
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2> /dev/null || echo 0)
    share=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2> /dev/null || echo 0)
    kb=$((kb + ${rss:-0}))
    pss=$((pss + ${share:-0}))
  done
  own=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2> /dev/null || echo 0)
  echo "$kb ${#all[@]} $pss ${own:-0}"
}

# One desktop start measured: waits for the app's "drawn" probe (or, for a program
# without one, a fixed 6 s), lets it settle a second, then appends to $1 a line
# "drawn_ms wall_ms rss_kB processes pss_kB own_rss_kB". The rest is the command.
measure_start() {
  local times="$1" log="$2" program="$3"; shift 3
  local t0 t1 drawn="" launcher apppid
  t0=$(date +%s%N)
  setsid xvfb-run -a --server-args="-screen 0 1280x900x24" dbus-run-session -- "$@" > "$log" 2>&1 &
  launcher=$!
  if [ "$program" = "probe" ]; then
    for ((i = 0; i < 600; i++)); do
      drawn=$(sed -n 's/.*startup-probe drawn_ms=\([0-9]*\).*/\1/p' "$log" | head -1)
      if [ -n "$drawn" ]; then break; fi
      sleep 0.1
    done
  else
    sleep 6
    drawn=0
  fi
  t1=$(date +%s%N)
  sleep 1 # let the first screen's queries settle before reading memory
  apppid=$(pgrep -n -f "^$1" || true)
  if [ -n "$drawn" ] && [ -n "$apppid" ]; then
    read -r kb procs pss own < <(tree_rss "$apppid")
    echo "$drawn $(((t1 - t0) / 1000000)) $kb $procs $pss $own" >> "$times"
  else
    echo "   $(basename "$1"): no startup-probe line within 60 s (see $log)" >&2
  fi
  kill -TERM -- "-$launcher" 2> /dev/null || true
  sleep 0.5
  # WebKit's processes may outlive a TERM: none may linger into the next run.
  kill -KILL -- "-$launcher" 2> /dev/null || true
  wait "$launcher" 2> /dev/null || true
}

if [ -n "$app" ]; then
  echo "== desktop: cold start to a drawn dashboard, memory with the register open ($DESKTOP_RUNS runs)"
  desk_db="$PWD/$cache/desktop.db"
  rm -f "$desk_db" "$desk_db"-wal "$desk_db"-shm "$desk_db".lock
  cp "$db" "$desk_db"
  : > "$out/desktop.times"
  for ((run = 0; run < DESKTOP_RUNS; run++)); do
    WORKBENCH_DB="$desk_db" WORKBENCH_STARTUP_PROBE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
      measure_start "$out/desktop.times" "$out/desktop-$run.log" probe "$app"
  done
  rm -f "$desk_db" "$desk_db"-wal "$desk_db"-shm "$desk_db".lock
  stat -c %s "$app" > "$out/desktop.size"

  # What the register adds: the same app on a new, empty register.
  echo "== desktop: the same on a new, empty register (3 runs)"
  : > "$out/desktop-empty.times"
  for run in 0 1 2; do
    empty_db="$out/empty-$run.db"
    WORKBENCH_DB="$empty_db" WORKBENCH_STARTUP_PROBE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
      measure_start "$out/desktop-empty.times" "$out/desktop-empty-$run.log" probe "$app"
    rm -f "$empty_db" "$empty_db"-wal "$empty_db"-shm "$empty_db".lock
  done

  # What WebKitGTK takes before any app: its own MiniBrowser showing one line of HTML,
  # under the same X server and with the engine settings the app sets (src-tauri/src/engine.rs).
  minibrowser="$(pkg-config --variable=libdir webkit2gtk-4.1 2> /dev/null || echo /usr/lib/x86_64-linux-gnu)/webkit2gtk-4.1/MiniBrowser"
  if [ -x "$minibrowser" ]; then
    echo "== desktop: WebKitGTK alone, its MiniBrowser on one line of HTML (3 runs)"
    : > "$out/desktop-floor.times"
    for run in 0 1 2; do
      WEBKIT_DISABLE_COMPOSITING_MODE=1 JSC_useJIT=false \
        measure_start "$out/desktop-floor.times" "$out/desktop-floor-$run.log" fixed \
        "$minibrowser" "data:text/html,<p>Compliance Workbench</p>"
    done
  fi
fi
stat -c %s "$W" > "$out/cli.size"

echo "== writing docs/benchmarks.md"
python3 scripts/bench-report-decade.py "$out" docs/benchmarks.md docs/benchmarks-decade.svg
echo "== done: docs/benchmarks.md, docs/benchmarks-decade.svg"
