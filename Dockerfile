# signing-sync image: one image for GitHub Docker actions, Bitrise execution containers,
# GitLab CI and Jenkins jobs, and plain `docker run`.
#
# Stage 1 builds the runnable jar with Maven, stage 2 cuts a Java runtime down to the
# modules the jar uses with jlink, and the last stage is Debian slim with that runtime.
# The image runs as root and sets no WORKDIR, because GitHub Docker actions need root to
# write $GITHUB_OUTPUT and mount the workspace as the working directory.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies and plugins first, so that a source change reuses this layer.
COPY pom.xml ./
RUN mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package \
 && test -f target/signing-sync.jar


FROM maven:3.9-eclipse-temurin-17 AS runtime
COPY --from=build /src/target/signing-sync.jar /tmp/signing-sync.jar
# jdeps lists the modules the jar's classes refer to. Two adjustments:
#  - java.desktop and java.sql are dropped. Only Jackson refers to them (java.beans
#    annotations, java.sql date types), and Jackson's own module descriptor declares both
#    `requires static`, so it runs without them. The grep fails the build if any other
#    class starts to need them. Together they would add java.xml and the AWT libraries.
#  - jdk.crypto.ec is added: it holds the elliptic-curve TLS cipher suites, is loaded as a
#    security provider at run time so jdeps cannot see it, and is a separate module up to JDK 21.
# --compress=2 is the JDK 17 spelling (JDK 21 renamed it to zip-6).
RUN jdeps --ignore-missing-deps --multi-release 17 -verbose:class /tmp/signing-sync.jar >/tmp/jdeps.txt \
 && if grep -E '^ .* (java\.desktop|java\.sql)$' /tmp/jdeps.txt | grep -vE '^ +com\.fasterxml\.jackson\.'; then \
      echo "classes outside Jackson need java.desktop or java.sql: add them to the runtime" >&2; exit 1; \
    fi \
 && modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 /tmp/signing-sync.jar \
      | tr ',' '\n' | grep -vxE 'java\.desktop|java\.sql' | tr '\n' ',')jdk.crypto.ec" \
 && echo "runtime modules: ${modules}" \
 && jlink \
      --add-modules "${modules}" \
      --strip-debug --no-man-pages --no-header-files --compress=2 \
      --output /javaruntime \
 && /javaruntime/bin/java --list-modules


FROM debian:bookworm-slim
# SIGNING_SYNC_COMMAND tells step.sh, when Bitrise runs the step inside this image as an
# execution container, to start this launcher instead of building the jar. step.sh cannot
# rely on PATH there, because Bitrise passes the host's PATH into the container.
# LANG: Java decodes file names with the locale's character set, and Debian slim sets no
# locale, so names such as "Café.mobileprovision" would be unreadable without C.UTF-8.
ENV LANG=C.UTF-8 \
    JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SIGNING_SYNC_COMMAND=/opt/signing-sync/bin/signing-sync

COPY --from=runtime /javaruntime /opt/java
COPY --from=build /src/target/signing-sync.jar /opt/signing-sync/signing-sync.jar

# The entry point: a bash script, because it must keep variables such as
# INPUT_BITRISE-API-TOKEN that GitHub sets and Debian's sh (dash) drops. It runs any
# command it is given that is not an option (Bitrise's `sleep infinity`, GitLab's shell
# probe, `bash`) unchanged, and starts signing-sync otherwise.
# SerialGC and C1-only compilation shorten the start of a short-lived command-line program.
# JVM warnings go to stderr instead of stdout, which carries the program's output, and the
# class-data sharing ones are dropped.
RUN mkdir -p /opt/signing-sync/bin \
 && printf '%s\n' \
      '#!/bin/bash' \
      'if [ "$#" -gt 0 ] && [ "${1#-}" = "$1" ] && command -v "$1" >/dev/null 2>&1; then' \
      '  exec "$@"' \
      'fi' \
      'exec /opt/java/bin/java -Xlog:disable -Xlog:all=warning:stderr \' \
      '  -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr \' \
      '  -XX:SharedArchiveFile=/opt/signing-sync/signing-sync.jsa \' \
      '  -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /opt/signing-sync/signing-sync.jar "$@"' \
      >/opt/signing-sync/bin/signing-sync \
 && chmod 755 /opt/signing-sync/bin/signing-sync \
 && ln -s /opt/signing-sync/bin/signing-sync /usr/local/bin/signing-sync

# Class-data sharing archives, made here because each is only valid for this exact runtime
# and jar path. -Xshare:dump writes the runtime's base archive (lib/server/classes.jsa,
# which jlink leaves out). The training run then records the application's classes on top:
# a dry run of an empty folder, which reads the configuration, scans and writes the report
# without sending a request. Its API URL is a closed loopback port, so a future version
# that does send a request fails fast, and the archive still holds what was loaded.
# Measured inside the image on a 2-core x86-64 VM (mean of 10 runs), a dry run took 0.18 s
# with this archive and 0.34 s with the base archive alone.
RUN java -Xshare:dump -Xlog:cds=off -Xlog:cds+dynamic=off \
 && mkdir /tmp/training \
 && echo training-token >/tmp/training/token \
 && { java -XX:ArchiveClassesAtExit=/opt/signing-sync/signing-sync.jsa -Xlog:cds=off \
        -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /opt/signing-sync/signing-sync.jar \
        --signing-files-dir /tmp/training --app-slug training \
        --bitrise-api-token-file /tmp/training/token --api-base-url http://127.0.0.1:9/v0.1 \
        --dry-run yes --report-file /tmp/training/report.json >/dev/null 2>&1 \
      || echo "CDS training run exited with status $?; the archive holds the classes it loaded"; } \
 && rm -rf /tmp/training \
 && test -s /opt/signing-sync/signing-sync.jsa \
 && signing-sync --version

# Exec form with an absolute path: no /bin/sh stands between the container runtime and the
# entry point. No CMD, so a GitHub action starts signing-sync with no arguments.
ENTRYPOINT ["/opt/signing-sync/bin/signing-sync"]
CMD []
