#!/usr/bin/env bash
# One line per component; exit status 1 if any of them is down.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=0
"$SCRIPTS/kafka.sh" status || rc=1
"$SCRIPTS/registry.sh" status || rc=1
"$SCRIPTS/postgres.sh" status || rc=1
exit "$rc"
