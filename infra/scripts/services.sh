#!/usr/bin/env bash
# Runs the six Vigil stages as separate background processes (one consumer group each), with pid files
# in $VIGIL_DATA_DIR/run and logs in $VIGIL_DATA_DIR/services. Each is up when its /readyz answers 200.
#   services.sh start | stop | status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STAGES=(ingest enrich classify route review writeback)
declare -A PORTS=([ingest]=8101 [enrich]=8102 [classify]=8103 [route]=8104 [review]=8105 [writeback]=8106)
LOG_DIR="$DATA_DIR/services"
TSX="$ROOT/node_modules/.bin/tsx"

ready() { curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; }

start_one() {
  local stage="$1" port="${PORTS[$1]}" pid
  if pid="$(running_pid "$stage" "services/$stage/main.ts")"; then
    say "[$stage] already running (pid $pid, http://127.0.0.1:$port)"
    return 0
  fi
  require_free_port "$stage" "$port" "HTTP_PORT"
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  # Started directly (not inside an AND-list) so $! is the service itself, and detached from our stdio.
  cd "$ROOT"
  HTTP_PORT="$port" nohup "$TSX" "services/$stage/main.ts" >>"$LOG_DIR/$stage.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$stage")"
  say "[$stage] starting (pid $(<"$(pid_file "$stage")"), log ${LOG_DIR#"$ROOT"/}/$stage.log)"
}

wait_one() {
  local stage="$1" port="${PORTS[$1]}" pid
  pid="$(<"$(pid_file "$stage")")"
  if ! wait_healthy "$stage" "$pid" ready "$port"; then
    show_log_tail "$LOG_DIR/$stage.log"
    die "[$stage] did not become ready on http://127.0.0.1:$port/readyz" "read ${LOG_DIR#"$ROOT"/}/$stage.log; is 'make up' done?"
  fi
  say "[$stage] ready: http://127.0.0.1:$port (metrics, healthz, readyz)"
}

case "${1:-}" in
  start)
    [[ -x "$TSX" ]] || die "node_modules is missing" "run: npm ci"
    for s in "${STAGES[@]}"; do start_one "$s"; done
    for s in "${STAGES[@]}"; do wait_one "$s"; done
    ;;
  stop)
    for s in "${STAGES[@]}"; do
      if pid="$(running_pid "$s" "services/$s/main.ts" 2>/dev/null)"; then stop_pid "$s" "$pid"; fi
    done
    ;;
  status)
    rc=0
    for s in "${STAGES[@]}"; do
      if pid="$(running_pid "$s" "services/$s/main.ts" 2>/dev/null)" && ready "${PORTS[$s]}"; then
        printf '%-9s %-9s pid %-8s port %s\n' "$s" up "$pid" "${PORTS[$s]}"
      else
        printf '%-9s %-9s pid %-8s port %s\n' "$s" down - "${PORTS[$s]}"; rc=1
      fi
    done
    exit $rc
    ;;
  *) die "usage: $0 start|stop|status" ;;
esac
