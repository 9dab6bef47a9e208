#!/usr/bin/env bash
# To-do list for issue 15's "a bad fixture per branch": for every rule, the number of places in
# src/ that create one of its diagnostics (each a branch of the rule's check: `&RULE` in its own
# file, `<rule>::RULE` in the parser, registry validation, suppressions and lint), against the
# number of `fixtures/rules/<rule>/bad*.txt` files. Rules with more places than bad fixtures are
# listed; exit status 0 either way (it is a to-do list, not a gate).
#
#   scripts/rule-branches.sh        # rules lacking fixtures
#   scripts/rule-branches.sh --all  # every rule
set -eu
cd "$(dirname "$0")/.."
all=${1:-}
printf '%-32s %6s %6s\n' rule sites bad
for folder in fixtures/rules/*/; do
    rule=$(basename "$folder")
    module=${rule//-/_}
    own=0
    if [ -f "src/rules/$module.rs" ]; then
        own=$(grep -o '&RULE\b' "src/rules/$module.rs" | wc -l || true)
    fi
    elsewhere=$(grep -rho "\b$module::RULE\b" src --include='*.rs' --exclude=mod.rs | wc -l || true)
    elsewhere_mod=$(grep -rho "\b$module::RULE\b" src/syntax/lower/mod.rs 2>/dev/null | wc -l || true)
    sites=$((own + elsewhere + elsewhere_mod))
    bad=$(find "$folder" -maxdepth 1 -name 'bad*.txt' | wc -l || true)
    if [ "$all" = "--all" ] || [ "$sites" -gt "$bad" ]; then
        printf '%-32s %6d %6d\n' "$rule" "$sites" "$bad"
    fi
done
