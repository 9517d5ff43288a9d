#!/usr/bin/env bash
# Limiter benchmark, one command: starts its own Redis on a free loopback port, then measures
#   (a) the Redis limiter's reservations/s for 1,000,000 distinct customers through the public .NET API (example default rules),
#   (b) redis-benchmark EVALSHA throughput of the same Lua script, same keys and arguments, pipelined (-P 32),
# and Redis memory per customer with five touches each. Ends with limiter_per_s, redis_benchmark_per_s, ratio, bytes_per_customer.
# Both throughputs are the median of LIMITER_BENCH_REPEATS runs (default 3), taken in one go: the machine may be shared.
#   bench/limiter.sh [customers]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
customers=${1:-1000000}
repeats=${LIMITER_BENCH_REPEATS:-3}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
stop() { [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null; rm -rf "$work"; }
trap stop EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "[bench] redis-server on 127.0.0.1:$port (pid $(cat "$work/redis.pid"))" >&2

dotnet build -c Release "$root/bench/Outreach.Bench.Limiter" -v q -nologo >&2
dotnet "$root/bench/Outreach.Bench.Limiter/bin/Release/net10.0/Outreach.Bench.Limiter.dll" "127.0.0.1:$port" "$customers" "$repeats" | tee "$work/limiter.out" >&2

# The same call the limiter makes for a default-rules SMS touch: customer and address suppression, then the customer's
# history with its three rules (1/1d, 2/7d below priority 8, 4 SMS/30d). 65,536 buckets as in the limiter's default.
sha=$(redis-cli -p "$port" SCRIPT LOAD "$(cat "$root/src/Outreach.Limits/Redis/reserve.lua")")
now=$(date -d '2025-03-03T10:00:00Z' +%s)
for run in $(seq 1 "$repeats"); do
  redis-cli -p "$port" FLUSHALL >/dev/null
  redis-benchmark -h 127.0.0.1 -p "$port" -P 32 -c 50 -n "$customers" -r 65536 --csv \
    EVALSHA "$sha" 3 'bench:{c:__rand_int__}:s' 'bench:{a:__rand_int__}:s' 'bench:{c:__rand_int__}' \
    "$now" __rand_int__ 0 sms 2592000 2 1 c__rand_int__ 2 +8613__rand_int__ \
    3 c__rand_int__ 2592000 2592000 604800 604800 3 86400 1 -1 604800 2 -1 2592000 4 0 | tail -n 1 >> "$work/redis-benchmark.csv"
done
cat "$work/redis-benchmark.csv" >&2

limiter=$(sed -n 's/^limiter_per_s=//p' "$work/limiter.out")
bytes=$(sed -n 's/^bytes_per_customer=//p' "$work/limiter.out")
values=$(rev "$work/redis-benchmark.csv" | cut -d, -f7 | rev | tr -d '"' | cut -d. -f1 | sort -n)
benchmark=$(echo "$values" | sed -n "$(( ($(echo "$values" | wc -l) + 1) / 2 ))p")
echo "limiter_per_s=$limiter"
echo "redis_benchmark_per_s=$benchmark"
echo "ratio=$(awk -v a="$limiter" -v b="$benchmark" 'BEGIN { printf "%.2f", a / b }')"
echo "bytes_per_customer=$bytes"
