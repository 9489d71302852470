#!/usr/bin/env bash
# Fuzzes the sanitizer with Jazzer for SECONDS in total (default 60), shared equally among the fuzz tests of
# HarSanitizerFuzzTest, one after the other (Jazzer fuzzes one method per JVM). Prints each test's executions and
# findings, and exits 1 when there is a finding (or a test failed in another way), else 0. Logs: target/fuzz/.
#
# A finding is written to src/test/resources/io/harwarden/har/HarSanitizerFuzzTestInputs/<method>/ as crash-<sha1>
# (timeout-<sha1> for an execution over the test's @Timeout); rename it to say what it shows and commit it, and every
# test run replays it until it is fixed. Stored findings are replayed before fuzzing too, so they fail this script
# until then. The generated corpus grows in .cifuzz-corpus/ (keep it between CI runs to start from it).
# Usage: bench/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-60}
methods=(rawBytes structured)
share=$((total / ${#methods[@]}))
if ((share < 1)); then
  echo "fuzz: give at least ${#methods[@]} seconds" >&2
  exit 2
fi
mkdir -p target/fuzz
# compiled once, so that each share is spent fuzzing
./mvnw -q -B -ntp test-compile
failed=0
for method in "${methods[@]}"; do
  log=target/fuzz/$method.log
  # JUnit would time the whole run as one invocation of the method and interrupt it; @Timeout goes to libFuzzer
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION=${share}s ./mvnw -B -ntp surefire:test -Dtest="HarSanitizerFuzzTest#$method" \
      -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1; then
    outcome="no finding"
  elif grep -a -q 'Test unit written to' "$log"; then
    failed=1
    outcome="FINDING, see $log"
  else
    failed=1
    outcome="FAILED, see $log"
  fi
  done_line=$(grep -a -Eo '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  if [[ -n $done_line ]]; then
    executions=$(awk '{print $2 " executions in " $5 " s"}' <<<"$done_line")
  else # stopped at a finding: the last progress line counts the executions so far
    executions="$(grep -a -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true) executions (stopped early)"
  fi
  echo "$method: $executions, $outcome"
  grep -a -E '^== Java Exception:|ERROR: libFuzzer: (timeout|deadly signal|out-of-memory)' "$log" | sed 's/^/    /' || true
  grep -a -Eo 'Test unit written to .*' "$log" | sed 's/^Test unit written to /    input: /' || true
done
exit $failed
