#!/bin/bash
# Checks the three ways signing-sync is packaged (Bitrise step, GitHub Docker action,
# Docker image), in two parts:
#   1. lints Dockerfile, action.yml, step.yml and the shell scripts; builds the image
#      with podman; checks its size and that `--help` runs. It also checks the class-data
#      sharing archive, the Java trust store, and TLS with an elliptic-curve certificate
#      against a server on 127.0.0.1;
#   2. starts the local Bitrise API emulator (e2e/) and runs the image against it the way
#      GitHub Actions, GitLab CI, Jenkins and a Bitrise execution container start it.
# Every check runs even after one fails; the summary names the failed checks and the
# script exits 1 if there are any.
#
# Needs root on a Debian 12 machine (it runs .ci/container-env.sh), Node.js with npm, a JDK
# (java, keytool), openssl, and Maven Central, Debian's package mirror and the npm registry. Containers always use
# --network host and reach only the emulator on 127.0.0.1.
#
# Environment:
#   SIGNING_SYNC_IMAGE         image tag to build (default localhost/signing-sync:check)
#   SIGNING_SYNC_MAX_IMAGE_MB  limit on the uncompressed image size in MB of 10^6 bytes (default 90)
#   SIGNING_SYNC_LINT_DIR      where the npm linters are installed (default /tmp/signing-sync-lint)
#   SIGNING_SYNC_SKIP_E2E=1    skip part 2
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image=${SIGNING_SYNC_IMAGE:-localhost/signing-sync:check}
max_image_mb=${SIGNING_SYNC_MAX_IMAGE_MB:-90}
lint_dir=${SIGNING_SYNC_LINT_DIR:-/tmp/signing-sync-lint}

work=$(mktemp -d)
failed_checks=()
containers=()
emulator_pid=

log() { printf '\n=== %s\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }

cleanup() {
  local id
  for id in "${containers[@]}"; do
    podman rm -f "$id" >/dev/null 2>&1 || true
  done
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Runs a check function, records its name when it fails, and returns its result.
check() {
  local name=$1
  shift
  log "$name"
  if "$@"; then
    note "PASS: $name"
  else
    note "FAIL: $name"
    failed_checks+=("$name")
    return 1
  fi
}

# ---------------------------------------------------------------------------
# Part 1: linters, image build, size, --help
# ---------------------------------------------------------------------------

install_linters() {
  local missing=()
  command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  if [ "${#missing[@]}" -gt 0 ]; then
    note "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
      return 1
  fi
  if [ ! -x "$lint_dir/node_modules/.bin/dockerfilelint" ] ||
    [ ! -x "$lint_dir/node_modules/.bin/dockerfile-utils" ] ||
    [ ! -x "$lint_dir/node_modules/.bin/action-validator" ]; then
    note "npm install into $lint_dir"
    mkdir -p "$lint_dir" &&
      npm install --prefix "$lint_dir" --no-audit --no-fund --silent \
        dockerfilelint@1.8.0 dockerfile-utils@0.16.3 @action-validator/cli@0.6.0 ||
      return 1
  fi
}

lint_dockerfilelint() { "$lint_dir/node_modules/.bin/dockerfilelint" "$repo/Dockerfile"; }
lint_dockerfile_utils() {
  # dockerfile-utils prints nothing for a clean file. It exits 1 on errors but 0 on warnings,
  # so any output counts as a failure here.
  local output
  output=$("$lint_dir/node_modules/.bin/dockerfile-utils" lint "$repo/Dockerfile") || {
    printf '%s\n' "$output" >&2
    return 1
  }
  if [ -n "$output" ]; then
    printf '%s\n' "$output" >&2
    return 1
  fi
}
lint_action() { "$lint_dir/node_modules/.bin/action-validator" "$repo/action.yml"; }
lint_yaml() { yamllint -c "$repo/.yamllint" "$repo/step.yml" "$repo/action.yml"; }
lint_shell() { shellcheck "$repo/step.sh" "$repo"/.ci/*.sh; }

prepare_podman() {
  bash "$repo/.ci/container-env.sh"
}

build_seconds=
build_image() {
  local started
  started=$(date +%s)
  if ! podman build --pull=never --network host -t "$image" "$repo" >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    return 1
  fi
  build_seconds=$(($(date +%s) - started))
  note "built $image in ${build_seconds} s"
}

# Compares the uncompressed size, the one `docker images` and `podman images` show, with the
# limit. The compressed size, the sum of the gzip-compressed layers that a registry stores and
# a CI runner downloads, and the size of each layer are printed too.
check_image_size() {
  local uncompressed compressed limit
  uncompressed=$(podman image inspect --format '{{.Size}}' "$image") || return 1
  rm -rf "$work/oci"
  podman push --quiet "$image" "oci:$work/oci:check" >/dev/null || return 1
  # Blobs are the gzip layers plus the small config and manifest.
  compressed=$(find "$work/oci/blobs" -type f -printf '%s\n' | awk '{ sum += $1 } END { print sum }')
  limit=$((max_image_mb * 1000 * 1000))
  note "image size: $((uncompressed / 1000 / 1000)) MB uncompressed ($uncompressed bytes)," \
    "$((compressed / 1000 / 1000)) MB compressed ($compressed bytes); limit $max_image_mb MB uncompressed"
  note "layers:"
  podman history --format '{{.Size}}\t{{.CreatedBy}}' "$image" | cut -c 1-100 | sed 's/^/      /' >&2
  if [ "$uncompressed" -gt "$limit" ]; then
    note "the uncompressed image is larger than $max_image_mb MB"
    return 1
  fi
}

check_help() {
  local output
  output=$(podman run --rm --network host "$image" --help) || {
    note "--help exited with status $?"
    return 1
  }
  sed -n 1,3p <<<"$output" >&2
  grep -q 'usage' <<<"$output" || {
    note "--help printed no usage line"
    return 1
  }
}

# -Xshare:on makes the JVM fail instead of silently running without the archive.
check_cds_archive() {
  podman run --rm --network host --entrypoint /opt/java/bin/java "$image" \
    -Xshare:on -XX:SharedArchiveFile=/opt/signing-sync/signing-sync.jsa \
    -jar /opt/signing-sync/signing-sync.jar --version
}

# The Java runtime's own trust store (lib/security/cacerts) is what signing-sync uses for
# api.bitrise.io and S3, and jlink copies it from java.base. It must contain the usual roots.
check_trust_store() {
  local listing count
  listing=$(podman run --rm --network host --entrypoint /opt/java/bin/keytool "$image" \
    -list -cacerts -storepass changeit) || return 1
  count=$(grep -c trustedCertEntry <<<"$listing")
  note "$count trusted certificates in /opt/java/lib/security/cacerts"
  if [ "$count" -lt 50 ]; then
    note "expected at least 50 trusted certificates"
    return 1
  fi
}

# Runs signing-sync against openssl s_server on 127.0.0.1 with a P-256 certificate and only
# ECDHE key exchange, which fails without the runtime's jdk.crypto.ec module. The server's
# certificate is trusted through JAVA_TOOL_OPTIONS. s_server responds to every request with an
# HTML status page, so the program reports "not JSON", which shows that the handshake worked.
check_tls_elliptic_curve() {
  local dir=$work/tls port=18443 server_pid status=0
  mkdir -p "$dir/signing" || return 1
  cp -R "$repo/e2e/example/." "$dir/signing/" || return 1

  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null || return 1
  keytool -importcert -noprompt -alias local -file "$dir/cert.pem" -keystore "$dir/trust.p12" \
    -storetype PKCS12 -storepass changeit >/dev/null || return 1
  printf '%s' "$token" >"$dir/token"
  chmod -R a+rX "$dir"

  openssl s_server -quiet -www -accept "127.0.0.1:$port" -cert "$dir/cert.pem" -key "$dir/key.pem" \
    -cipher ECDHE-ECDSA-AES128-GCM-SHA256 -ciphersuites TLS_AES_128_GCM_SHA256 -groups P-256 \
    >"$dir/server.log" 2>&1 &
  server_pid=$!
  sleep 1
  if ! kill -0 "$server_pid" 2>/dev/null; then
    note "openssl s_server did not start on 127.0.0.1:$port:"
    cat "$dir/server.log" >&2
    return 1
  fi

  podman run --rm --network host -v "$dir:/tls:ro" -w /tmp \
    -e "JAVA_TOOL_OPTIONS=-Djavax.net.ssl.trustStore=/tls/trust.p12 -Djavax.net.ssl.trustStorePassword=changeit" \
    "$image" --signing-files-dir /tls/signing --app-slug "$app_slug" --bitrise-api-token-file /tls/token \
    --api-base-url "https://127.0.0.1:$port/v0.1" --dry-run yes >"$dir/stdout" 2>"$dir/stderr" || status=$?
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null

  if ! grep -q "answered 200" "$dir/stderr"; then
    note "no HTTP response over TLS (exit status $status):"
    tail -n 5 "$dir/stderr" >&2
    return 1
  fi
  note "TLS handshake with ECDHE and an ECDSA certificate worked"
}

# ---------------------------------------------------------------------------
# Part 2: the image against the Bitrise API emulator, started the way each CI starts it
# ---------------------------------------------------------------------------

token=pkg-check-token-$RANDOM$RANDOM
certificate_password=example-password
app_slug=pkg-check-app
api_url=
first_outputs=

start_emulator() {
  local emulator_jar=$repo/e2e/emulator/target/bitrise-emulator.jar
  if [ ! -f "$emulator_jar" ]; then
    note "building the emulator: mvn -q -f e2e/pom.xml -DskipTests package"
    mvn -q -B -f "$repo/e2e/pom.xml" -DskipTests package >&2 || return 1
  fi
  java -jar "$emulator_jar" --app-slug "$app_slug" --token "$token" \
    --ready-file "$work/emulator.ready" --work-dir "$work/emulator" >"$work/emulator.log" 2>&1 &
  emulator_pid=$!
  local attempt
  for attempt in $(seq 1 300); do
    [ -f "$work/emulator.ready" ] && break
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
      note "the emulator exited during startup (after $attempt polls); its log:"
      cat "$work/emulator.log" >&2
      return 1
    fi
    sleep 0.1
  done
  api_url=$(sed -n 's/^EMULATOR_URL=//p' "$work/emulator.ready" 2>/dev/null)
  if [ -z "$api_url" ]; then
    note "the emulator did not report EMULATOR_URL within 30 s; its log:"
    cat "$work/emulator.log" >&2
    return 1
  fi
  note "emulator ready at $api_url"
}

# Makes a workspace folder that contains a copy of the example signing files in signing/.
make_workspace() {
  mkdir -p "$1" && cp -R "$repo/e2e/example" "$1/signing"
}

# Fails when a file or log contains the API token or the certificate password.
assert_no_secret() {
  local file kept
  for file in "$@"; do
    # Captured first: `grep -q` at the end of a pipe can stop early and break the writer's pipe,
    # which pipefail reports as a failed match.
    kept=$(grep -v '^::add-mask::' "$file" || true)
    if grep -qF -e "$token" -e "$certificate_password" <<<"$kept"; then
      note "a secret appears in $file"
      return 1
    fi
  done
}

# Reads the value of KEY from a key=value file ($1 file, $2 key).
value_of() { sed -n "/^$2=/{s///p;q}" "$1"; }

# Checks that a dotenv file has the three outputs, with slugs equal to the first run's.
assert_dotenv_outputs() {
  local file=$1 key value
  for key in PROVISIONING_PROFILE_SLUGS BUILD_CERTIFICATE_SLUGS SIGNING_SYNC_REPORT_PATH; do
    value=$(value_of "$file" "$key")
    if [ -z "$value" ]; then
      note "$file has no value for $key:"
      cat "$file" >&2
      return 1
    fi
  done
  assert_same_slugs "$(value_of "$file" PROVISIONING_PROFILE_SLUGS)|$(value_of "$file" BUILD_CERTIFICATE_SLUGS)"
}

# The first run uploads the files. Every later run must find them and report the same slugs.
assert_same_slugs() {
  if [ -z "$first_outputs" ]; then
    first_outputs=$1
    note "slugs: $1"
  elif [ "$first_outputs" != "$1" ]; then
    note "slugs differ from the first run: $1 (first run: $first_outputs)"
    return 1
  fi
}

# Each CI run below gets a fresh copy of e2e/example and the same emulator.

# GitHub Actions: `docker run` with no arguments, every input as INPUT_<NAME> with its
# hyphens kept, the workspace at /github/workspace and file commands under /github.
run_github() {
  local root=$work/github status=0
  make_workspace "$root/workspace" || return 1
  mkdir -p "$root/file_commands" "$root/runner_temp" "$root/home"
  : >"$root/file_commands/set_output"
  : >"$root/file_commands/step_summary"
  podman run --rm --network host \
    -v "$root/workspace:/github/workspace" -v "$root/file_commands:/github/file_commands" \
    -v "$root/runner_temp:/github/runner_temp" -v "$root/home:/github/home" \
    -w /github/workspace \
    -e HOME=/github/home -e CI=true -e GITHUB_ACTIONS=true -e GITHUB_WORKSPACE=/github/workspace \
    -e GITHUB_OUTPUT=/github/file_commands/set_output \
    -e GITHUB_STEP_SUMMARY=/github/file_commands/step_summary \
    -e RUNNER_TEMP=/github/runner_temp \
    -e "INPUT_BITRISE-API-TOKEN=$token" -e "INPUT_APP-SLUG=$app_slug" \
    -e "INPUT_SIGNING-FILES-DIR=signing" -e "INPUT_IS-PROTECTED=no" -e "INPUT_IS-EXPOSE=yes" \
    -e "INPUT_CERTIFICATE-PASSWORD=$certificate_password" -e "INPUT_API-BASE-URL=$api_url" \
    -e "INPUT_DRY-RUN=no" -e "INPUT_VERBOSE=no" \
    "$image" >"$root/stdout" 2>"$root/stderr" || status=$?
  tail -n 5 "$root/stderr" >&2
  if [ "$status" -ne 0 ]; then
    note "the action exited with status $status"
    cat "$root/stderr" >&2
    return 1
  fi
  if [ "$(head -n 1 "$root/stdout")" != "::add-mask::$token" ]; then
    note "the first stdout line does not mask the token"
    return 1
  fi
  # The runner reads stdout for workflow commands, so nothing else may appear there.
  if grep -qv '^::' "$root/stdout"; then
    note "stdout has lines that are not workflow commands:"
    grep -v '^::' "$root/stdout" | sed -n 1,5p >&2
    return 1
  fi
  note "GITHUB_OUTPUT:"
  sed 's/^/      /' "$root/file_commands/set_output" >&2
  local name
  for name in provisioning-profile-slugs build-certificate-slugs report-path; do
    if [ -z "$(value_of "$root/file_commands/set_output" "$name")" ]; then
      note "GITHUB_OUTPUT has no value for $name"
      return 1
    fi
  done
  if [ ! -s "$root/file_commands/step_summary" ]; then
    note "the step summary is empty"
    return 1
  fi
  assert_no_secret "$root/stderr" "$root/file_commands/set_output" "$root/file_commands/step_summary" || return 1
  assert_same_slugs "$(value_of "$root/file_commands/set_output" provisioning-profile-slugs)|$(value_of "$root/file_commands/set_output" build-certificate-slugs)"
}

# GitLab CI: the job's image with the entry point replaced by a shell, the project at
# /builds/<group>/<project>, the token as a File variable (the variable holds the path
# of a file with the value), and the outputs as an artifacts:reports:dotenv file.
run_gitlab() {
  local root=$work/gitlab project=/builds/group/project status=0
  make_workspace "$root/project" || return 1
  mkdir -p "$root/project.tmp"
  printf '%s' "$token" >"$root/project.tmp/BITRISE_API_TOKEN"
  printf '%s' "$certificate_password" >"$root/project.tmp/CERTIFICATE_PASSWORD"
  podman run --rm --network host \
    -v "$root/project:$project" -v "$root/project.tmp:$project.tmp" -w "$project" \
    -e CI=true -e GITLAB_CI=true -e "CI_PROJECT_DIR=$project" \
    -e "BITRISE_API_TOKEN=$project.tmp/BITRISE_API_TOKEN" \
    -e "CERTIFICATE_PASSWORD=$project.tmp/CERTIFICATE_PASSWORD" \
    -e "BITRISE_APP_SLUG=$app_slug" -e "BITRISE_API_URL=$api_url" \
    --entrypoint sh "$image" -c '
      signing-sync --bitrise-api-token-file "$BITRISE_API_TOKEN" \
        --certificate-password-file "$CERTIFICATE_PASSWORD" \
        --app-slug "$BITRISE_APP_SLUG" --api-base-url "$BITRISE_API_URL" \
        --signing-files-dir signing --output-file signing-sync.env' \
    >"$root/stdout" 2>"$root/stderr" || status=$?
  tail -n 3 "$root/stderr" >&2
  if [ "$status" -ne 0 ]; then
    note "the job script exited with status $status"
    cat "$root/stderr" >&2
    return 1
  fi
  local dotenv=$root/project/signing-sync.env
  note "signing-sync.env:"
  sed 's/^/      /' "$dotenv" >&2
  # GitLab's dotenv parser takes only KEY=value lines with [A-Za-z0-9_] names.
  if grep -vqE '^[A-Za-z0-9_]+=[^[:cntrl:]]*$' "$dotenv"; then
    note "signing-sync.env has a line that GitLab's dotenv report rejects"
    return 1
  fi
  assert_no_secret "$root/stdout" "$root/stderr" "$dotenv" || return 1
  assert_dotenv_outputs "$dotenv"
}

# GitLab without `entrypoint: [""]`: the runner passes its shell probe as the command,
# which the image's entry point must run instead of handing it to signing-sync.
run_gitlab_default_entrypoint() {
  local output
  output=$(podman run --rm --network host "$image" sh -c 'echo shell-ok') || return 1
  [ "$output" = shell-ok ] || {
    note "expected shell-ok, got: $output"
    return 1
  }
}

# Jenkins `agent { docker }`: the container is started with `cat` as its entry point and
# the agent's uid, the workspace is mounted at its host path, and steps run through
# `docker exec`. Secrets from withCredentials arrive as files in <workspace>@tmp.
run_jenkins() {
  local root=$work/jenkins status=0 cid
  local workspace=$root/workspace/signing-sync
  make_workspace "$workspace" || return 1
  mkdir -p "$workspace@tmp"
  printf '%s' "$token" >"$workspace@tmp/bitrise-api-token"
  printf '%s' "$certificate_password" >"$workspace@tmp/certificate-password"
  chown -R 1000:1000 "$root" || return 1
  cid=$(podman run -t -d --network host -u 1000:1000 -w "$workspace" \
    -v "$workspace:$workspace" -v "$workspace@tmp:$workspace@tmp" \
    -e JENKINS_URL=http://127.0.0.1:8080/ -e BUILD_NUMBER=1 \
    --entrypoint cat "$image") || return 1
  containers+=("$cid")
  podman exec -u 1000:1000 -w "$workspace" \
    -e "TOKEN_FILE=$workspace@tmp/bitrise-api-token" -e "PASSWORD_FILE=$workspace@tmp/certificate-password" \
    -e "APP_SLUG=$app_slug" -e "API_URL=$api_url" \
    "$cid" sh -c '
      signing-sync --bitrise-api-token-file "$TOKEN_FILE" --certificate-password-file "$PASSWORD_FILE" \
        --app-slug "$APP_SLUG" --api-base-url "$API_URL" --signing-files-dir signing \
        --output-file signing-sync.properties' \
    >"$root/stdout" 2>"$root/stderr" || status=$?
  podman rm -f "$cid" >/dev/null 2>&1
  tail -n 3 "$root/stderr" >&2
  if [ "$status" -ne 0 ]; then
    note "the sh step exited with status $status"
    cat "$root/stderr" >&2
    return 1
  fi
  note "signing-sync.properties (written as uid 1000):"
  sed 's/^/      /' "$workspace/signing-sync.properties" >&2
  assert_no_secret "$root/stdout" "$root/stderr" "$workspace/signing-sync.properties" || return 1
  assert_dotenv_outputs "$workspace/signing-sync.properties"
}

# Bitrise execution container: the image starts with `sleep infinity` as root, and the
# step runs as `docker exec … bash <step dir>/step.sh` with the inputs as environment
# variables, the host's PATH (without /opt/java/bin) and ENVMAN_ENVSTORE_PATH. A stand-in
# envman on that PATH records what signing-sync exports.
run_bitrise() {
  local root=$work/bitrise status=0 cid
  make_workspace "$root/src" || return 1
  mkdir -p "$root/step" "$root/tools" "$root/deploy"
  cp "$repo/step.sh" "$repo/step.yml" "$root/step/"
  : >"$root/envstore"
  cat >"$root/tools/envman" <<'EOF'
#!/bin/bash
# Stand-in for envman: stores `add --key K --value V` as K=V lines in $ENVMAN_ENVSTORE_PATH.
set -eu
[ "$1" = add ] || { echo "envman stand-in: only 'add' is supported" >&2; exit 1; }
shift
key= value=
while [ "$#" -gt 0 ]; do
  case $1 in
    --key) key=$2; shift 2 ;;
    --value) value=$2; shift 2 ;;
    *) echo "envman stand-in: unknown option $1" >&2; exit 1 ;;
  esac
done
printf '%s=%s\n' "$key" "$value" >>"$ENVMAN_ENVSTORE_PATH"
EOF
  chmod 755 "$root/tools/envman"
  cid=$(podman run -d --network host -u root -w /bitrise/src -v "$root:/bitrise" "$image" sleep infinity) ||
    return 1
  containers+=("$cid")
  if [ "$(podman inspect --format '{{.State.Running}}' "$cid")" != true ]; then
    note "the container did not stay up with 'sleep infinity'"
    return 1
  fi
  podman exec -w /bitrise/src \
    -e PATH=/bitrise/tools:/usr/local/bin:/usr/bin:/bin \
    -e CI=true -e BITRISE_SOURCE_DIR=/bitrise/src -e BITRISE_STEP_SOURCE_DIR=/bitrise/step \
    -e BITRISE_DEPLOY_DIR=/bitrise/deploy -e ENVMAN_ENVSTORE_PATH=/bitrise/envstore \
    -e "BITRISE_APP_SLUG=$app_slug" \
    -e "bitrise_api_token=$token" -e "app_slug=$app_slug" -e signing_files_dir=signing \
    -e is_protected=no -e is_expose=yes -e "certificate_password=$certificate_password" \
    -e "api_base_url=$api_url" -e dry_run=no -e verbose=no \
    "$cid" bash /bitrise/step/step.sh >"$root/stdout" 2>"$root/stderr" || status=$?
  podman rm -f "$cid" >/dev/null 2>&1
  tail -n 3 "$root/stderr" >&2
  if [ "$status" -ne 0 ]; then
    note "step.sh exited with status $status"
    cat "$root/stderr" >&2
    return 1
  fi
  note "envstore written through envman:"
  sed 's/^/      /' "$root/envstore" >&2
  assert_no_secret "$root/stdout" "$root/stderr" "$root/envstore" || return 1
  assert_dotenv_outputs "$root/envstore"
}

# Debian's sh (dash) drops environment variables whose names contain a hyphen, which is
# why the image's entry point is exec-form bash. This run puts `sh -c` in front of the
# entry point, with every required input set: signing-sync must then see no inputs and
# exit 2 (invalid configuration).
run_shell_entrypoint_loses_inputs() {
  local status=0
  podman run --rm --network host -w /tmp \
    -e "INPUT_BITRISE-API-TOKEN=$token" -e "INPUT_APP-SLUG=$app_slug" \
    -e "INPUT_SIGNING-FILES-DIR=/tmp" -e "INPUT_API-BASE-URL=$api_url" -e INPUT_DRY-RUN=yes \
    --entrypoint sh "$image" -c 'exec /opt/signing-sync/bin/signing-sync' \
    >"$work/dash.stdout" 2>"$work/dash.stderr" || status=$?
  if [ "$status" -ne 2 ]; then
    note "expected exit status 2 under sh, got $status:"
    cat "$work/dash.stderr" >&2
    return 1
  fi
  note "under sh the INPUT_* variables were lost, as expected:"
  grep -m 2 -iE 'missing|required' "$work/dash.stderr" | sed 's/^/      /' >&2
}

# ---------------------------------------------------------------------------

check "install linters" install_linters
check "dockerfilelint Dockerfile" lint_dockerfilelint
check "dockerfile-utils lint Dockerfile" lint_dockerfile_utils
check "action-validator action.yml" lint_action
check "yamllint step.yml action.yml" lint_yaml
check "shellcheck step.sh .ci/*.sh" lint_shell
check "podman set-up (.ci/container-env.sh)" prepare_podman

image_built=false
check "podman build" build_image && image_built=true
if [ "$image_built" = true ]; then
  check "image size" check_image_size
  check "podman run IMAGE --help" check_help
  check "class-data sharing archive loads" check_cds_archive
  check "Java trust store has CA certificates" check_trust_store
  check "TLS with ECDHE and an elliptic-curve certificate" check_tls_elliptic_curve

  if [ "${SIGNING_SYNC_SKIP_E2E:-0}" = 1 ]; then
    log "part 2 (runs against the emulator) skipped: SIGNING_SYNC_SKIP_E2E=1"
  elif check "start the Bitrise API emulator" start_emulator; then
    check "GitHub Actions run" run_github
    check "GitLab CI run (entrypoint sh, dotenv report)" run_gitlab
    check "GitLab CI shell probe through the default entry point" run_gitlab_default_entrypoint
    check "Jenkins run (entrypoint cat, docker exec, uid 1000)" run_jenkins
    check "Bitrise execution container run (sleep infinity, step.sh, envman)" run_bitrise
    check "sh entry point loses hyphenated inputs" run_shell_entrypoint_loses_inputs
  fi
fi

log "summary"
if [ "${#failed_checks[@]}" -gt 0 ]; then
  for name in "${failed_checks[@]}"; do
    note "FAILED: $name"
  done
  exit 1
fi
note "all packaging checks passed"
