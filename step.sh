#!/bin/bash
# Bitrise step entry point (bash toolkit). Bitrise has no Java toolkit, so this script
# builds signing-sync's jar from the step's source once, with the Maven wrapper, and
# runs it. The step inputs arrive as environment variables named after their keys
# (bitrise_api_token, app_slug, ...); signing-sync reads them itself and exports its
# outputs with envman. The exit code is signing-sync's: 0 synced, 1 sync failed,
# 2 invalid configuration. This script exits 2 itself when no usable Java is found.
set -euo pipefail

log() { printf 'signing-sync step: %s\n' "$*" >&2; }

step_dir=${BITRISE_STEP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}

# Inside the signing-sync image (a Bitrise execution container) the launcher is ready, with
# its own Java runtime and class-data sharing archive, so nothing needs to be built.
if [ -n "${SIGNING_SYNC_COMMAND:-}" ] && [ -x "$SIGNING_SYNC_COMMAND" ]; then
  exec "$SIGNING_SYNC_COMMAND"
fi

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_cmd=$JAVA_HOME/bin/java
elif command -v java >/dev/null 2>&1; then
  java_cmd=$(command -v java)
else
  log "Java 17 or newer is required, but no java was found on PATH or in JAVA_HOME. Install a JDK or select one with the set-java-version step."
  exit 2
fi

# Prints the feature release in `java -version` output ($1): 17 for "17.0.15", 8 for "1.8.0_412".
java_feature_version() {
  local version
  version=$(sed -n 's/.* version "\([^"]*\)".*/\1/p' <<<"$1" | sed -n 1p)
  version=${version#1.}
  printf '%s\n' "${version%%[!0-9]*}"
}

java_version_output=$("$java_cmd" -version 2>&1 || true)
java_version=$(java_feature_version "$java_version_output")
if [ -z "$java_version" ] || [ "$java_version" -lt 17 ]; then
  log "Java 17 or newer is required, but $java_cmd is version ${java_version:-unknown}. Set JAVA_HOME to a JDK 17+ or select one with the set-java-version step."
  exit 2
fi

# Java on Linux decodes file names with the locale's character set. Without a UTF-8 locale it
# cannot read non-ASCII names such as "Café.mobileprovision", and signing-sync exits with 2.
if [ "$(uname -s)" = Linux ]; then
  ctype=${LC_ALL:-${LC_CTYPE:-${LANG:-}}}
  case $ctype in
    *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
    *)
      log "the locale '${ctype:-POSIX}' is not UTF-8, so signing-sync runs with LC_ALL=C.UTF-8"
      export LC_ALL=C.UTF-8
      ;;
  esac
fi

jar=$step_dir/target/signing-sync.jar

# Prints the first build input that is newer than the jar, or nothing.
newer_source() {
  find "$step_dir/pom.xml" "$step_dir/src/main" -newer "$jar" -print 2>/dev/null | sed -n 1p
}

build_reason=
if [ ! -f "$jar" ]; then
  build_reason="no jar at $jar"
elif [ -d "$step_dir/src/main" ]; then
  changed=$(newer_source)
  if [ -n "$changed" ]; then
    build_reason="$changed is newer than the jar"
  fi
fi

if [ -n "$build_reason" ]; then
  log "building the jar with the Maven wrapper ($build_reason)"
  # The wrapper downloads Maven 3.9 on first use. maven.test.skip also skips compiling the tests.
  (
    cd "$step_dir"
    JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$java_cmd")")")}
    export JAVA_HOME
    sh ./mvnw -q -B -Dmaven.test.skip=true package
  ) >&2
  if [ ! -f "$jar" ]; then
    log "the Maven build finished but did not produce $jar"
    exit 1
  fi
  # A class-data sharing archive is only valid for the jar it was made with.
  rm -f "$step_dir"/target/signing-sync-*.jsa
fi

# JVM warnings go to stdout by default, where they would mix with the program's output.
# These options send them to stderr and drop the class-data sharing ones, which only
# concern start-up time.
java_options=(-Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr
  -XX:+UseSerialGC -XX:TieredStopAtLevel=1)

# A class-data sharing archive of the application is made on the first run and used later:
# JDK 19+ does both with -XX:+AutoCreateSharedArchive; JDK 13-18 write it at exit with
# -XX:ArchiveClassesAtExit and read it with -XX:SharedArchiveFile. An archive only loads in
# the JDK build that made it, and JDK 25 did not replace an archive that failed to load, so
# each JDK gets its own file, named after a checksum of its `java -version` output. The
# build above deletes them all.
jdk_id=$(printf '%s\n' "$java_version_output" | cksum | cut -d ' ' -f 1)
cds_archive=$step_dir/target/signing-sync-$jdk_id.jsa
if [ ! -f "$cds_archive" ]; then
  find "$step_dir/target" -maxdepth 1 -name 'signing-sync-*.jsa' -delete
fi
if [ "$java_version" -ge 19 ]; then
  java_options+=(-XX:SharedArchiveFile="$cds_archive" -XX:+AutoCreateSharedArchive)
elif [ -f "$cds_archive" ]; then
  java_options+=(-XX:SharedArchiveFile="$cds_archive")
else
  java_options+=(-XX:ArchiveClassesAtExit="$cds_archive")
fi

exec "$java_cmd" "${java_options[@]}" -jar "$jar"
