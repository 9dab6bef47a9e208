#!/usr/bin/env bash
# Mutation testing with cargo-mutants: installs it when absent, then runs it on the files given
# (default: the modules docs/TESTING.md lists), with a per-mutant timeout. Figures go to
# mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt); record them in docs/TESTING.md.
#
#   scripts/mutants.sh                          # every listed module (hours on a small machine)
#   scripts/mutants.sh src/report/junit.rs      # one file
#   MUTANTS_ARGS="--in-diff my.diff" scripts/mutants.sh src/report   # extra cargo-mutants options
#   MUTANTS_ARGS="--in-place --baseline=skip" MUTANTS_TEST_ARGS="--test formats --lib" \
#       scripts/mutants.sh src/report/junit.rs   # quick: reuse target/, run only the tests that guard it
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo-mutants >/dev/null 2>&1; then
    cargo install --locked cargo-mutants
fi
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    files=(src/syntax src/report src/registry src/effective.rs src/node_image.rs src/rules)
fi
filters=()
for f in "${files[@]}"; do
    if [ -d "$f" ]; then
        filters+=(-f "$f/**/*.rs")
    else
        filters+=(-f "$f")
    fi
done
# The timeout bounds a mutant that makes a loop endless. Without MUTANTS_TEST_ARGS every mutant
# runs the whole `cargo test` of CI.
# shellcheck disable=SC2086
exec cargo mutants "${filters[@]}" --timeout "${MUTANTS_TIMEOUT:-300}" ${MUTANTS_ARGS:-} -- ${MUTANTS_TEST_ARGS:-}
