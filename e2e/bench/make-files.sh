#!/usr/bin/env bash
# Makes the signing files of the benchmark: for each size N, a folder of N real files. One in ten
# (at least one) is a password-protected .p12, and the rest are CMS-signed provisioning profiles,
# each with its own UUID and name. All files come from one throwaway self-signed identity made
# with openssl 3, and no Apple service would accept them.
#
# Usage: make-files.sh CACHE_DIR SIZE...
# Writes CACHE_DIR/pool (every generated file) and CACHE_DIR/size-N (hard links into the pool).
# Files already in the pool are reused, so a second call with the same sizes only makes links.
# The .p12 password is in CACHE_DIR/p12-password.
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "Usage: $0 CACHE_DIR SIZE..." >&2
  exit 2
fi
cache="$1"
shift
team_id="BENCH12345"
p12_password="bench-password"

max=0
for size in "$@"; do
  if ! [[ "$size" =~ ^[1-9][0-9]*$ ]]; then
    echo "Invalid size '$size': expected a positive integer" >&2
    exit 2
  fi
  [ "$size" -gt "$max" ] && max="$size"
done

# certificate_count N: how many of N files are .p12 files.
certificate_count() {
  local count=$(( $1 / 10 ))
  [ "$count" -lt 1 ] && count=1
  echo "$count"
}

pool="$cache/pool"
mkdir -p "$pool/profiles" "$pool/certificates"
printf '%s' "$p12_password" > "$cache/p12-password"

if [ ! -f "$pool/key.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 730 \
    -subj "/CN=iPhone Distribution: signing-sync benchmark ($team_id)/OU=$team_id/O=signing-sync benchmark/C=US" \
    -keyout "$pool/key.pem.tmp" -out "$pool/cert.pem" 2>/dev/null
  mv "$pool/key.pem.tmp" "$pool/key.pem"
fi
cert_base64="$(openssl x509 -in "$pool/cert.pem" -outform DER | base64 | tr -d '\n')"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
expires="$(date -u -d '+1 year' +%Y-%m-%dT%H:%M:%SZ)"

# make_profile INDEX: writes profiles/Profile-INDEX.mobileprovision, signed as DER CMS.
make_profile() {
  local name="Bench Profile $1" file="$pool/profiles/Profile-$1.mobileprovision" plist uuid
  [ -f "$file" ] && return 0
  uuid="$(tr '[:lower:]' '[:upper:]' < /proc/sys/kernel/random/uuid)"
  plist="$pool/profile-$1.plist"
  cat > "$plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>AppIDName</key>
	<string>signing-sync benchmark</string>
	<key>ApplicationIdentifierPrefix</key>
	<array>
		<string>$team_id</string>
	</array>
	<key>CreationDate</key>
	<date>$now</date>
	<key>Platform</key>
	<array>
		<string>iOS</string>
	</array>
	<key>DeveloperCertificates</key>
	<array>
		<data>$cert_base64</data>
	</array>
	<key>Entitlements</key>
	<dict>
		<key>application-identifier</key>
		<string>$team_id.io.signingsync.bench$1</string>
		<key>com.apple.developer.team-identifier</key>
		<string>$team_id</string>
	</dict>
	<key>ExpirationDate</key>
	<date>$expires</date>
	<key>Name</key>
	<string>$name</string>
	<key>TeamIdentifier</key>
	<array>
		<string>$team_id</string>
	</array>
	<key>TeamName</key>
	<string>signing-sync benchmark</string>
	<key>TimeToLive</key>
	<integer>365</integer>
	<key>UUID</key>
	<string>$uuid</string>
	<key>Version</key>
	<integer>1</integer>
</dict>
</plist>
PLIST
  openssl cms -sign -nodetach -outform DER -binary -in "$plist" \
    -signer "$pool/cert.pem" -inkey "$pool/key.pem" -out "$file.tmp"
  mv "$file.tmp" "$file"
  rm -f "$plist"
}

# make_certificate INDEX: exports the identity again. Each export draws a new salt and IV, so
# every .p12 has different bytes (and a different SHA-256) from the others.
make_certificate() {
  local file="$pool/certificates/Certificate-$1.p12"
  [ -f "$file" ] && return 0
  openssl pkcs12 -export -inkey "$pool/key.pem" -in "$pool/cert.pem" \
    -name "iPhone Distribution: signing-sync benchmark $1" \
    -passout "pass:$p12_password" -out "$file.tmp"
  mv "$file.tmp" "$file"
}

max_certificates="$(certificate_count "$max")"
max_profiles=$(( max - max_certificates ))
made=0
for i in $(seq -f '%04g' 1 "$max_profiles"); do
  if [ ! -f "$pool/profiles/Profile-$i.mobileprovision" ]; then
    make_profile "$i"
    made=$(( made + 1 ))
  fi
done
for i in $(seq -f '%04g' 1 "$max_certificates"); do
  if [ ! -f "$pool/certificates/Certificate-$i.p12" ]; then
    make_certificate "$i"
    made=$(( made + 1 ))
  fi
done
[ "$made" -gt 0 ] && echo "Generated $made signing files in $pool" >&2

for size in "$@"; do
  folder="$cache/size-$size"
  rm -rf "$folder"
  mkdir -p "$folder"
  certificates="$(certificate_count "$size")"
  profiles=$(( size - certificates ))
  for i in $(seq -f '%04g' 1 "$profiles"); do
    ln "$pool/profiles/Profile-$i.mobileprovision" "$folder/"
  done
  for i in $(seq -f '%04g' 1 "$certificates"); do
    ln "$pool/certificates/Certificate-$i.p12" "$folder/"
  done
done
