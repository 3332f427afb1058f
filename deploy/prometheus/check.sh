#!/usr/bin/env bash
# Checks the Prometheus configuration, rules and rule unit tests with promtool (Debian: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")"
command -v promtool >/dev/null || { echo "promtool not found (apt-get install -y prometheus)" >&2; exit 1; }
promtool check config prometheus.yml
promtool check config prometheus-local.yml
promtool check rules rules/*.yml
promtool test rules tests/*.test.yml
