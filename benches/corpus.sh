#!/usr/bin/env bash
# Wall time and peak memory of the release binary over the shared corpus, next to the `wc -l`
# floor on the same files. Needs hyperfine (Debian package `hyperfine`) and ../shared/corpus.
# Usage: benches/corpus.sh   (from the repository root)
set -euo pipefail
corpus=../shared/corpus/templates
[ -d "$corpus" ] || { echo "no $corpus: nothing to measure" >&2; exit 0; }
cargo build --release --quiet
bin=target/release/cyclelint
big=$(mktemp --suffix=.txt)
trap 'rm -f "$big"' EXIT
cargo run --release --quiet --example two-thousand-lines > "$big" 2>/dev/null || true
echo "files: $(ls "$corpus" | wc -l), bytes: $(cat "$corpus"/* | wc -c), lines: $(cat "$corpus"/* | wc -l)"
hyperfine --warmup 3 --runs 30 -N --ignore-failure \
  "wc -l $corpus/*" \
  "$bin check --quiet --format json $corpus" \
  "env RAYON_NUM_THREADS=1 $bin check --quiet --format json $corpus"
if [ -s "$big" ]; then
  echo "one template: $(wc -l < "$big") lines"
  hyperfine --warmup 5 --runs 100 -N --ignore-failure "wc -l $big" "$bin check --quiet $big"
fi
/usr/bin/time -f "peak memory: %M KB, wall %e s" "$bin" check --quiet --format json "$corpus" > /dev/null || true
