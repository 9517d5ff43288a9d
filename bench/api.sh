#!/usr/bin/env bash
# HTTP API benchmark, one command: event ingestion through the real server (Release build, Kestrel on loopback) with
# PostgreSQL and Redis, driven by wrk.
#
#   bench/api.sh                                  10,000 customers, 3 runs of 20 s, 1 wrk thread, 32 connections
#   BENCH_DURATION=10s BENCH_REPEATS=1 bench/api.sh
#
# Every request is POST /events with one new purchase (bench/api/events.lua): the event is validated, stored once by
# its id and applied to its customer's profile in one PostgreSQL transaction. Customers come from `outreach simulate`
# (not timed). A warm-up run of 10 s (JIT, connection pool, prepared statements) comes first and is not counted. Per run: requests/s and the 99th percentile latency
# as wrk reports them (--latency); any non-2xx answer fails the benchmark. wrk shares the 2 cores with the server and
# PostgreSQL, as a store system on the same box would.
# Ends with the median over the runs: events_per_s=N and p99_ms=N (goal on 2 cores: >= 5,000 events/s, p99 < 50 ms).
#
# Services: tests/services.sh through a link in a temporary folder, on free ports, so its PID files are this run's
# own; everything is removed at the end.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
customers=${BENCH_CUSTOMERS:-10000}
duration=${BENCH_DURATION:-20s}
repeats=${BENCH_REPEATS:-3}
threads=${BENCH_WRK_THREADS:-1}
connections=${BENCH_CONNECTIONS:-32}
work=$(mktemp -d)
mkdir -p "$work/svc/tests" "$work/ws/campaigns" "$work/ws/data"

log() { echo "[bench] $*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

ln -s "$root/tests/services.sh" "$work/svc/tests/services.sh"
services="$work/svc/tests/services.sh"
server_pid=""
stop() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  "$services" stop || true
  rm -rf "$work"
}
trap stop EXIT

command -v wrk >/dev/null || {
  log "installing wrk (apt-get)..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >/dev/null
}

export OUTREACH_TEST_REDIS_PORT=$(free_port) OUTREACH_TEST_PG_PORT=$(free_port) OUTREACH_TEST_SMTP_PORT=$(free_port)
"$services" install
eval "$("$services" start)"

log "building (Release)..."
dotnet build "$root/src/Outreach.Server" -c Release -v q -nologo >&2
dotnet build "$root/src/Outreach.Cli" -c Release -v q -nologo >&2

psql -q -h 127.0.0.1 -p "$OUTREACH_TEST_PG_PORT" -U postgres -d postgres -c "CREATE DATABASE bench_api" >/dev/null
export Storage__Provider=postgres
export Storage__PostgresConnectionString="Host=127.0.0.1;Port=$OUTREACH_TEST_PG_PORT;Username=postgres;Database=bench_api"
export Limits__Redis="$OUTREACH_TEST_REDIS"
export Engine__CampaignsPath="$work/ws/campaigns" Channels__Outbox__Path="$work/ws/data/outbox.jsonl"
log "simulating $customers customers..."
(cd "$work/ws" && dotnet "$root/src/Outreach.Cli/bin/Release/net10.0/outreach.dll" --config "$root/config" simulate --customers "$customers" --seed 42 >/dev/null)

# A key of the ingest scope, made for this run; the server keeps only its hash.
key=$(python3 -c 'import secrets; print("bench_" + secrets.token_hex(16))')
export BENCH_API_KEY=$key BENCH_CUSTOMERS=$customers
export Server__ConfigPath="$root/config" Server__ApiKeys__0__Name=bench Server__ApiKeys__0__Scopes__0=ingest
export Server__ApiKeys__0__Hash=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
port=$(free_port)
url="http://127.0.0.1:$port"
(cd "$work/ws" && exec dotnet "$root/src/Outreach.Server/bin/Release/net10.0/outreach-server.dll" --urls "$url") >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do curl -fs "$url/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$url/health" >/dev/null || { cat "$work/server.log" >&2; log "the server did not start"; exit 1; }

# One run of wrk; prints "requests_per_s p99_ms" and fails on any non-2xx answer.
drive() {
  local out="$work/wrk.out"
  BENCH_RUN="$1" wrk -t"$threads" -c"$connections" -d"$2" --latency -s "$root/bench/api/events.lua" "$url" >"$out"
  if grep -q "Non-2xx" "$out"; then cat "$out" >&2; tail -n 20 "$work/server.log" >&2; log "the server refused requests"; exit 1; fi
  local rps p99
  rps=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$out")
  echo "$rps $p99"
}

log "warm-up, 10 s"
drive warmup 10s >/dev/null
: >"$work/runs"
for repeat in $(seq 1 "$repeats"); do
  read -r rps p99 < <(drive "run$repeat" "$duration")
  log "run $repeat of $repeats: $rps events/s, p99 $p99 ms (load $(cut -d' ' -f1 /proc/loadavg))"
  echo "$rps $p99" >>"$work/runs"
done

stored=$(psql -qtA -h 127.0.0.1 -p "$OUTREACH_TEST_PG_PORT" -U postgres -d bench_api -c "SELECT count(*) FROM customer_events WHERE id LIKE 'run%' OR id LIKE 'warmup%'")
log "events stored by the runs (warm-up included): $stored"
echo "events_per_s=$(cut -d' ' -f1 "$work/runs" | median)"
echo "p99_ms=$(cut -d' ' -f2 "$work/runs" | median)"
