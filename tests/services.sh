#!/usr/bin/env bash
# (Debian's python3-aiosmtpd lives in /usr/bin/python3, which a pyenv python3 on PATH would hide.)
# Starts (or stops) the real servers the tests use, on 127.0.0.1 only:
#   Redis 6390, PostgreSQL 5499 (a private cluster in a temporary folder), SMTP sink 2525 (aiosmtpd, Maildir).
# A server already answering on its port is used as it is and left alone; what this script starts it
# records by PID in .test-services/ and stops by that PID (never by name).
#
#   tests/services.sh install   install what is missing (Debian packages; needs root)
#   tests/services.sh start     start what is not running, print the environment the tests read
#   tests/services.sh stop      stop what start started
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.test-services"
REDIS_PORT=${OUTREACH_TEST_REDIS_PORT:-6390}
PG_PORT=${OUTREACH_TEST_PG_PORT:-5499}
SMTP_PORT=${OUTREACH_TEST_SMTP_PORT:-2525}

log() { echo "[services] $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 100); do port_open "$port" && return 0; sleep 0.2; done
  log "$name did not start listening on 127.0.0.1:$port"; return 1
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server redis-tools)
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  # The dashboard's browser tests drive Debian's Chromium (Playwright never downloads a browser of its own here).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # ...and its screenshots need a Chinese font, or the labels show as empty boxes.
  [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]} - install them (sudo apt-get install ${missing[*]}) or run as root"
    exit 1
  fi
  log "installing ${missing[*]} (apt-get)..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  mkdir -p "$state"
  if port_open "$REDIS_PORT"; then
    log "redis: already listening on $REDIS_PORT, using it"
  else
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
      --daemonize yes --pidfile "$state/redis.pid" --logfile "$state/redis.log"
    wait_port "$REDIS_PORT" redis
    log "redis: started on $REDIS_PORT (pid $(cat "$state/redis.pid"))"
  fi

  if port_open "$PG_PORT"; then
    log "postgres: already listening on $PG_PORT, using it"
  else
    local bin data
    bin=$(pg_bin)
    data=$(mktemp -d /tmp/outreach-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$state/postgres-init.log" 2>&1
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $data -c fsync=off -c max_connections=200" start >/dev/null
    head -n 1 "$data/postmaster.pid" >"$state/postgres.pid"
    echo "$data" >"$state/postgres.data"
    log "postgres: started on $PG_PORT (pid $(cat "$state/postgres.pid"), data $data)"
  fi

  maildir=$state/maildir
  if port_open "$SMTP_PORT"; then
    # Another checkout's sink: its messages land in its own Maildir, which tests must read. Find it from the
    # listening process's command line (the last argument of `python3 -m aiosmtpd ... Mailbox <maildir>`).
    local pid; pid=$(ss -ltnpH "sport = :$SMTP_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
    if [ -n "$pid" ] && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -q aiosmtpd; then
      maildir=$(tr '\0' '\n' <"/proc/$pid/cmdline" | tail -n 1)
    fi
    log "smtp: already listening on $SMTP_PORT, using it (maildir $maildir)"
  else
    # The Maildir's own folders too: Python's mailbox.Maildir creates them only when the folder itself is new.
    mkdir -p "$state/maildir/cur" "$state/maildir/new" "$state/maildir/tmp"
    nohup /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$state/maildir" \
      >"$state/smtp.log" 2>&1 &
    echo $! >"$state/smtp.pid"
    wait_port "$SMTP_PORT" smtp
    log "smtp: started on $SMTP_PORT (pid $(cat "$state/smtp.pid"), maildir $state/maildir)"
  fi

  cat <<ENV
export OUTREACH_TEST_REDIS=127.0.0.1:$REDIS_PORT
export OUTREACH_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres'
export OUTREACH_TEST_SMTP=127.0.0.1:$SMTP_PORT
export OUTREACH_TEST_MAILDIR=$maildir
ENV
}

stop_pid() {
  local file=$1 name=$2
  [ -f "$file" ] || return 0
  local pid; pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "$name: stopped (pid $pid)"
  fi
  rm -f "$file"
}

stop() {
  stop_pid "$state/smtp.pid" smtp
  stop_pid "$state/redis.pid" redis
  stop_pid "$state/postgres.pid" postgres
  if [ -f "$state/postgres.data" ]; then rm -rf "$(cat "$state/postgres.data")"; rm -f "$state/postgres.data"; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
