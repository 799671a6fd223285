# signing-sync image: one image for GitHub Docker actions, Bitrise execution containers,
# GitLab CI and Jenkins jobs, and plain `docker run`.
#
# Stage `build` builds the runnable jar with Maven, and stage `runtime` cuts a Java runtime
# down to the modules the jar uses with jlink. Stage `rootfs` makes the class-data sharing
# archive and collects the runtime, the jar, the archive and the few Debian files a CI job
# needs (glibc, bash, dash as sh, some coreutils) into one folder, which is the whole final
# image (FROM scratch).
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
# jdeps lists the modules the jar's classes refer to (--list-deps, because the reduced list
# of --print-module-deps hides java.xml and java.logging behind java.sql). Two adjustments:
#  - java.desktop and java.sql are dropped, because only classes that are never loaded refer
#    to them. Jackson's module descriptor declares both `requires static` (java.beans
#    annotations, java.sql date types), and Bouncy Castle's LDAPStoreHelper, which serves LDAP
#    certificate stores that signing-sync never opens, uses java.sql.Date. The grep fails the
#    build if any other class starts to need them. Together they would add the AWT libraries.
#  - jdk.crypto.ec is added: it holds the elliptic-curve TLS cipher suites, is loaded as a
#    security provider at run time so jdeps cannot see it, and is a separate module up to JDK 21.
# --compress=2 is the JDK 17 spelling (JDK 21 renamed it to zip-6).
# `strip --strip-unneeded` removes libjvm.so's symbol table (4 MB), which only names the
# functions in a crash report (hs_err file). The dynamic symbols the JVM needs stay.
RUN jdeps --ignore-missing-deps --multi-release 17 -verbose:class /tmp/signing-sync.jar >/tmp/jdeps.txt \
 && if grep -E '^ .* (java\.desktop|java\.sql)$' /tmp/jdeps.txt \
      | grep -vE '^ +(com\.fasterxml\.jackson\.|org\.bouncycastle\.x509\.util\.LDAPStoreHelper )'; then \
      echo "classes other than Jackson and LDAPStoreHelper need java.desktop or java.sql: add them to the runtime" >&2; exit 1; \
    fi \
 && modules="$(jdeps --ignore-missing-deps --list-deps --multi-release 17 /tmp/signing-sync.jar \
      | sed -e 's/^ *//' -e 's,/.*,,' | sort -u | grep -vxE 'java\.desktop|java\.sql' | tr '\n' ',')jdk.crypto.ec" \
 && echo "runtime modules: ${modules}" \
 && jlink \
      --add-modules "${modules}" \
      --strip-debug --no-man-pages --no-header-files --compress=2 \
      --output /javaruntime \
 && strip --strip-unneeded /javaruntime/lib/server/libjvm.so \
 && /javaruntime/bin/java --list-modules \
 && test -s /javaruntime/lib/security/cacerts


FROM debian:bookworm-slim AS rootfs
# The runtime and the jar are at the paths they have in the image, because a class-data
# sharing archive is only valid for the runtime and the jar path and timestamp it was made with.
COPY --from=runtime /javaruntime /opt/java
COPY --from=build /src/target/signing-sync.jar /opt/signing-sync/signing-sync.jar
COPY e2e/example /tmp/training/signing

# A static class-data sharing archive of the classes that a training run loads, JDK and
# application classes together, so no base archive of the whole runtime is needed.
# The training run is a dry run of the example signing files that the end-to-end tests use:
# it reads the configuration, scans the folder, inspects a .p12 and two provisioning
# profiles (one with a non-ASCII name), and sends its first requests to a closed loopback
# port, so the HTTP client's classes are recorded. It gives up after its retries, which a
# short base delay keeps under a second.
# The archive is dumped with SerialGC, the launcher's collector, because JDK 17 archives
# Java heap objects only for G1.
# Measured on a 2-core x86-64 VM busy with other builds (median of 10 dry runs of
# e2e/example against a local HTTP server), the first request left 0.48-0.55 s after the
# start with this archive and 0.84 s without one. The archive adds about 29 MB.
RUN cd /tmp/training \
 && echo training-token >token \
 && echo example-password >password \
 && { LANG=C.UTF-8 /opt/java/bin/java -XX:DumpLoadedClassList=classes.txt -Xshare:off -Xlog:disable \
        -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dsigningsync.retryBaseDelay=PT0.01S \
        -jar /opt/signing-sync/signing-sync.jar \
        --signing-files-dir signing --app-slug training --bitrise-api-token-file token \
        --certificate-password-file password --api-base-url http://127.0.0.1:9/v0.1 \
        --dry-run yes --report-file report.json >training.log 2>&1 \
      || echo "CDS training run exited with status $?; the archive holds the classes it loaded"; } \
 && tail -n 3 training.log \
 && /opt/java/bin/java -Xshare:dump -XX:SharedClassListFile=classes.txt \
      -XX:SharedArchiveFile=/opt/signing-sync/signing-sync.jsa -XX:+UseSerialGC \
      -Xlog:disable -Xlog:cds=error -cp /opt/signing-sync/signing-sync.jar \
 && echo "classes in the archive: $(grep -c '^[^#@]' classes.txt)" \
 && rm -rf /tmp/training

# The entry point: a bash script, because it must keep variables such as
# INPUT_BITRISE-API-TOKEN that GitHub sets and dash drops. It runs any command it is given
# that is not an option (Bitrise's `sleep infinity`, GitLab's shell probe, `bash`)
# unchanged, and starts signing-sync otherwise.
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
 && chmod 755 /opt/signing-sync/bin/signing-sync

# The commands CI systems run in the image besides signing-sync: bash (the entry point,
# Bitrise's step.sh), dash as sh (GitLab's shell probe, Jenkins `sh` steps), cat (Jenkins'
# entry point), sleep (Bitrise's `sleep infinity`), env, ls, dirname (step.sh), and mkdir,
# rm, mv, touch, chmod and nohup, which job scripts and Jenkins' shell-step wrapper call.
# Anything else (grep, sed, cp, a package manager) is not in the image.
# /opt/java and /opt/signing-sync are copied with their timestamps, which the archive checks.
# Every other file is copied to its real path below /usr, under the name (soname) that ldd
# shows, and the root links of Debian's merged /usr (/bin -> usr/bin, /lib64 -> usr/lib64, ...)
# are recreated, so the dynamic loader finds the libraries where Debian puts them.
# ldd also lists the libraries of the Java runtime (glibc, libz, libstdc++, libgcc_s), with
# LD_LIBRARY_PATH pointing at the runtime's own folders, where the java launcher finds them.
# The C.UTF-8 locale files let Java decode non-ASCII file names (LANG below). For each
# package a file came from, its dpkg status (read by image scanners, as in distroless
# images) and its copyright file are copied as well. libgcc-s1 and libstdc++6 have no
# copyright file of their own, because Debian keeps it in gcc-N-base.
RUN set -eu; \
    : >/tmp/packages; \
    mkdir -p /rootfs/usr/local/bin; \
    copy_file() { \
      dir=$(cd "$(dirname "$1")" && pwd -P); \
      mkdir -p "/rootfs$dir"; \
      cp -L "$1" "/rootfs$dir/"; \
      { dpkg -S "$1" 2>/dev/null || dpkg -S "$dir/$(basename "$1")"; } | head -n 1 | cut -d: -f1 >>/tmp/packages; \
    }; \
    copy_with_libraries() { \
      copy_file "$1"; \
      if ldd "$1" | grep 'not found'; then echo "$1: a library is missing" >&2; exit 1; fi; \
      for library in $(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do \
        copy_file "$library"; \
      done; \
    }; \
    for link in bin sbin lib lib32 lib64 libx32; do \
      if [ -L "/$link" ]; then ln -s "$(readlink "/$link")" "/rootfs/$link"; fi; \
    done; \
    for tool in /bin/bash /bin/dash /bin/cat /bin/sleep /usr/bin/env /bin/ls /bin/mkdir /bin/rm \
        /bin/mv /bin/touch /bin/chmod /usr/bin/nohup /usr/bin/dirname; do \
      copy_with_libraries "$tool"; \
    done; \
    ln -s dash /rootfs/usr/bin/sh; \
    mkdir -p /rootfs/opt; \
    cp -a /opt/java /opt/signing-sync /rootfs/opt/; \
    ln -s /opt/signing-sync/bin/signing-sync /rootfs/usr/local/bin/signing-sync; \
    export LD_LIBRARY_PATH=/opt/java/lib/server:/opt/java/lib; \
    for library in /opt/java/bin/java $(find /opt/java/lib -name '*.so'); do \
      if ldd "$library" | grep 'not found'; then echo "$library: a library is missing" >&2; exit 1; fi; \
      for dependency in $(ldd "$library" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do \
        case $dependency in /opt/java/*) ;; *) copy_file "$dependency" ;; esac; \
      done; \
    done; \
    unset LD_LIBRARY_PATH; \
    mkdir -p /rootfs/usr/lib/locale; \
    cp -a /usr/lib/locale/C.utf8 /rootfs/usr/lib/locale/; \
    echo libc-bin >>/tmp/packages; \
    mkdir -p /rootfs/etc /rootfs/root /rootfs/tmp /rootfs/usr/sbin /rootfs/var/lib/dpkg/status.d; \
    chmod 700 /rootfs/root; \
    chmod 1777 /rootfs/tmp; \
    echo 'root:x:0:0:root:/root:/bin/bash' >/rootfs/etc/passwd; \
    echo 'root:x:0:' >/rootfs/etc/group; \
    cp /etc/nsswitch.conf /rootfs/etc/; \
    cp -L /etc/os-release /rootfs/etc/; \
    mkdir -p /rootfs/etc/ssl/certs; \
    for package in $(sort -u /tmp/packages); do \
      dpkg-query -s "$package" >"/rootfs/var/lib/dpkg/status.d/$package"; \
      if [ -f "/usr/share/doc/$package/copyright" ]; then \
        mkdir -p "/rootfs/usr/share/doc/$package"; \
        cp "/usr/share/doc/$package/copyright" "/rootfs/usr/share/doc/$package/"; \
      fi; \
    done; \
    for base in /usr/share/doc/gcc-*-base; do \
      if [ -f "$base/copyright" ]; then mkdir -p "/rootfs$base" && cp "$base/copyright" "/rootfs$base/"; fi; \
    done; \
    echo "packages: $(sort -u /tmp/packages | tr '\n' ' ')"


FROM scratch
COPY --from=rootfs /rootfs /
# The PEM bundle of CA certificates is for tools other than Java that run in the container,
# such as CircleCI's agent when it attaches a workspace; Java uses its own trust store.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
# SIGNING_SYNC_COMMAND tells step.sh, when Bitrise runs the step inside this image as an
# execution container, to start this launcher instead of building the jar. step.sh cannot
# rely on PATH there, because Bitrise passes the host's PATH into the container.
# LANG: Java decodes file names with the locale's character set, so names such as
# "Café.mobileprovision" need a UTF-8 locale. The image has only C and C.UTF-8.
ENV LANG=C.UTF-8 \
    JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SIGNING_SYNC_COMMAND=/opt/signing-sync/bin/signing-sync

# Checks the files this image has. Java must decode file names as UTF-8, which needs the
# C.UTF-8 locale files, and the archive must load (-Xshare:on fails the run otherwise).
# -XX:-UsePerfData keeps these runs from leaving /tmp/hsperfdata_root in the layer.
RUN case "$(java -XX:-UsePerfData -XshowSettings:properties -version 2>&1)" in \
      *'sun.jnu.encoding = UTF-8'*) ;; \
      *) echo "Java does not decode file names as UTF-8: is the C.UTF-8 locale missing?" >&2; exit 1 ;; \
    esac \
 && java -XX:-UsePerfData -Xshare:on -XX:SharedArchiveFile=/opt/signing-sync/signing-sync.jsa \
      -jar /opt/signing-sync/signing-sync.jar --version

# Exec form with an absolute path: no /bin/sh stands between the container runtime and the
# entry point. No CMD, so a GitHub action starts signing-sync with no arguments.
ENTRYPOINT ["/opt/signing-sync/bin/signing-sync"]
CMD []
