#!/usr/bin/env bash
# Stop the registry and Kafka, and the embedded PostgreSQL if `make up` had to start one.
# Idempotent: stopping what is not running just says so.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Registry first: nothing depends on it, and Kafka's controlled shutdown takes longest.
"$SCRIPTS/registry.sh" stop
"$SCRIPTS/kafka.sh" stop
# Only an embedded PostgreSQL that `make up` started itself is stopped; a system server is left alone.
"$SCRIPTS/postgres.sh" stop
