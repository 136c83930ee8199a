#!/usr/bin/env bash
# Local single-node Kafka in KRaft mode, from the jars fetched into the cache.
#   kafka.sh start    format storage if needed, launch the broker in the background
#   kafka.sh wait     block until the broker answers a metadata request (INFRA_TIMEOUT)
#   kafka.sh stop     SIGTERM, then SIGKILL after STOP_TIMEOUT; idempotent
#   kafka.sh status   one line; exit 1 if down
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NAME=kafka
CONFIG="$KAFKA_DIR/server.properties" # absolute path: also our marker in the broker's cmdline
LOG_DIR="$KAFKA_DIR/data"
LOGS="$KAFKA_DIR/logs"
OUT="$LOGS/kafka.out"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"

# Command-line tools start a JVM each; keep them small and quick to boot.
kafka_tool() {
  "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.level=WARN -cp "$KAFKA_LIBS/*" "$@"
}

# StorageTool moved from core (Scala) to the tools module across 4.x releases.
storage_tool() {
  local out
  if out="$(kafka_tool kafka.tools.StorageTool "$@" 2>&1)"; then printf '%s\n' "$out"; return 0; fi
  if grep -q 'Could not find or load main class' <<<"$out"; then
    kafka_tool org.apache.kafka.tools.StorageTool "$@"
  else
    printf '%s\n' "$out" >&2
    return 1
  fi
}

# A real metadata round trip, not just an open port.
metadata_ok() {
  port_open "$KAFKA_PORT" &&
    timeout 30 "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j2.level=ERROR -cp "$KAFKA_LIBS/*" \
      org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list \
      --command-config "$KAFKA_DIR/admin.properties" >/dev/null 2>&1
}

render_config() {
  mkdir -p "$LOG_DIR" "$LOGS" "$RUN_DIR"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_LOG_DIRS@|$LOG_DIR|g" \
      "$ROOT/infra/kafka/server.properties" >"$CONFIG"
  # Short timeouts so a health probe against a dead broker fails fast instead of hanging.
  printf '%s\n' 'request.timeout.ms=5000' 'default.api.timeout.ms=8000' >"$KAFKA_DIR/admin.properties"
  # Kafka 4 logs through log4j2; its POM brings no config, so write one: INFO to a
  # size-capped rolling file, noisy request logging off.
  cat >"$KAFKA_DIR/log4j2.properties" <<EOF
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $LOGS/server.log
appender.file.filePattern = $LOGS/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
EOF
}

format_storage() {
  if [[ -f "$LOG_DIR/meta.properties" ]]; then
    local was
    was="$(cat "$KAFKA_DIR/formatted-by" 2>/dev/null || echo unknown)"
    [[ "$was" == "$KAFKA_VERSION" ]] ||
      warn "[kafka] data in $LOG_DIR was formatted by Kafka $was, starting $KAFKA_VERSION. An older broker cannot read newer metadata; if it fails: make down && rm -rf $KAFKA_DIR"
    return 0
  fi
  [[ -s "$KAFKA_DIR/cluster.id" ]] || storage_tool random-uuid | tail -n1 >"$KAFKA_DIR/cluster.id"
  say "[kafka] formatting storage in ${LOG_DIR#"$ROOT"/} (cluster id $(<"$KAFKA_DIR/cluster.id"))…"
  storage_tool format -t "$(<"$KAFKA_DIR/cluster.id")" -c "$CONFIG" --ignore-formatted >"$LOGS/format.log" ||
    die "[kafka] formatting the storage failed (see above)." "rm -rf $KAFKA_DIR and run make up again"
  printf '%s\n' "$KAFKA_VERSION" >"$KAFKA_DIR/formatted-by"
}

# A broker that crashed leaves log.dirs/.lock behind. The OS lock died with it, but
# a still-running broker (one we lost track of) would hold it: tell the two apart.
handle_lock() {
  local lock="$LOG_DIR/.lock" holders
  [[ -e "$lock" ]] || return 0
  holders="$(fuser "$lock" 2>/dev/null | tr -s ' ' || true)"
  if [[ -n "${holders// /}" ]]; then
    die "[kafka] $lock is held by pid(s)$holders, which is not the broker in our pid file." \
        "stop that process (kill$holders), or use another data dir: VIGIL_DATA_DIR=<dir> make up"
  fi
  say "[kafka] removing stale lock $lock left by a broker that did not shut down cleanly (log recovery will run)"
  rm -f "$lock"
}

start() {
  require_java
  [[ -f "$KAFKA_LIBS/.complete" ]] ||
    die "[kafka] Kafka $KAFKA_VERSION jars are not in $KAFKA_LIBS." "make infra-fetch"
  local pid orphan
  if pid="$(running_pid "$NAME" "$CONFIG")"; then
    say "[kafka] already running (pid $pid, port $KAFKA_PORT)"
    return 0
  fi
  orphan="$(java_pids_with "$CONFIG" | head -n1)"
  if [[ -n "$orphan" ]]; then
    say "[kafka] found our broker running as pid $orphan without a pid file; adopting it"
    mkdir -p "$RUN_DIR" && printf '%s\n' "$orphan" >"$(pid_file "$NAME")"
    return 0
  fi
  require_free_port "$NAME" "$KAFKA_PORT" KAFKA_PORT
  require_free_port "$NAME" "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
  render_config
  handle_lock
  format_storage
  say "[kafka] starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT)…"
  # setsid: own session, so Ctrl-C in the terminal that ran make does not reach it.
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of flags
  setsid nohup "$JAVA" $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -Dkafka.logs.dir="$LOGS" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$CONFIG" >"$OUT" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$(pid_file "$NAME")"
  printf '%s\n' "$KAFKA_VERSION" >"$RUN_DIR/$NAME.version"
}

wait_ready() {
  local pid rc=0 t0=$SECONDS
  pid="$(running_pid "$NAME" "$CONFIG")" || {
    show_log_tail "$OUT"; show_log_tail "$LOGS/server.log"
    die "[kafka] the broker is not running (it exited right after start)." "read the log above; logs in $LOGS"
  }
  say "[kafka] waiting for a metadata response on 127.0.0.1:$KAFKA_PORT (timeout ${INFRA_TIMEOUT}s)…"
  wait_healthy "$NAME" "$pid" metadata_ok || rc=$?
  case $rc in
    0) say "[kafka] ready in $((SECONDS - t0))s (pid $pid)" ;;
    2) rm -f "$(pid_file "$NAME")"
       show_log_tail "$OUT"; show_log_tail "$LOGS/server.log"
       die "[kafka] the broker exited during startup." "read the log above; full logs in $LOGS" ;;
    *) show_log_tail "$LOGS/server.log"
       die "[kafka] no metadata response within ${INFRA_TIMEOUT}s (pid $pid still running)." \
           "check $LOGS/server.log; raise INFRA_TIMEOUT on a slow machine" ;;
  esac
}

stop() { stop_component "$NAME" "$CONFIG"; }

status() { java_status "$NAME" "$CONFIG" "$KAFKA_PORT" "$KAFKA_VERSION" metadata_ok "process alive, no metadata response"; }

case "${1:-}" in
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|wait|stop|status" ;;
esac
