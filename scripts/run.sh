#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST channel), or `rasa shell` with "shell".
# Ctrl-C stops both. Settings come from the environment; see README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export RASA_TELEMETRY_ENABLED=false
export TRACKER_DB_URL="${TRACKER_DB_URL:-sqlite:///var/tracker.db}"
PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
mkdir -p var

$BIN/rasa run actions --port "$ACTIONS_PORT" --actions actions &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null; wait $actions_pid 2>/dev/null' EXIT
trap 'exit 0' INT TERM  # Ctrl-C is the normal way to stop: not an error

if [ "${1:-}" = "shell" ]; then
  $BIN/rasa shell --port "$PORT" --endpoints endpoints.yml
  exit 0
fi

api_args=()
# Rasa's HTTP API can read and change every conversation: never open it without a token.
if [ -n "${RASA_API_TOKEN:-}" ]; then
  api_args=(--enable-api --auth-token "$RASA_API_TOKEN")
fi
echo "Starting the bot: open http://localhost:$PORT/ in a browser for the chat (REST: /webhooks/rest/webhook). Ctrl-C stops it."
$BIN/rasa run --port "$PORT" --endpoints endpoints.yml --credentials credentials.yml "${api_args[@]}"
