#!/usr/bin/env bash
# Starts a local Redmine (Debian's package, SQLite, thin) for trying HAR Warden against a real case system and for
# its Redmine integration suite. Installs it non-interactively if missing (needs root), turns the REST API on, lets
# attachments up to 200 MB in, makes a private project, starts it on 127.0.0.1 and waits until it answers. Prints
# lines a shell can eval:  eval "$(deploy/redmine/start.sh)"
#   REDMINE_URL=http://127.0.0.1:9292  REDMINE_API_KEY=…  REDMINE_PROJECT=harwarden-it
#   REDMINE_UNWATCHED_PROJECT=harwarden-it-unwatched (for tests that drive the steps themselves)
#   REDMINE_CUSTOMER=customer (a Reporter: opens issues and attaches files, cannot see private notes)
# Stop it with deploy/redmine/stop.sh. Settings: REDMINE_PORT (9292), REDMINE_STATE_DIR (/tmp/harwarden-redmine).
set -euo pipefail
port=${REDMINE_PORT:-9292}
state=${REDMINE_STATE_DIR:-/tmp/harwarden-redmine}
app=/usr/share/redmine
project=harwarden-it
log() { echo "redmine: $*" >&2; }

if ! dpkg -s redmine redmine-sqlite thin >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { log "run as root to install Redmine from Debian packages"; exit 1; }
  log "installing redmine, redmine-sqlite and thin (about a minute)"
  apt-get update -q >&2
  debconf-set-selections <<'PRESEED'
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
PRESEED
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redmine redmine-sqlite thin >&2
fi

rails() {
  (cd "$app" && runuser -u www-data -- env REDMINE_INSTANCE=default RAILS_ENV=production "$@")
}

log "configuring: REST API, attachment size, private project $project"
key=$(rails ruby bin/rails runner '
Setting.rest_api_enabled = "1"
Setting.attachment_max_size = 204800
admin = User.find_by_login("admin")
admin.must_change_passwd = false
admin.save!
def project(identifier, name)
  Project.find_by_identifier(identifier) || Project.create!(name: name, identifier: identifier, is_public: false,
    tracker_ids: Tracker.pluck(:id), enabled_module_names: ["issue_tracking"])
end
watched = project("'"$project"'", "HAR Warden integration")
unwatched = project("'"$project"'-unwatched", "HAR Warden integration (not watched)")
# a customer: may open issues and attach files, may not see private notes (the Reporter role)
customer = User.find_by_login("customer") || User.new(firstname: "Case", lastname: "Customer",
  mail: "customer@harwarden.invalid").tap { |u| u.login = "customer"; u.password = SecureRandom.hex(16); u.save! }
[watched, unwatched].each do |p|
  Member.where(project: p, user: customer).exists? ||
    Member.create!(project: p, principal: customer, roles: [Role.find_by_name!("Reporter")])
end
puts "KEY=" + admin.api_key' | sed -n 's/^KEY=//p' | tail -1)
[ -n "$key" ] || { log "could not read the admin API key"; exit 1; }

mkdir -p "$state"
if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
  log "already running (pid $(cat "$state/pid"))"
else
  log "starting on 127.0.0.1:$port (log: $state/redmine.log)"
  (cd "$app" && exec setsid runuser -u www-data -- env REDMINE_INSTANCE=default RAILS_ENV=production \
    rackup -E production -o 127.0.0.1 -p "$port") >"$state/redmine.log" 2>&1 &
  echo $! >"$state/pid"
fi
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null 2>/dev/null -H "X-Redmine-API-Key: $key" "http://127.0.0.1:$port/projects/$project.json"; then
    echo "REDMINE_URL=http://127.0.0.1:$port"
    echo "REDMINE_API_KEY=$key"
    echo "REDMINE_PROJECT=$project"
    echo "REDMINE_UNWATCHED_PROJECT=$project-unwatched"
    echo "REDMINE_CUSTOMER=customer"
    exit 0
  fi
  sleep 0.5
done
log "Redmine did not answer within 60 s; see $state/redmine.log"
exit 1
