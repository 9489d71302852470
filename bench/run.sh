#!/usr/bin/env bash
# Benchmarks, printed as figures (not timed tests):
#  1. the sanitizer against a plain Jackson token copy, on generated HAR files of about 25 MB and 1 GB, -Xmx256m;
#  2. OpenPGP encryption of the largest file against `gpg --encrypt` with matching settings, -Xmx64m (needs gpg).
# Generated files stay under WORK_DIR for later runs.
# Usage: bench/run.sh [WORK_DIR] [SIZES]      e.g. bench/run.sh bench-work 25M,1G
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-bench-work}
sizes=${2:-25M,1G}
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
java -Xmx256m -XX:+UseParallelGC -cp "$cp" io.harwarden.bench.Benchmark "$work" "$sizes"
largest=$(ls -S "$work"/generated-*MB.har | head -1)
if command -v gpg >/dev/null; then
  java -Xmx64m -cp "$cp" io.harwarden.bench.PgpBenchmark "$largest" keys-example/demo-public.asc
else
  echo "gpg is not installed: skipping the OpenPGP comparison (apt-get install gnupg)"
fi
