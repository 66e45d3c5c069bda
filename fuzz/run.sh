#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (CI: 60; by hand, as long as you like), starting from the
# committed seeds and the corpus earlier runs left in fuzz/corpus. A failing input is saved in
# fuzz/artifacts/TARGET/ and the run fails; `cargo +nightly fuzz run TARGET FILE` replays it.
#
#   fuzz/run.sh SECONDS [TARGET...]    targets: analyze html (default both)
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analyze html)

# cargo fuzz needs a nightly compiler for its sanitizer flags: install it when missing, and stop
# here rather than skip the check when it cannot be had.
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "== installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal ||
    { echo "fuzz: no nightly toolchain and it could not be installed" >&2; exit 1; }
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Sanitizer and coverage flags make a build no other shares: keep it in fuzz/target.
unset CARGO_TARGET_DIR

for target in "${targets[@]}"; do
  echo "== cargo fuzz run $target for ${seconds}s"
  mkdir -p "corpus/$target"
  cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1
done
