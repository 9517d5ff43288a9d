#!/usr/bin/env bash
# Campaign benchmark, one command: one campaign run end to end - plan the audience into the touch queue, then claim,
# decide (consent, whitelist, variant, channel, quiet hours, Redis caps), render, send to the outbox and record every
# touch - on SQLite and on PostgreSQL, with real Redis as the limiter, for 100,000 and 1,000,000 simulated customers.
#
#   bench/campaign.sh                          sizes 100000 and 1000000
#   BENCH_SIZES=100000 bench/campaign.sh       a quick check
#   BENCH_STORES=postgres bench/campaign.sh    one store only (default: sqlite postgres)
#
# What is measured, per store and size (customers from `outreach simulate`, not timed in the figures; the median of 3
# runs below 1,000,000 customers, of one run from there - BENCH_REPEATS=N to choose):
#   a "touch" is one customer of the audience decided and recorded in the ledger, sent or not (held out, unreachable,
#   capped... all count); touches_per_s = audience / wall seconds of `outreach run` (the whole process: start-up,
#   audience count, planning, dispatch until nothing is due); sent_per_s = touches sent to the outbox / the same seconds;
#   peak_rss_mb = "Maximum resident set size" of that process (/usr/bin/time -v); cost_per_touch_us = its seconds per touch;
#   cpu_s = its user + system CPU seconds (on SQLite that includes the database's work, on PostgreSQL not the server's),
#   steadier than wall time on a shared machine; redis_cpu_s and postgres_cpu_s = the CPU seconds the servers spent
#   during that run (from /proc: PostgreSQL's postmaster with its finished and live backends), so the whole cost of a
#   touch is outreach + servers.
# In the same run, the limiter-only figure: bench/Outreach.Bench.Limiter with bench/limiter.sh's arguments (1,000,000
# distinct customers - the largest size given - median of LIMITER_BENCH_REPEATS=3), on the same Redis.
# Ends with, per store and size, <store>_<size>_touches_per_s / _sent_per_s / _peak_rss_mb / _seconds / _cpu_s, then
# limiter_per_s, then for the slower store at the largest size touches_per_s, peak_rss_mb, ratio (engine / limiter), and
# cost_per_touch_us_<size> of that store for each size (equal figures = cost linear in audience size).
#
# The campaign is bench/campaigns/bench-everyone.yaml: one step on [wechat, sms] to every customer who opted in to
# either, no holdout, no goal, so nearly the whole audience (about three quarters of the simulated customers) takes the full path
# including a Redis reservation and a send; a shipped campaign would rule most customers out early (pool, recency)
# and measure the audience query more than the engine. Quiet hours are off and the channels' send-rate limits removed,
# so the figure does not depend on the hour of day or on the configured provider rates; the shipped caps apply
# (each customer is new to the limiter: every reservation is granted).
#
# Services: tests/services.sh, run through a link in the work folder on free ports, so its PID files are this run's own:
# a concurrent tests/run.sh neither stops our servers mid-run nor has its own stopped by us. PostgreSQL is that
# script's private cluster (fsync=off). The dispatch settings are the configured ones (Engine:Dispatch, default 2
# workers x 500 touches); export Engine__Dispatch__Workers=... etc. to try others. Everything lives in a temporary
# folder, removed at the end. The machine may be shared: engine and limiter figures come from the same run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=${BENCH_SIZES:-100000 1000000}
stores=${BENCH_STORES:-sqlite postgres}
seed=${BENCH_SEED:-42}
repeats=${LIMITER_BENCH_REPEATS:-3}
largest=$(printf '%s\n' $sizes | sort -n | tail -n 1)
work=$(mktemp -d)
ws="$work/ws"
mkdir -p "$ws/campaigns" "$ws/config" "$ws/data" "$work/svc/tests"

log() { echo "[bench] $*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

ln -s "$root/tests/services.sh" "$work/svc/tests/services.sh"
services="$work/svc/tests/services.sh"
stop() {
  "$services" stop || true
  rm -rf "$work"
}
trap stop EXIT

command -v /usr/bin/time >/dev/null || {
  log "installing GNU time (apt-get)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
}

export OUTREACH_TEST_REDIS_PORT=${BENCH_REDIS_PORT:-$(free_port)}
export OUTREACH_TEST_PG_PORT=${BENCH_PG_PORT:-$(free_port)}
export OUTREACH_TEST_SMTP_PORT=$(free_port)
"$services" install
eval "$("$services" start)"
redis="$OUTREACH_TEST_REDIS"
pg_port=$OUTREACH_TEST_PG_PORT

log "building (Release)..."
dotnet build "$root/src/Outreach.Cli" -c Release -v q -nologo >&2
dotnet build "$root/bench/Outreach.Bench.Limiter" -c Release -v q -nologo >&2
outreach="$root/src/Outreach.Cli/bin/Release/net10.0/outreach.dll"

cp "$root"/config/*.json "$ws/config/"
cp "$root/bench/campaigns/bench-everyone.yaml" "$ws/campaigns/"
(cd "$ws" && dotnet "$outreach" validate campaigns >&2)

# The limiter alone, first, on the empty Redis (it flushes the database between its repeats).
log "limiter-only benchmark: $largest customers, median of $repeats"
dotnet "$root/bench/Outreach.Bench.Limiter/bin/Release/net10.0/Outreach.Bench.Limiter.dll" "$redis" "$largest" "$repeats" |
  tee "$work/limiter.out" >&2
limiter=$(sed -n 's/^limiter_per_s=//p' "$work/limiter.out")
redis-cli -h 127.0.0.1 -p "$OUTREACH_TEST_REDIS_PORT" FLUSHALL >/dev/null

export Limits__Redis="$redis"
export Limits__QuietHours__Enabled=false
# No send-rate limits: the work folder's copy of config/ loses Channels:RateLimits (a channel left out is not limited).
# Lifting them to a huge rate instead would still ask the shared bucket in Redis once per message.
python3 - "$ws/config/channels.json" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path, encoding="utf-8"))
config.get("Channels", {}).pop("RateLimits", None)
json.dump(config, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
export Channels__Outbox__Path="$ws/data/outbox.jsonl"

# The store for one (store, size): the customers are simulated once into a source copy; every repeat runs on a fresh
# copy of it (a file copy; CREATE DATABASE ... TEMPLATE) and a fresh limiter key prefix, so repeats do not see each other.
simulate_into() {
  local store=$1 size=$2
  if [ "$store" = sqlite ]; then
    unset Storage__PostgresConnectionString
    export Storage__Provider=sqlite Storage__SqlitePath="$ws/data/src-$size.db"
  else
    psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE bench_src_$size" >/dev/null
    export Storage__Provider=postgres Storage__PostgresConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench_src_$size"
  fi
  (cd "$ws" && dotnet "$outreach" simulate --customers "$size" --seed "$seed" >/dev/null 2>"$work/simulate.err") ||
    { cat "$work/simulate.err" >&2; exit 1; }
}
use_copy() {
  local store=$1 size=$2 repeat=$3
  export Limits__KeyPrefix="bench:$store:$size:$repeat"
  if [ "$store" = sqlite ]; then
    rm -f "$ws/data/run.db"*
    for file in "$ws/data/src-$size.db"*; do cp "$file" "$ws/data/run.db${file#"$ws/data/src-$size.db"}"; done
    export Storage__SqlitePath="$ws/data/run.db"
  else
    psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "DROP DATABASE IF EXISTS bench_run" \
      -c "CREATE DATABASE bench_run TEMPLATE bench_src_$size" >/dev/null
    export Storage__PostgresConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench_run"
  fi
}
drop_source() {
  local store=$1 size=$2
  if [ "$store" = sqlite ]; then rm -f "$ws/data/src-$size.db"* "$ws/data/run.db"*
  else psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "DROP DATABASE bench_run" -c "DROP DATABASE bench_src_$size" >/dev/null
  fi
}

# The counter of one row ("audience", "sent") of the counters table `outreach run` prints last.
counter() { grep -E "[│|] *$2 *[│|]" "$1" | tail -n 1 | sed -E 's/.*[│|] *[^│|]+ *[│|] *([0-9,. ]+) *[│|].*/\1/' | tr -dc 0-9; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
load() { cut -d' ' -f1 /proc/loadavg; }
# CPU ticks of a process and the children it has waited for, plus its live children (PostgreSQL's backends).
ticks() {
  local pid=$1 total
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat")
  for child in $(ps --ppid "$pid" -o pid= 2>/dev/null); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
server_ticks() { echo "$(ticks "$(cat "$work/svc/.test-services/redis.pid")") $(ticks "$(cat "$work/svc/.test-services/postgres.pid")")"; }
hz=$(getconf CLK_TCK)

results="$work/results"
: >"$results"
for size in $sizes; do
  # Repeats where affordable: the median of 3 below 1,000,000 customers, one run from there (BENCH_REPEATS overrides).
  runs=${BENCH_REPEATS:-$([ "$size" -lt 1000000 ] && echo 3 || echo 1)}
  label="$([ $((size % 1000000)) -eq 0 ] && echo "$((size / 1000000))m" || echo "$((size / 1000))k")"
  for store in $stores; do
    log "$store, $size customers: simulate (load $(load))"
    start=$(now)
    simulate_into "$store" "$size"
    log "$store, $size customers: simulated in $(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"
    : >"$work/repeats"
    for repeat in $(seq 1 "$runs"); do
      use_copy "$store" "$size" "$repeat"
      log "$store, $size customers: run $repeat of $runs (load $(load))"
      # Progress lines (every tenth of the audience: planned, decided) get a timestamp, to see which phase takes the time.
      read -r redis_before pg_before < <(server_ticks)
      start=$(now)
      (cd "$ws" && /usr/bin/time -v -o "$work/time.txt" dotnet "$outreach" run bench-everyone --run-id "bench-$size-$repeat" \
        >"$work/run.out" 2> >(while IFS= read -r line; do
          printf '[bench]   +%6.1fs %s\n' "$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')" "$line"
        done >&2)) || { cat "$work/run.out" >&2; exit 1; }
      end=$(now)
      read -r redis_after pg_after < <(server_ticks)
      redis_cpu=$(awk -v t=$((redis_after - redis_before)) -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }')
      pg_cpu=$(awk -v t=$((pg_after - pg_before)) -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }')
      sleep 0.2 # let the progress lines through before the table
      sed -n '/┌/,$p' "$work/run.out" >&2

      audience=$(counter "$work/run.out" audience)
      sent=$(counter "$work/run.out" sent)
      seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
      rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time.txt")
      cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$work/time.txt")
      echo "$audience $sent $seconds $rss_kb $cpu $redis_cpu $pg_cpu" >>"$work/repeats"
      log "$store, $size customers, run $repeat: audience $audience, sent $sent in $seconds s" \
          "($(awk -v a="${audience:-0}" -v t="$seconds" 'BEGIN { printf "%.0f", a / t }') touches/s)," \
          "peak RSS $((rss_kb / 1024)) MB, CPU s: outreach $cpu, redis $redis_cpu, postgres $pg_cpu (load $(load))"
      rm -f "$ws/data/outbox.jsonl"
    done
    drop_source "$store" "$size"
    # Medians over the repeats, each figure on its own.
    audience=$(cut -d' ' -f1 "$work/repeats" | median)
    sent=$(cut -d' ' -f2 "$work/repeats" | median)
    seconds=$(cut -d' ' -f3 "$work/repeats" | median)
    rss_kb=$(cut -d' ' -f4 "$work/repeats" | median)
    cpu=$(cut -d' ' -f5 "$work/repeats" | median)
    redis_cpu=$(cut -d' ' -f6 "$work/repeats" | median)
    pg_cpu=$(cut -d' ' -f7 "$work/repeats" | median)
    awk -v label="${store}_$label" -v size="$size" -v store="$store" -v a="$audience" -v s="$sent" -v t="$seconds" -v rss="$rss_kb" -v cpu="$cpu" -v rcpu="$redis_cpu" -v pcpu="$pg_cpu" 'BEGIN {
      printf "%s %s %s %d %d %.2f %.0f %.0f %.0f %.1f %.1f %.1f %.1f\n", store, size, label, a, s, t, a / t, s / t, rss / 1024, t * 1e6 / a, cpu, rcpu, pcpu }' >>"$results"
  done
done

# results: store size label audience sent seconds touches_per_s sent_per_s peak_rss_mb cost_per_touch_us cpu_s redis_cpu_s postgres_cpu_s
while read -r store size label audience sent seconds touches sent_rate rss cost cpu rcpu pcpu; do
  echo "${label}_audience=$audience"
  echo "${label}_seconds=$seconds"
  echo "${label}_touches_per_s=$touches"
  echo "${label}_sent_per_s=$sent_rate"
  echo "${label}_peak_rss_mb=$rss"
  echo "${label}_cpu_s=$cpu"
  echo "${label}_redis_cpu_s=$rcpu"
  echo "${label}_postgres_cpu_s=$pcpu"
done <"$results"
echo "limiter_per_s=$limiter"
read -r slow_store _ _ _ _ _ slow_touches _ slow_rss _ _ _ _ < <(awk -v n="$largest" '$2 == n' "$results" | sort -k7,7n | head -n 1)
echo "slower_store=$slow_store"
echo "touches_per_s=$slow_touches"
echo "peak_rss_mb=$slow_rss"
echo "ratio=$(awk -v a="$slow_touches" -v b="$limiter" 'BEGIN { printf "%.2f", a / b }')"
awk -v store="$slow_store" '$1 == store { sub(/^[a-z]+_/, "", $3); print "cost_per_touch_us_" $3 "=" $10 }' "$results"
