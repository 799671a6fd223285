#!/usr/bin/env bash
# Runs signing-sync on e2e/example against a local Bitrise API emulator, twice: the first run
# uploads the three example files, the second finds them on the emulator and uploads nothing.
# Build both jars first, from the repo root:
#   mvn -q -DskipTests package && mvn -q -f e2e/pom.xml -DskipTests package
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
emulator_jar="$repo/e2e/emulator/target/bitrise-emulator.jar"
product_jar="$repo/target/signing-sync.jar"
for jar in "$emulator_jar" "$product_jar"; do
  if [ ! -f "$jar" ]; then
    echo "Missing $jar. Build it: mvn -q -DskipTests package && mvn -q -f e2e/pom.xml -DskipTests package" >&2
    exit 1
  fi
done

work="$(mktemp -d)"
emulator_pid=""
stop_emulator() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_emulator EXIT

token="example-token"
app_slug="example-app"
java -jar "$emulator_jar" --app-slug "$app_slug" --token "$token" \
  --ready-file "$work/ready" --work-dir "$work/emulator" > "$work/emulator.log" 2>&1 &
emulator_pid=$!

for _ in $(seq 1 300); do
  [ -f "$work/ready" ] && break
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    echo "The emulator exited during startup:" >&2
    cat "$work/emulator.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -f "$work/ready" ]; then
  echo "The emulator did not become ready within 30 s; its log:" >&2
  cat "$work/emulator.log" >&2
  exit 1
fi
api_url="$(sed -n 's/^EMULATOR_URL=//p' "$work/ready")"
echo "Emulator ready at $api_url"
if grep -q 'WITHOUT checking requests' "$work/emulator.log"; then
  echo "Note: Bitrise's API spec was not found at ../shared/api/bitrise-ci.json beside the repository," \
    "so the emulator does not check the requests against it (the e2e tests do)."
fi

# Outputs go to a dotenv file, as on a CI without its own output mechanism; the product runs in
# $work so its report lands there.
run_product() {
  : > "$work/outputs"
  cd "$work" && env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" \
    bitrise_api_token="$token" app_slug="$app_slug" api_base_url="$api_url" \
    signing_files_dir="$repo/e2e/example" certificate_password="example-password" \
    java -jar "$product_jar" --output-file "$work/outputs" < /dev/null
}

for attempt in first second; do
  echo
  echo "=== $attempt run ==="
  status=0
  run_product || status=$?
  echo "--- exit code: $status; outputs:"
  cat "$work/outputs"
  if [ "$status" -ne 0 ]; then
    exit "$status"
  fi
done
