#!/usr/bin/env bash
# Benchmarks, printed as figures (not timed tests):
#  1. the sanitizer against a plain Jackson token copy, in the JVM, -Xmx256m, on generated HAR files of two profiles:
#     mixed (bodies of every kind with base64 images; about 25 MB and 1 GB by default) and api (an admin portal's API
#     calls: about 3.7 KB per entry, eleven headers each way, bearer JWTs, cookies, small JSON bodies; 329 MB);
#  2. the whole `sanitize` process on the api file against a one-pass token-copy process, both -Xmx256m, and against
#     the fastest peer sanitizer (har-cleaner under Node) when npm can fetch it; three interleaved rounds;
#  3. OpenPGP encryption of the largest mixed file against `gpg --encrypt` with matching settings, -Xmx64m (needs gpg).
# Generated files stay under WORK_DIR for later runs.
# Usage: bench/run.sh [WORK_DIR] [SIZES] [API_SIZE]      e.g. bench/run.sh bench-work 25M,1G 329M
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-bench-work}
sizes=${2:-25M,1G}
api_size=${3:-329M}
./mvnw -q -B -ntp -DskipTests package >/dev/null
./mvnw -q -B -ntp -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
# The launcher's JIT and GC options (./harwarden says why), so the JVM figures are those of the daemon and the tools.
read -r -a jit <<<"$(grep -o -- '-XX:[A-Za-z0-9]*=[0-9]*\|-XX:+[A-Za-z0-9]*' harwarden | tr '\n' ' ')"
java -Xmx256m "${jit[@]}" -cp "$cp" io.harwarden.bench.Benchmark "$work" "$sizes" mixed
java -Xmx256m "${jit[@]}" -cp "$cp" io.harwarden.bench.Benchmark "$work" "$api_size" api \
  | tail -n +3

api=$(ls -S "$work"/api-*MB.har | head -1) # the largest: the one asked for, not the first by name
once() { # seconds one run takes
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}
summary() { # "best s (median s; all: ...)" of the times given
  printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { printf "%s s (median %s s; runs %s", t[1], t[int((NR + 1) / 2)], t[1]
    for (i = 2; i <= NR; i++) printf ", %s", t[i]; printf ")" }'
}

# The fastest peer, har-cleaner (Node; it deletes a few named fields and leaks most formats): when node and npm can
# fetch it, the same file through its sanitizeHar with default options, read and written whole as its users do.
peer="$work/peer"
has_peer=false
if command -v node >/dev/null && command -v npm >/dev/null \
    && { [ -d "$peer/node_modules/har-cleaner" ] || npm install --prefix "$peer" --no-audit --no-fund \
      har-cleaner@0.0.4 >/dev/null 2>&1; }; then
  has_peer=true
  cat >"$peer/run.js" <<'JS'
const fs = require('fs');
const { sanitizeHar } = require('har-cleaner');
fs.writeFileSync(process.argv[3], JSON.stringify(sanitizeHar(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))));
JS
fi

# Three rounds, each process once per round: a slow spell of the machine hits every contender alike.
copy_t=() sanitize_t=() plain_t=() peer_t=()
for _ in 1 2 3; do
  copy_t+=("$(once java -Xmx256m -cp "$cp" io.harwarden.bench.TokenCopy "$api" "$work/copy.out")")
  sanitize_t+=("$(HARWARDEN_JAVA_OPTS=-Xmx256m once ./harwarden sanitize "$api" "$work/sanitized.out")")
  plain_t+=("$(once java -Xmx256m -jar target/quarkus-app/quarkus-run.jar sanitize "$api" "$work/sanitized.out")")
  if $has_peer; then
    peer_t+=("$(once node "$peer/run.js" "$api" "$work/peer.out")")
  fi
done
rm -f "$work/copy.out" "$work/sanitized.out" "$work/peer.out"
echo
echo "whole processes on $(basename "$api") (-Xmx256m, three interleaved rounds, best first):"
echo "  one-pass token copy                  $(summary "${copy_t[@]}")"
echo "  sanitize through ./harwarden         $(summary "${sanitize_t[@]}")  (catalogue, fail-closed re-scan, hashes)"
echo "  the same as java -jar                $(summary "${plain_t[@]}")  (without the launcher's JVM options)"
if $has_peer; then
  echo "  peer har-cleaner 0.0.4 on node $(node --version)  $(summary "${peer_t[@]}")"
else
  echo "  node, npm or the har-cleaner package is not available: skipping the peer comparison"
fi

largest=$(ls -S "$work"/generated-*MB.har | head -1)
if command -v gpg >/dev/null; then
  java -Xmx64m -cp "$cp" io.harwarden.bench.PgpBenchmark "$largest" keys-example/demo-public.asc
else
  echo "gpg is not installed: skipping the OpenPGP comparison (apt-get install gnupg)"
fi
