#!/usr/bin/env bash
# Builds HAR Warden's image from target/quarkus-app (run ./mvnw package first): deploy/container/build.sh [IMAGE]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=podman-env.sh
. deploy/container/podman-env.sh
image=${1:-localhost/harwarden:dev}
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  echo "no target/quarkus-app: run ./mvnw package -DskipTests first" >&2
  exit 2
fi
deploy/container/base-image.sh
context=target/container-context
rm -rf "$context"
mkdir -p "$context"
cp -r target/quarkus-app "$context/"
podman build --quiet --format docker --build-arg "BASE=${HARWARDEN_BASE_IMAGE:-localhost/harwarden-base:bookworm-jre17-fonts}" \
  -f deploy/container/Containerfile -t "$image" "$context" >/dev/null
echo "built $image"
