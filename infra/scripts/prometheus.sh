#!/usr/bin/env bash
# Makes sure Debian's Prometheus (the `prometheus` package: /usr/bin/prometheus and /usr/bin/promtool) is
# installed, for test/integration/prometheus.int.test.ts. The test runs its own Prometheus on a free port
# with a temporary config and data directory, so the system service the package ships must not run: it would
# hold :9090 and scrape nothing of ours. Idempotent; does nothing when both binaries are there.
#   prometheus.sh          install if missing, then stop a package-started service
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROMETHEUS_BIN=/usr/bin/prometheus
PROMTOOL_BIN=/usr/bin/promtool

installed() { [[ -x "$PROMETHEUS_BIN" && -x "$PROMTOOL_BIN" ]]; }

# The package's postinst may start prometheus (and, if recommends were installed, node-exporter) through
# its init script when a service manager allows it. Stop them so their ports stay free.
stop_package_services() {
  local svc
  for svc in prometheus prometheus-node-exporter; do
    if [[ -x "/etc/init.d/$svc" ]] && "/etc/init.d/$svc" status >/dev/null 2>&1; then
      say "[prometheus] stopping the $svc service the package started (the tests run their own)"
      "/etc/init.d/$svc" stop >/dev/null 2>&1 || warn "could not stop $svc; check: /etc/init.d/$svc status"
    fi
  done
}

if installed; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
  die "Prometheus is not installed ($PROMETHEUS_BIN) and apt-get is not available to install it" \
      "install Prometheus 2.x so that $PROMETHEUS_BIN and $PROMTOOL_BIN exist"
[[ "$(id -u)" == 0 ]] ||
  die "Prometheus is not installed ($PROMETHEUS_BIN) and installing it needs root" \
      "sudo apt-get install -y --no-install-recommends prometheus"

say "[prometheus] installing Debian's prometheus package (apt-get, no recommends: no node-exporter)…"
# Another apt run (e.g. the chromium install) may hold the dpkg lock for a while: wait for it.
if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends prometheus >/tmp/vigil-prometheus-apt.log 2>&1; then
  # The package lists may be missing on a fresh machine; refresh them once and retry.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update >>/tmp/vigil-prometheus-apt.log 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends prometheus >>/tmp/vigil-prometheus-apt.log 2>&1 ||
    { tail -n 20 /tmp/vigil-prometheus-apt.log >&2; die "apt-get could not install prometheus (log: /tmp/vigil-prometheus-apt.log)" "sudo apt-get install -y --no-install-recommends prometheus"; }
fi
installed || die "the prometheus package installed, but $PROMETHEUS_BIN or $PROMTOOL_BIN is missing" "dpkg -L prometheus | grep bin/"
stop_package_services
say "[prometheus] $("$PROMETHEUS_BIN" --version 2>&1 | head -n1)"
