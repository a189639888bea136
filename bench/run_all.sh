#!/usr/bin/env bash
# `make bench`: every bench/bench_*.py in one go; each prints its own markdown tables.
# DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
# the scale databases crocoos_bench_<scale> are made there, and reused while their seed matches.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
failed=()
echo "# CroCooS EWS benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
# The PDF first, on a machine still quiet; a pause between scripts lets the last one's load pass.
scripts=(bench/bench_pdf.py bench/bench_server_time.py bench/bench_throughput.py bench/bench_concern_browser.py)
for other in bench/bench_*.py; do
  [[ " ${scripts[*]} " == *" ${other} "* ]] || scripts+=("$other")
done
for script in "${scripts[@]}"; do
  [ "$script" == "${scripts[0]}" ] || sleep "${BENCH_PAUSE:-20}"
  echo
  echo "== ${script}"
  start=$(date +%s)
  "$PY" "$script" 2> >(grep -v -e '^Step 2 - Fetching' -e '^AXES: BEGIN' >&2)
  rc=$?
  echo "(${script}: $(( $(date +%s) - start ))s, exit code ${rc})"
  [ "$rc" -eq 0 ] || failed+=("$script")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Failed: ${failed[*]}" >&2
  exit 1
fi
