#!/usr/bin/env bash
# Stops the Redmine that deploy/redmine/start.sh started (its whole process group); leaves the installation.
set -euo pipefail
state=${REDMINE_STATE_DIR:-/tmp/harwarden-redmine}
if [ -f "$state/pid" ]; then
  pid=$(cat "$state/pid")
  kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  rm -f "$state/pid"
  echo "redmine: stopped" >&2
else
  echo "redmine: not running" >&2
fi
