#!/usr/bin/env bash
# Runs every fuzz target (or those named) for a given time, installing what is missing.
#
#   fuzz/run.sh [SECONDS] [TARGET…]      default: 1800 seconds (30 minutes) per target, all targets
#   fuzz/run.sh --replay                 replays fuzz/regressions/ through every target, no fuzzing
#
# Needs: rustup (for a nightly toolchain; libFuzzer's sanitizer flags are nightly-only) and network
# access to crates.io the first time (`cargo install cargo-fuzz`). Without a nightly that can be
# installed, it falls back to the stable toolchain with RUSTC_BOOTSTRAP=1 and says so.
# Seeds: fixtures/ (templates, registries, inventories) and ../shared/corpus when present.
# A crash found is copied to fuzz/regressions/<target>/ (commit it: `tests/fuzz_regressions.rs`
# replays the byte targets' crashes on every `cargo test`, and `--replay` replays them all).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
all_targets=(parse check template image_add)

replay=0
seconds=1800
if [[ "${1:-}" == "--replay" ]]; then
    replay=1
    shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    seconds="$1"
    shift
fi
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${all_targets[@]}")

say() { printf 'fuzz/run.sh: %s\n' "$*" >&2; }

# 1. A nightly toolchain.
toolchain=""
if command -v rustup >/dev/null 2>&1; then
    if rustup toolchain list | grep -q '^nightly'; then
        toolchain="+nightly"
    elif rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
        toolchain="+nightly"
    else
        say "rustup could not install a nightly toolchain (offline?): using stable with RUSTC_BOOTSTRAP=1"
    fi
else
    say "rustup is not installed: using the default toolchain with RUSTC_BOOTSTRAP=1"
fi
if [[ -z "$toolchain" ]]; then
    export RUSTC_BOOTSTRAP=1
fi

# 2. cargo-fuzz.
if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (cargo install cargo-fuzz --locked)"
    if ! cargo install cargo-fuzz --locked; then
        say "cannot install cargo-fuzz: it needs network access to crates.io once. Install it where"
        say "there is network (cargo install cargo-fuzz), or copy ~/.cargo/bin/cargo-fuzz here."
        exit 2
    fi
fi

cd "$here"

# 3. Seed corpora (kept between runs; seeds are copied only when missing).
seed() {
    local target="$1" dir="$here/corpus/$1"
    mkdir -p "$dir"
    local sources=()
    case "$target" in
        image_add) sources=("$root"/fixtures/inventory/*.json "$root"/fixtures/registry/*) ;;
        *)
            sources=("$root"/fixtures/examples/*.txt "$root"/fixtures/rules/*/*.txt "$root"/fixtures/registry/*)
            if [[ -d "$root/../shared/corpus" ]]; then
                while IFS= read -r -d '' f; do sources+=("$f"); done \
                    < <(find "$root/../shared/corpus" -type f \( -name '*.txt' -o -name '*.json' \) -size -256k -print0)
            fi
            ;;
    esac
    local f name
    for f in "${sources[@]}"; do
        [[ -f "$f" ]] || continue
        name="seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
        [[ -e "$dir/$name" ]] || cp "$f" "$dir/$name"
    done
}

status=0
for target in "${targets[@]}"; do
    if [[ $replay -eq 1 ]]; then
        if compgen -G "$here/regressions/$target/*" >/dev/null; then
            say "replaying regressions/$target"
            cargo $toolchain fuzz run "$target" "$here"/regressions/"$target"/* -- -runs=0 || status=1
        fi
        continue
    fi
    seed "$target"
    dict=()
    case "$target" in parse|check|template) dict=(-dict="$here/template.dict") ;; esac
    say "running $target for $seconds s"
    log="$here/artifacts/$target.log"
    mkdir -p "$here/artifacts/$target"
    if ! cargo $toolchain fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" "${dict[@]}" \
        2>&1 | tee "$log" | grep -E '^#[0-9]+.*(DONE|pulse)|^(==|SUMMARY|Done)'; then
        :
    fi
    # 4. Keep crashes as regressions.
    found=0
    for crash in "$here"/artifacts/"$target"/crash-* "$here"/artifacts/"$target"/timeout-* "$here"/artifacts/"$target"/oom-*; do
        [[ -f "$crash" ]] || continue
        mkdir -p "$here/regressions/$target"
        cp "$crash" "$here/regressions/$target/"
        say "kept $(basename "$crash") in fuzz/regressions/$target/: commit it, then fix the bug"
        found=1
    done
    [[ $found -eq 1 ]] && status=1
    grep -E '^Done [0-9]+ runs|cov: [0-9]+' "$log" | tail -n 1 | sed "s/^/fuzz\/run.sh: $target: /" >&2 || true
done
exit $status
