#!/usr/bin/env bash
# The one test command (README, .ci/run): installs and starts the real servers the tests need on
# 127.0.0.1 (tests/services.sh), runs every test project in the solution, stops what it started,
# and ends with the total over all projects on its own line: "N passed, N failed, N skipped".
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/TestResults/run"
rm -rf "$results"

tests/services.sh install || exit 1
trap 'tests/services.sh stop' EXIT
env_file=$(mktemp)
tests/services.sh start >"$env_file" || { cat "$env_file"; exit 1; }
# shellcheck disable=SC1090
source "$env_file"; rm -f "$env_file"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "[tests] building..."
dotnet build Outreach.sln -c Debug -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

echo "[tests] running..."
dotnet test Outreach.sln --no-build -nologo -v quiet --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results"
status=$?

# Sum the counters of every project's TRX report: the console prints one summary per project.
passed=0 failed=0 skipped=0 reports=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  reports=$((reports + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); executed=$(get executed); p=$(get passed)
  # Whatever ran and did not pass (failed, error, timeout, aborted) counts as failed.
  passed=$((passed + p)); failed=$((failed + executed - p)); skipped=$((skipped + total - executed))
done

if [ "$reports" -eq 0 ] || [ $((passed + failed)) -eq 0 ]; then
  echo "[tests] no test ran" >&2; failed=$((failed + 1))
fi
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # a crashed test host leaves no failing counter

# Stop the servers before the total, so the total stays the last line.
trap - EXIT
tests/services.sh stop
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
