#!/usr/bin/env bash
# Scale: wall time and peak memory (GNU time's maximum resident set size) of the release binary on
# generated inputs that grow by 10× — attributes in one `[[node]]`, whole templates of 1/10/100 MB,
# inheritance fan-in (a defaults and a base of N attributes inherited by N nodes each), registry
# record files of 1k/20k packages — and the growth ratio between sizes. Linear means a 10×
# input costs about 10× the time. Figures go to docs/PERFORMANCE.md ("Scale").
# Usage: benches/scale.sh [--quick]   (from the repository root; --quick skips the largest sizes)
set -euo pipefail
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
[[ -x target/release/cyclelint ]] || cargo build --release --quiet
bin=$PWD/target/release/cyclelint
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

attributes() { # N: one node with N attributes
  python3 -c "
import sys
n=int(sys.argv[1])
out=['[cluster c]','  [[node n]]','    ImageName = cycle.image.ubuntu22']
out += [f'    Tags.t{i} = {i}' for i in range(n)]
print('\n'.join(out))" "$1"
}
template_mb() { # N: about N MB of nodes
  python3 -c "
import sys
block='[[node n{i}]]\n  MachineType = Standard_D4s_v5\n  ImageName = cycle.image.ubuntu22\n  SubnetId = rg/vnet/default\n  Credentials = azure\n  Tags.Owner = \${{ifThenElse(x, \"a\", \"b\")}}\n'
target=int(sys.argv[1])*1024*1024
out=['[cluster c]\n']; size=0; i=0
while size < target:
    b=block.format(i=i); out.append(b); size+=len(b); i+=1
print(''.join(out))" "$1"
}
fan_in() { # N: a [[node defaults]] of N attributes inherited by N nodes, and a base of N attributes
  # that N nodearrays extend
  python3 -c "
import sys
n=int(sys.argv[1])
out=['[cluster c]','  [[node defaults]]','    ImageName = cycle.image.ubuntu22','    MachineType = Standard_D4s_v5','    SubnetId = rg/vnet/default']
out += [f'    Tags.d{i} = {i}' for i in range(n)]
out += ['  [[nodearray base]]','    Abstract = true'] + [f'    Tags.b{i} = {i}' for i in range(n)]
for j in range(n):
    out.append(f'  [[node n{j}]]')
    out.append(f'  [[nodearray a{j}]]\n    Extends = base')
print('\n'.join(out))" "$1"
}
registry() { # N packages, one artifact each
  python3 -c "
import sys
for i in range(int(sys.argv[1])):
    print(f'AdType = \"Package\"\nName = \"pkg.{i}\"\nVersion = \"1.0.{i}\"\nPackageType = \"image\"\nOS = \"linux\"\n')
    print(f'AdType = \"Artifact\"\nPackage = \"pkg.{i}\"\nVersion = \"1.0.{i}\"\nName = \"az/eastus\"\nProvider = \"az\"\nRegion = \"eastus\"\nImageId = \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/i{i}\"\n')" "$1"
}
real_mb() { # N: about N MB of the real templates of ../shared/corpus, one after another, each
  # cluster renamed apart (real text: comments, long values, parameters, configuration)
  python3 -c "
import pathlib, re, sys
files = sorted(pathlib.Path(sys.argv[2]).glob('*.txt'))
texts = [t for t in (f.read_text(errors='replace') for f in files) if 'AdType' not in t]
target = int(sys.argv[1]) * 1024 * 1024
out = []; size = 0; k = 0
while size < target:
    for t in texts:
        t = re.sub(r'(?im)^(\\s*\\[cluster\\s+)([^\\]]*)\\]', lambda m: f'{m.group(1)}{m.group(2).strip()}-{k}]', t) + '\\n'
        out.append(t); size += len(t); k += 1
        if size >= target: break
sys.stdout.write(''.join(out))" "$1" "$2"
}

measure() { # LABEL FILE [ARGS…]: prints label, bytes, seconds, peak MB
  local label=$1 file=$2; shift 2
  local out
  out=$( { /usr/bin/time -f '%e %M' "$bin" check --quiet --format json --max-file-size 1GB "$@" "$file" > /dev/null || true; } 2>&1 | tail -n 1)
  printf '| %s | %s | %s s | %s MB |\n' "$label" "$(($(stat -c %s "$file") / 1024)) KB" "${out% *}" "$(( ${out#* } / 1024 ))"
}

echo "| Input | Size | Time | Peak memory |"
echo "|---|---|---|---|"
sizes=(10000 100000 1000000); [[ $quick -eq 1 ]] && sizes=(10000 100000)
for n in "${sizes[@]}"; do attributes "$n" > "$dir/a$n.txt"; measure "$n attributes in one node" "$dir/a$n.txt"; done
mbs=(1 10 100); [[ $quick -eq 1 ]] && mbs=(1 10)
for n in "${mbs[@]}"; do template_mb "$n" > "$dir/t$n.txt"; measure "$n MB template" "$dir/t$n.txt"; done
fans=(1000 10000 100000); [[ $quick -eq 1 ]] && fans=(1000 10000)
for n in "${fans[@]}"; do fan_in "$n" > "$dir/f$n.txt"; measure "defaults and a base of $n attributes, each inherited $n times" "$dir/f$n.txt"; done
for n in 1000 20000; do registry "$n" > "$dir/r$n.txt"; measure "$n-package record file" "$dir/r$n.txt"; done
corpus=../shared/corpus/templates
if [[ -d $corpus ]]; then
  for n in "${mbs[@]}"; do real_mb "$n" "$corpus" > "$dir/c$n.txt"; measure "$n MB of real templates" "$dir/c$n.txt"; done
else
  echo "note: $corpus is absent: no rows for real templates" >&2
fi
