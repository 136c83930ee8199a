#!/usr/bin/env bash
# Fetch (first time only), start Kafka and the registry side by side, then wait on
# real health checks for both and for PostgreSQL. Safe to run again: running
# components are left alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0=$SECONDS
require_java
"$SCRIPTS/fetch.sh" all
# Both JVMs boot in parallel; the waits below are where the time goes.
"$SCRIPTS/kafka.sh" start
"$SCRIPTS/registry.sh" start
"$SCRIPTS/kafka.sh" wait
"$SCRIPTS/registry.sh" wait
"$SCRIPTS/postgres.sh" wait
say "infra up in $((SECONDS - t0))s: kafka 127.0.0.1:$KAFKA_PORT, registry http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7, postgres $PGHOST:$PGPORT (logs in ${DATA_DIR#"$ROOT"/})"
