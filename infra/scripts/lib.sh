# Shared settings and helpers for infra/scripts/*.sh. Sourced, not run.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPTS="$ROOT/infra/scripts"

# Relative dirs are taken from the repo root, so scripts work from any cwd.
abspath() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$ROOT/$1" ;; esac; }

# Every knob can come from the environment; infra/infra.mk exports the same names.
KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
APICURIO_VERSION="${APICURIO_VERSION:-3.0.9}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
REGISTRY_PORT="${REGISTRY_PORT:-18081}"
REGISTRY_MANAGEMENT_PORT="${REGISTRY_MANAGEMENT_PORT:-18082}" # Quarkus management port (Apicurio 3.3.x)
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
INFRA_TIMEOUT="${INFRA_TIMEOUT:-90}"   # seconds to wait for each component to become healthy
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"     # seconds between SIGTERM and SIGKILL
DATA_DIR="$(abspath "${VIGIL_DATA_DIR:-.data}")"
CACHE_DIR="$(abspath "${VIGIL_CACHE_DIR:-.cache}")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

KAFKA_LIBS="$CACHE_DIR/kafka/$KAFKA_VERSION/libs"
KAFKA_DIR="$DATA_DIR/kafka"
REGISTRY_HOME="$CACHE_DIR/registry/$APICURIO_VERSION"
REGISTRY_DIR="$DATA_DIR/registry"
RUN_DIR="$DATA_DIR/run"

say()  { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
# die "what went wrong" ["how to fix it"]
die() {
  printf 'error: %s\n' "$1" >&2
  [[ -n "${2:-}" ]] && printf '  fix: %s\n' "$2" >&2
  exit 1
}

require_java() {
  command -v "$JAVA" >/dev/null 2>&1 ||
    die "Java not found ($JAVA). Kafka and the schema registry need Java 17 or newer." \
        "sudo apt-get install -y openjdk-17-jre-headless   (or set JAVA_HOME)"
  local v major
  v="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
  major="${v%%.*}"
  [[ "$major" == 1 ]] && major="$(cut -d. -f2 <<<"$v")" # "1.8.0_392" style
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 17)) ||
    die "Java ${v:-of unknown version} found at $(command -v "$JAVA"); Kafka 4 and Apicurio 3 need Java 17 or newer." \
        "sudo apt-get install -y openjdk-17-jre-headless   (or point JAVA_HOME at a JDK 17+)"
}

# --- processes ---------------------------------------------------------------
pid_file() { printf '%s\n' "$RUN_DIR/$1.pid"; }

# running_pid NAME MARKER: print the pid from NAME's pid file if that process is alive
# and its command line contains MARKER (guards against pid reuse). A pid file that
# points at nothing is removed, loudly.
running_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(<"$f")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
     grep -qaF -- "$2" "/proc/$pid/cmdline" 2>/dev/null; then
    printf '%s\n' "$pid"
    return 0
  fi
  # stderr: callers capture stdout as the pid
  say "[$1] removing stale pid file $f (process ${pid:-?} is gone)" >&2
  rm -f "$f"
  return 1
}

# java_pids_with MARKER: java processes whose command line contains MARKER, i.e. ours
# even if the pid file was lost (crash of the script, rm -rf .data/run, ...).
java_pids_with() {
  local f pid
  for f in $(grep -laF -- "$1" /proc/[0-9]*/cmdline 2>/dev/null || true); do
    pid="${f#/proc/}"; pid="${pid%/cmdline}"
    [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */java ]] && printf '%s\n' "$pid"
  done
  return 0
}

# stop_pid NAME PID: SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL.
stop_pid() {
  local name="$1" pid="$2" deadline=$((SECONDS + STOP_TIMEOUT))
  say "[$name] stopping pid $pid (SIGTERM)…"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      warn "[$name] pid $pid still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$(pid_file "$name")"
  say "[$name] stopped"
}

# --- ports -------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port_owner() {
  local owner
  # ss prints users:(("java",pid=123,fd=4)); turn that into: java (pid 123)
  owner="$(ss -ltnpH "sport = :$1" 2>/dev/null |
    sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n1 || true)"
  printf '%s\n' "${owner:-an unknown process (run: sudo ss -ltnp 'sport = :$1')}"
}

# require_free_port NAME PORT VAR: fail naming the owner of PORT and the variable to change.
require_free_port() {
  port_open "$2" || return 0
  die "[$1] port $2 on 127.0.0.1 is already in use by $(port_owner "$2")." \
      "stop that process, or use another port: $3=<port> make up"
}

# --- waiting -----------------------------------------------------------------
# wait_healthy NAME PID CHECK...: poll CHECK every second until it succeeds.
# Returns 1 on timeout (INFRA_TIMEOUT), 2 if PID exits meanwhile.
wait_healthy() {
  local name="$1" pid="$2" deadline=$((SECONDS + INFRA_TIMEOUT))
  shift 2
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || return 2
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# show_log_tail FILE: the last lines of a log, to put the cause next to the error.
show_log_tail() {
  [[ -f "$1" ]] || return 0
  printf -- '--- last lines of %s ---\n' "$1" >&2
  grep -v '^[[:space:]]*at ' "$1" | tail -n 15 >&2 || true
  printf -- '---\n' >&2
}

# --- status --------------------------------------------------------------------
# java_status NAME MARKER PORT VERSION HEALTHCHECK UNHEALTHY_NOTE: one status line for a JVM component.
# A live process of ours whose pid file was lost is found too, so status never lies.
java_status() {
  local name="$1" marker="$2" port="$3" version="$4" check="$5" note="$6" pid
  version="$(cat "$RUN_DIR/$name.version" 2>/dev/null || echo "$version")"
  pid="$(running_pid "$name" "$marker" || java_pids_with "$marker" | head -n1)"
  if [[ -z "$pid" ]]; then
    printf '%-9s %-9s pid %-8s port %-6s version %s\n' "$name" down - "$port" "$version"
    return 1
  elif ! "$check"; then
    printf '%-9s %-9s pid %-8s port %-6s version %s  (%s)\n' "$name" unhealthy "$pid" "$port" "$version" "$note"
    return 1
  fi
  printf '%-9s %-9s pid %-8s port %-6s version %s\n' "$name" up "$pid" "$port" "$version"
}

# stop_component NAME MARKER: stop the process in NAME's pid file, then any of ours it lost track of.
stop_component() {
  local name="$1" marker="$2" pid orphan
  if pid="$(running_pid "$name" "$marker")"; then
    stop_pid "$name" "$pid"
  else
    say "[$name] not running"
  fi
  for orphan in $(java_pids_with "$marker"); do
    stop_pid "$name" "$orphan"
  done
}
