#!/usr/bin/env bash
# Generates an OpenPGP key pair for HAR Warden with GnuPG in batch mode, in a throwaway GnuPG home.
#
#   keys-example/generate-key.sh "Security Team <security@example.com>" OUT_DIR PASSPHRASE_FILE [ALGO] [EXPIRY]
#
# ALGO: future-default (Ed25519 + Curve25519 encryption subkey, the default) or rsa4096 / rsa3072.
# EXPIRY: gpg expiry such as 2y (default), 1y, never.
# Writes OUT_DIR/public.asc (give this to HAR Warden), OUT_DIR/secret.asc (for the key custodians only: store it in
# a vault, never beside the daemon) and OUT_DIR/revocation.asc (store it apart from the secret key), and prints
# the fingerprint.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
uid=$1 out=$2 passfile=$3 algo=${4:-future-default} expiry=${5:-2y}
command -v gpg >/dev/null || { echo "generate-key: gpg is not installed (apt-get install gnupg)" >&2; exit 1; }
[ -s "$passfile" ] || { echo "generate-key: passphrase file $passfile is missing or empty" >&2; exit 2; }
mkdir -p "$out"
home=$(mktemp -d)
trap 'gpgconf --homedir "$home" --kill all >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
g() { gpg --homedir "$home" --batch --quiet --pinentry-mode loopback --passphrase-file "$passfile" "$@"; }

case "$algo" in
  future-default) g --quick-gen-key "$uid" future-default default "$expiry" ;;
  rsa3072|rsa4096)
    g --quick-gen-key "$uid" "$algo" cert "$expiry"
    fpr=$(gpg --homedir "$home" --batch --with-colons --list-keys | awk -F: '/^fpr/ {print $10; exit}')
    g --quick-add-key "$fpr" "$algo" encr "$expiry" ;;
  *) echo "generate-key: unsupported algorithm $algo (future-default, rsa3072, rsa4096)" >&2; exit 2 ;;
esac
fpr=$(gpg --homedir "$home" --batch --with-colons --list-keys | awk -F: '/^fpr/ {print $10; exit}')
g --armor --export "$fpr" > "$out/public.asc"
(umask 077; g --armor --export-secret-keys "$fpr" > "$out/secret.asc")
sed 's/^:-----BEGIN/-----BEGIN/' "$home/openpgp-revocs.d/$fpr.rev" > "$out/revocation.asc"
echo "fingerprint $fpr"
