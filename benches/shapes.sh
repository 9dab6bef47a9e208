#!/usr/bin/env bash
# Shapes: looks for time that grows faster than the input. Each of twenty-two shapes of file (many
# parameters, sections, cluster-inits, configuration keys, unknown attributes, unknown bases,
# clusters, undefined references, volumes, images, secrets, repeated keys, expressions,
# environments, records, undefined machine types, invalid lines, suppressions used and unused,
# unknown section kinds, node attributes in `[[[configuration]]]`) is generated at N and 4N of its unit and checked
# with the release binary; a shape whose user time grows more than 8× is flagged. It found the
# quadratic steps listed in docs/PERFORMANCE.md ("Pathological inputs").
# Usage: benches/shapes.sh [N]   (from the repository root; N defaults to 3000)
set -euo pipefail
n=${1:-3000}
[[ -x target/release/cyclelint ]] || cargo build --release --quiet
bin=$PWD/target/release/cyclelint
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/gen.py" <<'PY'
import sys
shape, n = sys.argv[1], int(sys.argv[2])
head = ['[cluster c]', '  [[node defaults]]', '    ImageName = cycle.image.ubuntu22', '    MachineType = m',
        '    SubnetId = a/b/c', '    Credentials = cred']
o = list(head)
if shape == 'params_unused':
    o += ['[parameters P]', '  [[parameters Q]]'] + [f'    [[[parameter p{j}]]]\n    DefaultValue = {j}' for j in range(n)]
elif shape == 'params_used':
    o += [f'  [[node n{j}]]\n    Tags.x = $p{j}' for j in range(n)]
    o += ['[parameters P]', '  [[parameters Q]]'] + [f'    [[[parameter p{j}]]]\n    DefaultValue = {j}' for j in range(n)]
elif shape == 'dup_sections':
    o += [f'  [[node same]]\n    Tags.a{j} = 1' for j in range(n)]
elif shape == 'cluster_init':
    o += ['  [[node x]]'] + [f'    [[[cluster-init proj{j}:default:1.0.{j}]]]' for j in range(n)]
elif shape == 'config_keys':
    o += ['  [[node x]]', '    [[[configuration]]]'] + [f'    slurm.key{j} = {j}' for j in range(n)]
elif shape == 'unknown_attrs':
    o += ['  [[node x]]'] + [f'    MachinType{j} = {j}' for j in range(n)]
elif shape == 'unknown_extends':
    o += [f'  [[node n{j}]]\n    Extends = base{j}' for j in range(n)]
elif shape == 'clusters':
    o = []
    for j in range(n):
        o += [f'[cluster c{j}]', '  [[node defaults]]', '    ImageName = cycle.image.ubuntu22', '  [[node x]]',
              f'    [[[cluster-init p:default:1.{j % 2}]]]', '    [[[cluster-init p:default:1.0]]]']
elif shape == 'undefined_refs':
    o += [f'  [[node n{j}]]\n    Tags.x = $undef{j}' for j in range(n)]
elif shape == 'undefined_machine_types':
    o += [f'  [[node n{j}]]\n    MachineType = $M{j}' for j in range(n)]
elif shape == 'volumes':
    o += ['  [[node x]]'] + [f'    [[[volume v{j}]]]\n    Size = {j}' for j in range(n)]
elif shape == 'images':
    o += [f'  [[node n{j}]]\n    ImageName = custom.image{j}\n    ImageOS = foo{j}' for j in range(n)]
elif shape == 'secrets':
    o += [f'  [[node n{j}]]\n    Password = hunter{j}xyz' for j in range(n)]
elif shape == 'dup_attrs':
    o += ['  [[node x]]'] + [f'    Tags.a = {j}' for j in range(n)]
elif shape == 'expr_calls':
    o += [f'  [[node n{j}]]\n    Tags.a = ${{ifThenElse(p{j}, "a", "b")}}' for j in range(n)]
elif shape == 'environments':
    o += [f'[environment e{j}]\n  ManagedLifecycle = true' for j in range(n)]
elif shape == 'invalid_lines':
    o += ['  [[node x]]'] + [f'    junk line {j}' for j in range(n)]
elif shape == 'suppressions':
    o += [f'  [[node n{j}]]\n    # cyclelint: ignore[lenient-string] -- shown as written\n    Tags.a = "a "b{j}" c"'
          for j in range(n)]
elif shape == 'unused_suppressions':
    o += [f'  [[node n{j}]]\n    Tags.a = {j}  # cyclelint: ignore[lenient-string] -- nothing here' for j in range(n)]
elif shape == 'unknown_sections':
    o += ['  [[node x]]'] + [f'    [[[volumne v{j}]]]' for j in range(n)]
elif shape == 'misplaced':
    o += ['  [[node x]]', '    [[[configuration]]]'] + [f'    MachineType = m{j}' for j in range(n)]
elif shape == 'records':
    o = [f'AdType = "Package"\nName = "p"\nVersion = "1.0.{j}"\n' for j in range(n)]
print('\n'.join(o))
PY
user_time() { { /usr/bin/time -f '%U' "$bin" check --quiet --format json --max-file-size 1GB "$1" > /dev/null || true; } 2>&1 | tail -n 1; }
echo "| Shape | user time at $n | at $((4 * n)) | growth |"
echo "|---|---|---|---|"
flagged=0
for shape in params_unused params_used dup_sections cluster_init config_keys unknown_attrs unknown_extends clusters \
    undefined_refs undefined_machine_types volumes images secrets dup_attrs expr_calls environments records \
    invalid_lines suppressions unused_suppressions unknown_sections misplaced; do
  python3 "$dir/gen.py" "$shape" "$n" > "$dir/small.txt"
  python3 "$dir/gen.py" "$shape" "$((4 * n))" > "$dir/large.txt"
  small=$(user_time "$dir/small.txt")
  large=$(user_time "$dir/large.txt")
  growth=$(python3 -c "print(f'{max(float(\"$large\"), 0.01) / max(float(\"$small\"), 0.01):.1f}')")
  mark=""
  if python3 -c "import sys; sys.exit(0 if float('$large') > 0.2 and float('$growth') > 8 else 1)"; then mark=" (faster than linear growth?)"; flagged=1; fi
  echo "| $shape | $small s | $large s | ${growth}×$mark |"
done
exit $flagged
