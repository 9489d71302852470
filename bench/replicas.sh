#!/usr/bin/env bash
# Scale-out, printed as figures: files per minute for 1,000 small HAR files through real daemons (the built jar, the
# kafka profile) on a Kafka broker and a PostgreSQL journal started here, with one replica and with two sharing the
# uploads topic's consumer group. On a 2-core machine the second replica shares the same cores: it shows that the work
# divides and stays correct, not a speed-up (run it on more cores for that).
# Usage: bench/replicas.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -DskipTests package >/dev/null
./mvnw -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.harwarden.bench.ReplicaBenchmark \
  2>&1 | grep -v -E '^[0-9]{2}:[0-9]{2}|^\[|SLF4J|^\s*$|INFO|WARN|^Formatting' || true
