#!/usr/bin/env bash
# The daemon's benchmark, printed as figures: a 100 MB HAR through the seven steps against sanitize-only and
# encrypt-only, then 1,000 files of about 200 KB dropped into the running daemon (files/min, appearing-to-deletion
# latency). Runs as a Quarkus test with the test profile's detection settings (quiet period and scan every 200 ms).
# Generated files stay under bench-work/.
# Usage: bench/pipeline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf target/test-data/cases/BENCH-*   # earlier runs' cases would only slow the daemon's scans
export QUARKUS_LOG_CATEGORY__IO_HARWARDEN__LEVEL=WARN
./mvnw -q -B -ntp test -Dtest=PipelineBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@" 2>&1 \
  | grep -v -E '^\s*$|^[0-9]{4}-[0-9]{2}-[0-9]{2} .* (INFO|WARN) ' || true
rm -rf target/test-data/cases/BENCH-*   # so that the test suite's daemon does not meet them
