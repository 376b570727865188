#!/usr/bin/env bash
# `make run`: the action server and the Rasa server, each started again when it stops;
# `make shell` (argument "shell"): the action server and `rasa shell`. Ctrl-C stops both.
# Settings come from the environment; see README.md. The code: bot/servers.py.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m bot.servers "${1:-run}"
