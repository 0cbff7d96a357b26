#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (FUZZ_SECONDS, default 30) and
# fails on the first crash. The targets live in fuzz/ (outside the workspace).
# cargo-fuzz needs nightly compiler flags (-Z sanitizer, sancov); on the stable
# toolchain RUSTC_BOOTSTRAP=1 unlocks them. Seeds come from the test fixtures and
# the hostile corpus; crashes are saved under fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_EACH="${FUZZ_SECONDS:-30}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

seed() {  # seed TARGET DIR... : copy fixture files into the target's corpus
  local target=$1; shift
  mkdir -p "fuzz/corpus/$target"
  for dir in "$@"; do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f -exec cp {} "fuzz/corpus/$target/" \;
  done
}
seed eml tests/fixtures/mail tests/hostile/eml
seed mbox tests/fixtures/mail tests/hostile/mbox
seed policy_text tests/fixtures/seed tests/hostile/policy data/policy
seed spreadsheet tests/fixtures/spreadsheets tests/hostile/csv tests/hostile/xlsx

export RUSTC_BOOTSTRAP=1
for target in eml mbox policy_text spreadsheet; do
  echo "fuzz: $target for ${SECONDS_EACH}s"
  # -rss_limit_mb: the importers cap their input; a blow-up past 2 GB is a finding.
  cargo fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1
done
echo "fuzz: no crash in ${SECONDS_EACH}s per target"
