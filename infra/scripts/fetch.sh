#!/usr/bin/env bash
# Download Kafka jars and the Apicurio Registry distribution from Maven Central
# into $VIGIL_CACHE_DIR, once per version. A ".complete" marker is written only
# after a successful fetch, so an interrupted download is simply redone.
#
# The Maven local repository also lives in the cache ($VIGIL_CACHE_DIR/m2): the
# whole of .cache/ can be copied to a machine without network to pre-seed it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

M2_REPO="$CACHE_DIR/m2"
mkdir -p "$CACHE_DIR/logs"

require_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  die "Maven (mvn) not found; it is needed once to download Kafka and the registry." \
      "sudo apt-get install -y maven   (or pre-seed $CACHE_DIR from a machine that has it)"
}

# mvn_fetch WHAT POM LOG ARGS...: run Maven quietly; on failure explain why.
mvn_fetch() {
  local what="$1" pom="$2" log="$3"
  shift 3
  # -U: retry what an earlier offline attempt recorded as "not found" in the local repo.
  if mvn -B -q -U -f "$pom" -Dmaven.repo.local="$M2_REPO" -Dvigil.cache.dir="$CACHE_DIR" "$@" >"$log" 2>&1; then
    return 0
  fi
  # Any HTTP answer (even 404) means the network path works; 000 means it does not.
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 https://repo.maven.apache.org/maven2/ 2>/dev/null || true)"
  if [[ "${code:-000}" == 000 ]]; then
    die "cannot download $what: Maven Central (https://repo.maven.apache.org) is unreachable from this machine." \
        "restore network access (or a proxy/mirror in ~/.m2/settings.xml), or pre-seed the cache: copy $CACHE_DIR from a machine where 'make infra-fetch' worked. Details: $log"
  fi
  local missing
  missing="$(grep -oE '(Could not find artifact|was not found in|Failed to read artifact descriptor for) [^ ]+' "$log" | head -n1 || true)"
  if [[ -n "$missing" ]]; then
    die "cannot download $what: Maven Central does not have it ($missing)." \
        "pick a published version (KAFKA_VERSION / APICURIO_VERSION in infra/infra.mk). Details: $log"
  fi
  tail -n 20 "$log" >&2
  die "Maven failed to download $what (log: $log)." "read the log above; retry with 'make infra-fetch'"
}

fetch_kafka() {
  if [[ -f "$KAFKA_LIBS/.complete" ]]; then
    say "[fetch] Kafka $KAFKA_VERSION jars cached in ${KAFKA_LIBS#"$ROOT"/}"
    return 0
  fi
  require_maven
  say "[fetch] fetching Kafka $KAFKA_VERSION jars from Maven Central (~45 MB)…"
  local t0=$SECONDS
  rm -rf "$KAFKA_LIBS" # never mix jars of two attempts or versions
  mvn_fetch "Kafka $KAFKA_VERSION" "$ROOT/infra/kafka/pom.xml" "$CACHE_DIR/logs/fetch-kafka.log" \
    dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION"
  ls "$KAFKA_LIBS"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 ||
    die "Maven finished but $KAFKA_LIBS has no kafka_2.13-$KAFKA_VERSION.jar." "rm -rf $KAFKA_LIBS and retry"
  touch "$KAFKA_LIBS/.complete"
  say "[fetch] Kafka $KAFKA_VERSION: $(ls "$KAFKA_LIBS" | wc -l) jars in $((SECONDS - t0))s"
}

fetch_registry() {
  if [[ -f "$REGISTRY_HOME/.complete" ]]; then
    say "[fetch] Apicurio Registry $APICURIO_VERSION cached in ${REGISTRY_HOME#"$ROOT"/}"
    return 0
  fi
  require_maven
  say "[fetch] fetching Apicurio Registry $APICURIO_VERSION from Maven Central (~110-160 MB)…"
  local t0=$SECONDS
  rm -rf "$REGISTRY_HOME" "$CACHE_DIR/build/registry" # the plugin's markers would skip a re-unpack
  mvn_fetch "Apicurio Registry $APICURIO_VERSION" "$ROOT/infra/registry/pom.xml" "$CACHE_DIR/logs/fetch-registry.log" \
    dependency:unpack -Dapicurio.version="$APICURIO_VERSION"
  [[ -f "$REGISTRY_HOME/quarkus-run.jar" ]] || compgen -G "$REGISTRY_HOME/*-runner.jar" >/dev/null ||
    die "unpacked Apicurio $APICURIO_VERSION but found no quarkus-run.jar or *-runner.jar in $REGISTRY_HOME." \
        "inspect the tarball layout; rm -rf $REGISTRY_HOME and retry"
  touch "$REGISTRY_HOME/.complete"
  say "[fetch] Apicurio Registry $APICURIO_VERSION unpacked in $((SECONDS - t0))s"
}

case "${1:-all}" in
  kafka) fetch_kafka ;;
  registry) fetch_registry ;;
  all) fetch_kafka; fetch_registry ;;
  *) die "usage: $0 [kafka|registry|all]" ;;
esac
