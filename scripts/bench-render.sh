#!/usr/bin/env bash
# Reproduces the policy-rendering table of docs/benchmarks.md: our renderer
# in-process (criterion) and as whole CLI runs, beside pandoc (HTML) and
# pandoc + WeasyPrint (PDF) on the same markdown, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
for pkg in pandoc hyperfine weasyprint; do
  dpkg -s "$pkg" >/dev/null 2>&1 || { $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null; }
done

out=target/bench-render
rm -rf "$out" && mkdir -p "$out"
export BENCH_DATA_DIR="$PWD/$out"

echo "== criterion (in-process)"
cargo bench --bench render -- --noplot 2>&1 | tee "$out/criterion.txt"

echo "== whole-process runs"
cargo build --release --bin workbench
W="$PWD/target/release/workbench"
db="$out/register.db"
"$W" --db "$db" init >/dev/null
"$W" --db "$db" policy import "$out/policy-seed.md" --label bench-seed >/dev/null
"$W" --db "$db" policy import "$out/policy-1mb.md" --label bench-1mb >/dev/null

hf() { hyperfine --style basic --export-json "$out/$1.json" "${@:2}"; }
for size in seed 1mb; do
  md="$out/policy-$size.md"
  hf "html-$size" --warmup 2 --runs 20 \
    -n "workbench html $size" "$W --db $db policy export bench-$size --format html --out $out/w-$size.html" \
    -n "pandoc html $size" "pandoc -s -f markdown -t html --metadata title=Policy $md -o $out/p-$size.html"
done
hf "pdf-seed" --warmup 2 --runs 10 \
  -n "workbench pdf seed" "$W --db $db policy export bench-seed --format pdf --out $out/w-seed.pdf" \
  -n "pandoc+weasyprint pdf seed" "pandoc -s -f markdown -t html --metadata title=Policy $out/policy-seed.md -o $out/p-seed-pdf.html && weasyprint -q $out/p-seed-pdf.html $out/p-seed.pdf"
hf "pdf-1mb" --runs 2 \
  -n "workbench pdf 1mb" "$W --db $db policy export bench-1mb --format pdf --out $out/w-1mb.pdf" \
  -n "pandoc+weasyprint pdf 1mb" "pandoc -s -f markdown -t html --metadata title=Policy $out/policy-1mb.md -o $out/p-1mb-pdf.html && weasyprint -q $out/p-1mb-pdf.html $out/p-1mb.pdf"

python3 scripts/bench-report.py "$out" docs/benchmarks.md docs/benchmarks-render.svg
echo "== wrote docs/benchmarks.md"
