#!/usr/bin/env bash
# Sanitizer benchmark: generates HAR files of about 25 MB and 1 GB under bench-work/ (kept between runs) and prints
# MB/s of a plain Jackson token copy, MB/s of the sanitizer, their ratio and peak heap, with -Xmx256m.
# Usage: bench/run.sh [WORK_DIR] [SIZES]      e.g. bench/run.sh bench-work 25M,1G
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
exec java -Xmx256m -XX:+UseParallelGC -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.harwarden.bench.Benchmark "${1:-bench-work}" "${2:-25M,1G}"
