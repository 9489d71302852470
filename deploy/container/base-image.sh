#!/usr/bin/env bash
# Builds the base image (Debian bookworm with OpenJDK 17's JRE, and a font for the triage PNG) from Debian's packages
# with mmdebstrap, once per machine: later runs find it and return at once. Needs podman and mmdebstrap (apt-get install podman runc mmdebstrap).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=podman-env.sh
. "$here/podman-env.sh"
image=${HARWARDEN_BASE_IMAGE:-localhost/harwarden-base:bookworm-jre17-fonts}
if podman image exists "$image"; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Without the man1 folder the JRE's postinst fails once man pages are left out.
mmdebstrap --quiet --variant=minbase --include=openjdk-17-jre-headless,ca-certificates,fontconfig,fonts-dejavu-core \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
  bookworm "$work/rootfs.tar"
podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' "$work/rootfs.tar" "$image" >/dev/null
echo "built $image"
