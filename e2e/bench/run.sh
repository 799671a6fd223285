#!/usr/bin/env bash
# Benchmarks signing-sync against the local Bitrise API emulator, which adds a fixed latency to
# every request, and prints a Markdown report. The report compares the wall time of a first sync
# and of a no-op re-run with a sequential baseline and with the critical-path bound. It also lists
# the requests sent next to the minimum, max RSS, and the time from launch to the first API
# request with and without CDS. Everything runs on 127.0.0.1.
#
# Usage: bash e2e/bench/run.sh [--sizes 10,100,500] [--latency-ms 50] [--parallel 4]
#                              [--startup-runs 5] [--jvm step|default] [--java PATH]
#                              [--cache-dir DIR] [--build]
# Quick mode: bash e2e/bench/run.sh --sizes 10
#
# Builds target/signing-sync.jar and e2e/emulator/target/bitrise-emulator.jar when they are
# missing (--build rebuilds both). Needs Java 17+, Maven, openssl 3, and GNU time at
# /usr/bin/time for the memory column (`apt-get install time`); without it that column is n/a.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
bench_dir="$repo/e2e/bench"
sizes="10,100,500"
latency_ms=50
parallel=4
startup_runs=5
cache="${TMPDIR:-/tmp}/signing-sync-bench"
build=no
jvm=step
java_command="$(command -v java || true)"

usage() {
  sed -n '8,11p' "$0" | sed 's/^# \{0,1\}//'
}

while [ "$#" -gt 0 ]; do
  case "$1" in
    --sizes) sizes="${2:?--sizes needs a value, such as 10,100,500}"; shift 2 ;;
    --latency-ms) latency_ms="${2:?--latency-ms needs a value in milliseconds}"; shift 2 ;;
    --parallel) parallel="${2:?--parallel needs a value from 1 to 16}"; shift 2 ;;
    --startup-runs) startup_runs="${2:?--startup-runs needs a count}"; shift 2 ;;
    --jvm) jvm="${2:?--jvm needs step (the JVM options of step.sh and the image) or default}"; shift 2 ;;
    --cache-dir) cache="${2:?--cache-dir needs a folder}"; shift 2 ;;
    --java) java_command="${2:?--java needs the path of the java launcher that runs the product and the baseline}"; shift 2 ;;
    --build) build=yes; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$jvm" != step ] && [ "$jvm" != default ]; then
  echo "Invalid --jvm '$jvm': expected step (the JVM options of step.sh and the image) or default (none)" >&2
  exit 2
fi
if ! [[ "$sizes" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]]; then
  echo "Invalid --sizes '$sizes': expected positive integers separated by commas, such as 10,100,500" >&2
  exit 2
fi
for value in "$latency_ms" "$parallel" "$startup_runs"; do
  if ! [[ "$value" =~ ^[0-9]+$ ]]; then
    echo "Invalid value '$value': --latency-ms, --parallel and --startup-runs take whole numbers" >&2
    exit 2
  fi
done
if [ "$parallel" -lt 1 ] || [ "$parallel" -gt 16 ] || [ "$startup_runs" -lt 1 ]; then
  echo "Invalid --parallel $parallel or --startup-runs $startup_runs: parallel is 1 to 16, runs at least 1" >&2
  exit 2
fi

if [ -z "$java_command" ] || ! "$java_command" -version >/dev/null 2>&1; then
  echo "No working java launcher at '$java_command'; put Java 17+ on PATH or pass --java PATH" >&2
  exit 2
fi

product_jar="$repo/target/signing-sync.jar"
emulator_jar="$repo/e2e/emulator/target/bitrise-emulator.jar"
if [ "$build" = yes ] || [ ! -f "$product_jar" ]; then
  echo "[bench] Building $product_jar" >&2
  (cd "$repo" && mvn -q -B -DskipTests package) >&2
fi
if [ "$build" = yes ] || [ ! -f "$emulator_jar" ]; then
  echo "[bench] Building $emulator_jar" >&2
  (cd "$repo" && mvn -q -B -f e2e/pom.xml -DskipTests package) >&2
fi

time_command=""
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
  time_command=/usr/bin/time
else
  echo "[bench] GNU time is not at /usr/bin/time, so max RSS and CPU time are not measured; install it with apt-get install time" >&2
fi

# Jackson from the emulator's dependency folder parses JSON in the harness and the baseline.
jackson_classpath=""
for jar in "$repo"/e2e/emulator/target/lib/jackson-core-*.jar "$repo"/e2e/emulator/target/lib/jackson-databind-*.jar \
    "$repo"/e2e/emulator/target/lib/jackson-annotations-*.jar; do
  if [ ! -f "$jar" ]; then
    echo "Missing $jar; build the emulator: mvn -q -f e2e/pom.xml -DskipTests package" >&2
    exit 1
  fi
  jackson_classpath="$jackson_classpath:$jar"
done
jackson_classpath="${jackson_classpath#:}"

mkdir -p "$cache"
echo "[bench] Making signing files in $cache (cached between runs)" >&2
IFS=',' read -r -a size_list <<< "$sizes"
bash "$bench_dir/make-files.sh" "$cache" "${size_list[@]}"

classes="$cache/classes"
rm -rf "$classes"
mkdir -p "$classes"
javac -d "$classes" -cp "$jackson_classpath" "$bench_dir/Bench.java" "$bench_dir/SequentialBaseline.java"

work="$(mktemp -d "${TMPDIR:-/tmp}/signing-sync-bench-run.XXXXXX")"

# The benchmark runs copies of the jars, so a rebuild in the working tree during the run cannot
# change or break the program under test.
mkdir -p "$work/jars/emulator"
cp "$product_jar" "$work/jars/signing-sync.jar"
cp -r "$emulator_jar" "$repo/e2e/emulator/target/lib" "$work/jars/emulator/"
product_jar="$work/jars/signing-sync.jar"
emulator_jar="$work/jars/emulator/bitrise-emulator.jar"
emulator_options=(--s3proxy-classpath "$repo/e2e/s3proxy-runtime/target/s3proxy.classpath")
# Newer emulator builds check requests against the API spec and find it relative to their jar,
# which the copy moves, so the spec is passed explicitly to the builds that take --spec.
emulator_help=$(java -jar "$emulator_jar" --help)
if grep -q -- '--spec' <<<"$emulator_help"; then
  emulator_options+=(--spec "$repo/../shared/api/bitrise-ci.json")
fi
product_sha256="$(sha256sum "$product_jar" | cut -c1-12)"
product_built="$(date -u -r "$repo/target/signing-sync.jar" +%Y-%m-%dT%H:%M:%SZ)"
emulator_built="$(date -u -r "$repo/e2e/emulator/target/bitrise-emulator.jar" +%Y-%m-%dT%H:%M:%SZ)"
git_state="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$repo" status --porcelain -- src pom.xml 2>/dev/null)" ]; then
  git_state="$git_state with uncommitted changes in src/ or pom.xml"
fi
emulator_pid=""
stop_emulator() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work/jars"
}
trap stop_emulator EXIT

token="bench-token"
app_slug="bench-app"
# sun.net.httpserver.nodelay turns on TCP_NODELAY in the JDK's HTTP server. Without it, a JSON
# response written after its headers waits for the client's delayed ACK. On a 2-core Linux VM
# with JDK 17 that added about 40 ms to each API request on loopback, on top of the latency.
java -Dsun.net.httpserver.nodelay=true -jar "$emulator_jar" "${emulator_options[@]}" --app-slug "$app_slug" --token "$token" \
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
admin_url="$(sed -n 's/^EMULATOR_ADMIN_URL=//p' "$work/ready")"
echo "[bench] Emulator ready at $api_url; run logs in $work" >&2

java -cp "$classes:$jackson_classpath" Bench \
  --java "$java_command" \
  --product-jar "$product_jar" \
  --baseline-classpath "$classes:$jackson_classpath" \
  --api-url "$api_url" --admin-url "$admin_url" --app-slug "$app_slug" --token "$token" \
  --certificate-password "$(cat "$cache/p12-password")" \
  --files-root "$cache" --work-dir "$work" \
  --sizes "$sizes" --latency-ms "$latency_ms" --parallel "$parallel" --startup-runs "$startup_runs" --jvm "$jvm" \
  --time-command "$time_command" \
  --product-description "target/signing-sync.jar built $product_built, SHA-256 $product_sha256..., commit $git_state" \
  --emulator-description "e2e/emulator/target/bitrise-emulator.jar built $emulator_built, JVM option -Dsun.net.httpserver.nodelay=true; it and its S3Proxy JVM share the machine's CPUs with the measured process" \
  | tee "$cache/last-report.md"
echo "[bench] The report is also in $cache/last-report.md" >&2
