#!/usr/bin/env bash
# Optional: validates a SARIF file with Microsoft's SARIF multitool and with ajv against the
# vendored SARIF 2.1.0 schema, both from the npm registry (installed once under
# target/npm-sarif). `cargo test` does not need this: tests/integrations.rs validates SARIF
# against the same schema in Rust, offline. This adds the multitool's own rules.
#
#   cyclelint check --format sarif --output report.sarif templates/
#   bash scripts/validate-sarif-multitool.sh report.sarif
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPORT="${1:?usage: validate-sarif-multitool.sh FILE.sarif}"
command -v npm >/dev/null && command -v node >/dev/null || { echo "note: node or npm is missing" >&2; exit 77; }
PREFIX="$ROOT/target/npm-sarif"
BIN="$PREFIX/node_modules"
if [ ! -f "$BIN/ajv-cli/dist/index.js" ] || [ ! -f "$BIN/@microsoft/sarif-multitool/bin.js" ]; then
    mkdir -p "$PREFIX"
    npm install --no-audit --no-fund --prefix "$PREFIX" ajv-cli@5 ajv-formats@3 @microsoft/sarif-multitool@5
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp "$REPORT" "$WORK/report.json"
node "$BIN/ajv-cli/dist/index.js" validate --spec=draft2020 --strict=false -c "$BIN/ajv-formats" \
    -s "$ROOT/tests/data/sarif-schema-2.1.0.json" -d "$WORK/report.json"

case "$(uname -s)" in
    Linux) PLATFORM=linux ;;
    Darwin) PLATFORM=darwin ;;
    *) PLATFORM=win32 ;;
esac
TOOL="$BIN/@microsoft/sarif-multitool-$PLATFORM/Sarif.Multitool"
if [ ! -f "$TOOL" ]; then
    echo "note: the SARIF multitool has no build for this platform: validated with ajv only" >&2
    exit 0
fi
chmod +x "$TOOL" 2>/dev/null || true   # npm may not have run its install script
node "$BIN/@microsoft/sarif-multitool/bin.js" validate --output "$WORK/validation.sarif" "$REPORT" >/dev/null || true
[ -f "$WORK/validation.sarif" ] || { echo "note: the SARIF multitool did not run here: validated with ajv only" >&2; exit 0; }
# Errors and warnings only. SARIF1001 asks for opaque rule ids (`CL0001`); cyclelint's ids are its
# readable rule names on purpose (they are what users write in configuration and suppressions).
node -e '
const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const bad = log.runs[0].results.filter(r => r.level !== "note" && r.level !== "none" && r.ruleId !== "SARIF1001");
for (const r of bad) console.error(`${r.ruleId}: ${r.message.text || JSON.stringify(r.message)}`);
process.exit(bad.length ? 1 : 0);
' "$WORK/validation.sarif"
echo "SARIF multitool: no problems"
