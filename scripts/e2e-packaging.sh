#!/usr/bin/env bash
# End to end, as a user installs cyclelint: the pre-commit hook on the Python wheel, and the wheel
# itself in a fresh virtual environment. Run by tests/packaging.rs; runs alone too:
#
#   bash .ci/install-python-tools.sh && bash scripts/e2e-packaging.sh
#
# 1. A scratch git repository with a template, a prose NOTES.txt, a requirements.txt, a file
#    excluded by cyclelint.toml and a .pre-commit-config.yaml naming THIS repository by its commit
#    id (HEAD: commit first). `pre-commit run --all-files` must fail on a planted error, pass once
#    it is fixed, and never report NOTES.txt or the excluded file. pre-commit clones the repository
#    and `pip install`s it: maturin builds the wheel (release) in its own fresh virtual environment.
# 2. The wheel: `maturin build` in the clone pre-commit made (same sources, same target folder, so
#    cargo finds the build done and nothing compiles twice), installed with pip into another fresh
#    virtual environment; its `cyclelint` reports Cargo.toml's version and checks
#    fixtures/examples cleanly.
#
# Offline: pip takes maturin from target/python-tools/wheelhouse, cargo uses the crates already
# fetched. Exit status 77 means a tool is missing (the caller skips with a note).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="${CYCLELINT_PYTHON_TOOLS:-$ROOT/target/python-tools}"
VENV="$TOOLS/venv"

skip() {
    echo "note: $1: wheel and pre-commit test skipped (run .ci/install-python-tools.sh)" >&2
    exit 77
}
command -v git >/dev/null || skip "git is missing"
command -v cargo >/dev/null || skip "cargo is missing"
[ -x "$VENV/bin/python" ] || skip "no Python tools in $TOOLS"
[ -x "$VENV/bin/maturin" ] || skip "maturin is missing"
[ -x "$VENV/bin/pre-commit" ] || skip "pre-commit is missing"
ls "$TOOLS"/wheelhouse/maturin-*.whl >/dev/null 2>&1 || skip "no maturin wheel in $TOOLS/wheelhouse"
REV="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null)" || skip "$ROOT is not a git repository"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cyclelint-e2e.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# Release builds of the wheel share one target folder across runs (dependencies compile once).
export CARGO_TARGET_DIR="${CYCLELINT_E2E_TARGET:-$ROOT/target/packaging}"
export CARGO_NET_OFFLINE=true
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$TOOLS/wheelhouse" PIP_DISABLE_PIP_VERSION_CHECK=1
export PRE_COMMIT_HOME="$WORK/pre-commit-home"
export NO_COLOR=1
unset GITHUB_ACTIONS TF_BUILD
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"

fail() {
    echo "FAILED: $1" >&2
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    /' "$2" >&2
    exit 1
}

# --- 1. pre-commit -------------------------------------------------------------------------
REPO="$WORK/repo"
mkdir -p "$REPO/templates" "$REPO/legacy"
cat >"$REPO/templates/cluster.txt" <<'TEMPLATE'
[cluster demo]
  [[node scheduler]]
  MachineType = Standard_D4s_v5
  SubnetId = rg/vnet/default
  Credentials = azure
  ImageName = cycle.image.ubuntu22
  [[[configuraton]]]
TEMPLATE
cat >"$REPO/NOTES.txt" <<'NOTES'
Notes for the team: keep the scheduler small; ask before changing the subnet.
Do not forget = the image, ; and so on.
NOTES
printf 'requests==2.31\n' >"$REPO/requirements.txt"
printf '[cluster old]\n; broken on purpose\n' >"$REPO/legacy/old.txt"
printf '#:schema %s/docs/cyclelint.schema.json\nexclude = ["legacy/**"]\n' "$ROOT" >"$REPO/cyclelint.toml"
cat >"$REPO/.pre-commit-config.yaml" <<CONFIG
repos:
  - repo: $ROOT
    rev: $REV
    hooks:
      - id: cyclelint
CONFIG
git -C "$REPO" init --quiet
git -C "$REPO" add --all

echo "pre-commit: installing the hook from $ROOT at $REV (builds the wheel)" >&2
(cd "$REPO" && "$VENV/bin/pre-commit" install-hooks) >"$WORK/install.log" 2>&1 ||
    fail "pre-commit could not install the hook" "$WORK/install.log"

set +e
(cd "$REPO" && "$VENV/bin/pre-commit" run --all-files) >"$WORK/planted.log" 2>&1
status=$?
set -e
[ "$status" -eq 1 ] || fail "pre-commit exited $status on a planted error (expected 1)" "$WORK/planted.log"
grep -q "unknown section kind \`configuraton\`" "$WORK/planted.log" ||
    fail "the planted error is not reported" "$WORK/planted.log"
grep -q "templates/cluster.txt" "$WORK/planted.log" || fail "the template is not named" "$WORK/planted.log"
if grep -Eq "NOTES\.txt|requirements\.txt|legacy/old\.txt" "$WORK/planted.log"; then
    fail "a prose or excluded file was reported" "$WORK/planted.log"
fi

sed -i 's/configuraton/configuration/' "$REPO/templates/cluster.txt"
git -C "$REPO" add --all
(cd "$REPO" && "$VENV/bin/pre-commit" run --all-files) >"$WORK/fixed.log" 2>&1 ||
    fail "pre-commit fails once the error is fixed" "$WORK/fixed.log"
if grep -Eq "NOTES\.txt|requirements\.txt|legacy/old\.txt" "$WORK/fixed.log"; then
    fail "a prose or excluded file was reported" "$WORK/fixed.log"
fi
echo "pre-commit: hook installed and run twice by ${SECONDS}s" >&2
echo "pre-commit: fails on the planted error, passes once fixed, NOTES.txt never reported" >&2

# --- 2. the wheel in a fresh virtual environment ------------------------------------------------
# The clone pre-commit made (its database maps repository and rev to a folder).
CLONE="$("$VENV/bin/python" - "$PRE_COMMIT_HOME/db.db" "$ROOT" "$REV" <<'PY'
import sqlite3, sys
db, repo, rev = sys.argv[1:]
row = sqlite3.connect(db).execute("SELECT path FROM repos WHERE repo = ? AND ref = ?", (repo, rev)).fetchone()
print(row[0] if row else "")
PY
)"
[ -n "$CLONE" ] && [ -f "$CLONE/pyproject.toml" ] || fail "pre-commit's clone of $ROOT is not found"
# The hook's own environment has the binary pip installed from the wheel.
HOOK_BIN="$(ls "$CLONE"/py_env-*/bin/cyclelint 2>/dev/null | head -n 1)"
[ -x "$HOOK_BIN" ] || fail "the hook's environment has no cyclelint binary"

(cd "$CLONE" && "$VENV/bin/maturin" build --release --out "$WORK/wheels") >"$WORK/maturin.log" 2>&1 ||
    fail "maturin build failed" "$WORK/maturin.log"
if grep -q "Compiling cyclelint" "$WORK/maturin.log"; then
    echo "wheel: maturin compiled the crate again (the hook's build was not reused)" >&2
else
    echo "wheel: maturin reused the hook's build" >&2
fi
WHEEL="$(ls "$WORK"/wheels/cyclelint-"$VERSION"-*.whl 2>/dev/null | head -n 1)"
[ -n "$WHEEL" ] || fail "no wheel named for version $VERSION in $WORK/wheels" "$WORK/maturin.log"
echo "wheel: $(basename "$WHEEL")" >&2

"$VENV/bin/python" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet "$WHEEL" >"$WORK/pip.log" 2>&1 ||
    fail "pip could not install the wheel" "$WORK/pip.log"
BIN="$WORK/venv/bin/cyclelint"
[ -x "$BIN" ] || fail "the wheel installs no cyclelint binary"
[ "$("$BIN" --version)" = "cyclelint $VERSION" ] || fail "cyclelint --version is '$("$BIN" --version)', not $VERSION"
"$BIN" check "$ROOT/fixtures/examples" >"$WORK/examples.log" 2>&1 ||
    fail "cyclelint check fixtures/examples (from the wheel) failed" "$WORK/examples.log"
set +e
"$BIN" check --isolated --quiet --format concise "$REPO/legacy/old.txt" >"$WORK/old.log" 2>&1
status=$?
set -e
[ "$status" -eq 1 ] || fail "the wheel's cyclelint exited $status on a broken template (expected 1)" "$WORK/old.log"
echo "wheel: installed in a fresh virtual environment, checks fixtures/examples" >&2
echo "e2e packaging: ok in ${SECONDS}s"
