#!/usr/bin/env bash
# Prints the md5 of `run --json` for every shipped scenario and of `compare --json` for every design on the
# default and perp scenarios: the check that a refactor leaves every result byte-identical.
# Usage: bash scripts/md5-outputs.sh [CLI]   (CLI defaults to dist/cli/main.js; build first)
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${1:-dist/cli/main.js}
export CASCADE_PROGRESS=0
run() { # label, command…
  local label=$1
  shift
  local out
  out=$(node "$cli" "$@" 2>/dev/null) || { echo "FAILED  $label"; return; }
  printf "%s  %s\n" "$(printf "%s" "$out" | md5sum | cut -c1-32)" "$label"
}
for file in scenarios/*.yaml; do
  run "run $(basename "$file")" run "$file" --json --no-store &
  [ "$(jobs -rp | wc -l)" -ge 2 ] && wait -n
done
wait
lending=aave-v3,aave-v3.3,morpho-blue,euler-v2,volatility-bonus,maker-clip,maker-flip,compound-v3,liquity-v1,v1,v2,v3
run "compare thin-pool-shock designs" compare scenarios/thin-pool-shock.yaml --designs "$lending" --json &
run "compare black-thursday designs" compare scenarios/black-thursday-2020.yaml --designs maker-flip,maker-clip,aave-v3 --json &
wait
run "compare perp-long-crash designs" compare scenarios/perp-long-crash.yaml --designs perp-isolated,perp-cross,perp-partial,perp-full,perp-backstop,perp-adl,perp-socialise --set blocks=600 --json &
run "run thin-pool --check-invariants" run scenarios/thin-pool-shock.yaml --json --no-store --check-invariants &
wait
run "run cross-collateral --check-invariants" run scenarios/cross-collateral-shock.yaml --json --no-store --check-invariants &
run "run thin-pool seed 7 fee market" run scenarios/thin-pool-shock.yaml --seed 7 --json --no-store --set 'chain.feeMarket={backgroundGas: 12000000}' --set 'keepers.0.gasBidding=pga' &
wait
