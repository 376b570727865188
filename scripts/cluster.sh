#!/usr/bin/env bash
# `make cluster`: the bot as CLUSTER_REPLICAS (2) Rasa replicas with their action servers, on a
# throwaway PostgreSQL server (scripts/postgres_for_tests.sh), behind nginx on CLUSTER_PORT
# (8080). nginx and PostgreSQL come from Debian (scripts/install_cluster_tools.sh). Ctrl-C
# stops everything. The code: bot/cluster.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_cluster_tools.sh
# shellcheck disable=SC2016  # expanded by the inner shell, once the server's URL is known
exec scripts/postgres_for_tests.sh bash -c 'exec .venv/bin/python -m bot.cluster --database "$TEST_POSTGRES_URL"'
