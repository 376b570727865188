#!/usr/bin/env bash
# What `make cluster` and `make test-cluster` run on: nginx and the PostgreSQL server binaries
# from Debian, installed when missing and we are root; otherwise says what to install. With
# --checkers also docker-compose (Debian's), which test-cluster uses to check
# docker-compose.yml without a Docker engine; the check is skipped when it cannot be installed.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v nginx >/dev/null || missing+=(nginx)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
optional=()
if [ "${1:-}" = --checkers ] && ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
  optional+=(docker-compose)
fi
if [ $((${#missing[@]} + ${#optional[@]})) -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} ${optional[*]} (apt-get install)"
  apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # Debian starts the packages' own services; the cluster and the tests run their own.
    if command -v systemctl >/dev/null; then systemctl disable --now nginx postgresql >/dev/null 2>&1 || true; fi
  fi
  if [ ${#optional[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${optional[@]}" >/dev/null || echo "Could not install ${optional[*]}; its check is skipped."
  fi
  exit 0
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing ${missing[*]}: install with sudo apt-get install ${missing[*]} and run again." >&2
  exit 1
fi
