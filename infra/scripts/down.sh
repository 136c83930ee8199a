#!/usr/bin/env bash
# Stop the registry and Kafka (PostgreSQL is a system service and stays up).
# Idempotent: stopping what is not running just says so.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Registry first: nothing depends on it, and Kafka's controlled shutdown takes longest.
"$SCRIPTS/registry.sh" stop
"$SCRIPTS/kafka.sh" stop
