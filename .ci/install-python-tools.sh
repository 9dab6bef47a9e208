#!/usr/bin/env bash
# Installs the Python tools the packaging test (tests/packaging.rs → scripts/e2e-packaging.sh)
# needs, into target/python-tools (never globally):
#   venv/       maturin and pre-commit
#   wheelhouse/ a maturin wheel, so that pip's isolated build of this repository (what pre-commit's
#               `language: python` hook runs) needs no index: the test itself runs offline.
# and `cargo fetch`es the crates of every platform: maturin runs `cargo metadata`, which wants them
# all (the test runs cargo with --offline).
# Idempotent: does nothing when both are there. Without python3 it prints a note and exits 0 (the
# test then skips with a note).
set -euo pipefail
cd "$(dirname "$0")/.."
MATURIN="maturin==1.16.0"
PRE_COMMIT="pre-commit==4.7.0"
TOOLS="${CYCLELINT_PYTHON_TOOLS:-$PWD/target/python-tools}"
if ! command -v python3 >/dev/null; then
    echo "note: python3 is missing: the wheel and pre-commit test will be skipped"
    exit 0
fi
cargo fetch --locked --quiet
if [ -x "$TOOLS/venv/bin/maturin" ] && [ -x "$TOOLS/venv/bin/pre-commit" ] && ls "$TOOLS"/wheelhouse/maturin-* >/dev/null 2>&1; then
    exit 0
fi
rm -rf "$TOOLS/venv" "$TOOLS/wheelhouse"
mkdir -p "$TOOLS"
python3 -m venv "$TOOLS/venv"
"$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$MATURIN" "$PRE_COMMIT"
"$TOOLS/venv/bin/python" -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
    --dest "$TOOLS/wheelhouse" "$MATURIN"
echo "python tools installed in $TOOLS"
