#!/usr/bin/env bash
# Fuzzes the bundle reader with cargo-fuzz (libFuzzer + AddressSanitizer).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 300; test.sh runs a short pass)
# Seeds come from the format's test vector, so the fuzzer starts from a valid bundle.
# Works on the stable toolchain: RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z flags.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
vec=crates/intel-bundle/tests/vectors/v1
mkdir -p fuzz/corpus/bundle_open fuzz/corpus/bundle_contents
cp "$vec/bundle.idb" fuzz/corpus/bundle_open/vector-v1
age --decrypt -i "$vec/recipient.agekey" -o fuzz/corpus/bundle_contents/vector-v1 "$vec/bundle.idb"
export RUSTC_BOOTSTRAP=1
status=0
for target in bundle_open bundle_contents; do
  echo "fuzz: $target for ${seconds}s"
  if ! (cd fuzz && cargo fuzz run --release "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=1048576 -print_final_stats=1 2>&1 \
      | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY|Done )" ); then
    status=1
  fi
  # libFuzzer leaves a crash-* file in artifacts/ when it finds something.
  if ls fuzz/artifacts/"$target"/crash-* fuzz/artifacts/"$target"/oom-* fuzz/artifacts/"$target"/timeout-* >/dev/null 2>&1; then
    echo "fuzz: $target found a failing input: $(ls fuzz/artifacts/"$target"/)" >&2
    status=1
  fi
done
if [ $status = 0 ]; then echo "fuzz: 2 passed, 0 failed"; else echo "fuzz: 0 passed, 1 failed"; fi
exit $status
