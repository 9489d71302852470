# Sourced by the container scripts: podman settings for hosts like the CI machines (a VM whose hard ulimits are lower
# than podman's defaults, with cgroups in hybrid mode that crun rejects): runc, and ulimits within the hard limits.
# Written to a file of our own and named by CONTAINERS_CONF, so nothing in /etc changes.
if [ -z "${CONTAINERS_CONF:-}" ]; then
  conf="${TMPDIR:-/tmp}/harwarden-containers.conf"
  nofile=$(ulimit -Hn)
  [ "$nofile" = unlimited ] && nofile=1048576
  {
    echo '[containers]'
    echo "default_ulimits = [\"nofile=${nofile}:${nofile}\", \"nproc=32768:32768\"]"
    echo '[engine]'
    if command -v runc >/dev/null 2>&1; then echo 'runtime = "runc"'; fi
    echo 'cgroup_manager = "cgroupfs"'
    echo 'events_logger = "file"'
  } >"$conf"
  export CONTAINERS_CONF="$conf"
fi
