#!/usr/bin/env bash
# Local Apicurio Registry (unmodified Quarkus app from Maven Central), in-memory
# storage, serving the Confluent-compatible API at
#   http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7
# In-memory means schemas are gone after a restart; `make provision` re-registers them.
#   registry.sh start | wait | stop | status   (same contract as kafka.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NAME=registry
LOGS="$REGISTRY_DIR/logs"
OUT="$LOGS/registry.out"
HEAP_OPTS="${REGISTRY_HEAP_OPTS:--Xms128m -Xmx512m}"
CCOMPAT="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7"
# Our process is recognised by its tmpdir flag: tied to this data dir, not to a version.
MARKER="-Djava.io.tmpdir=$REGISTRY_DIR/tmp"

# The launcher differs by release: 3.0.9 ships a legacy "*-runner.jar", 3.3.x a fast-jar.
app_jar() {
  local j
  for j in "$REGISTRY_HOME/quarkus-run.jar" "$REGISTRY_HOME"/*-runner.jar; do
    [[ -f "$j" ]] && { printf '%s\n' "$j"; return 0; }
  done
  return 1
}

# Readiness = the ccompat API itself answers (it reads storage), on any release.
ccompat_ok() { curl -fsS --max-time 3 -o /dev/null "$CCOMPAT/subjects"; }

start() {
  require_java
  local jar pid orphan
  [[ -f "$REGISTRY_HOME/.complete" ]] && jar="$(app_jar)" ||
    die "[registry] Apicurio Registry $APICURIO_VERSION is not in $REGISTRY_HOME." "make infra-fetch"
  if pid="$(running_pid "$NAME" "$MARKER")"; then
    say "[registry] already running (pid $pid, port $REGISTRY_PORT)"
    return 0
  fi
  orphan="$(java_pids_with "$MARKER" | head -n1)"
  if [[ -n "$orphan" ]]; then
    say "[registry] found our registry running as pid $orphan without a pid file; adopting it"
    mkdir -p "$RUN_DIR" && printf '%s\n' "$orphan" >"$(pid_file "$NAME")"
    return 0
  fi
  require_free_port "$NAME" "$REGISTRY_PORT" REGISTRY_PORT
  mkdir -p "$LOGS" "$RUN_DIR" "$REGISTRY_DIR/tmp"
  say "[registry] starting Apicurio Registry $APICURIO_VERSION on 127.0.0.1:$REGISTRY_PORT…"
  # Flags, and why:
  #  quarkus.http.host / management.host  loopback only (Quarkus prod default is 0.0.0.0);
  #                                       3.3.x also opens a management port (health).
  #  quarkus.oidc.tenant-enabled=false    no authentication (also the shipped default).
  #  apicurio.ccompat.use-canonical-hash  a schema re-sent with different whitespace or key
  #                                       order maps to the existing id, as Confluent does.
  #  apicurio.ccompat.legacy-id-mode.enabled=false (default, stated for clarity): ccompat
  #                                       ids are content ids, so one schema has one id
  #                                       across subjects, as Confluent clients expect.
  #  apicurio.rules.global.compatibility  BACKWARD enforced even for subjects without their
  #                                       own config (ccompat GET /config still says NONE).
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of flags
  setsid nohup "$JAVA" $HEAP_OPTS -XX:+UseG1GC "$MARKER" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
    -Dquarkus.oidc.tenant-enabled=false \
    -Dapicurio.ccompat.use-canonical-hash=true \
    -Dapicurio.ccompat.legacy-id-mode.enabled=false \
    -Dapicurio.rules.global.compatibility=BACKWARD \
    -jar "$jar" >"$OUT" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$(pid_file "$NAME")"
  printf '%s\n' "$APICURIO_VERSION" >"$RUN_DIR/$NAME.version"
}

explain_exit() {
  show_log_tail "$OUT"
  if grep -q 'UnsupportedClassVersionError' "$OUT" 2>/dev/null; then
    die "[registry] Apicurio $APICURIO_VERSION needs a newer Java than $("$JAVA" -version 2>&1 | head -n1)." \
        "use APICURIO_VERSION=3.0.9 (Java 17), or point JAVA_HOME at a Java 21 runtime"
  fi
  die "[registry] the registry exited during startup." "read the log above ($OUT)"
}

wait_ready() {
  local pid rc=0 t0=$SECONDS
  pid="$(running_pid "$NAME" "$MARKER")" || explain_exit
  say "[registry] waiting for $CCOMPAT/subjects (timeout ${INFRA_TIMEOUT}s)…"
  wait_healthy "$NAME" "$pid" ccompat_ok || rc=$?
  case $rc in
    0) say "[registry] ready in $((SECONDS - t0))s (pid $pid)" ;;
    2) rm -f "$(pid_file "$NAME")"; explain_exit ;;
    *) show_log_tail "$OUT"
       die "[registry] $CCOMPAT/subjects did not answer 200 within ${INFRA_TIMEOUT}s (pid $pid still running)." \
           "check $OUT; raise INFRA_TIMEOUT on a slow machine" ;;
  esac
}

stop() { stop_component "$NAME" "$MARKER"; }

status() { java_status "$NAME" "$MARKER" "$REGISTRY_PORT" "$APICURIO_VERSION" ccompat_ok "process alive, ccompat API not answering"; }

case "${1:-}" in
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|wait|stop|status" ;;
esac
