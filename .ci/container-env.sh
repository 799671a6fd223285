#!/bin/bash
# Sets up rootful podman on a Debian 12 machine that has no container registry,
# so that the project's Dockerfile builds unchanged with `podman build --pull=never`.
#
# Every base image the Dockerfile names is built locally and tagged with its
# upstream name:
#   docker.io/library/debian:bookworm-slim          debootstrap minbase, slimmed like the upstream -slim variant
#   docker.io/library/maven:3.9-eclipse-temurin-17  Debian's OpenJDK 17 JDK + jmods + Maven 3.8.7 (not Temurin, not 3.9)
# Both stand-ins carry the label io.signingsync.stand-in=true and the host's Java
# trust store, because HTTPS to Maven Central goes through a proxy CA that only the
# host trusts. That store is a superset of Debian's, so it does no harm elsewhere.
#
# Safe to re-run: each part is skipped when it is already in place. Must run as root.
# Set SIGNING_SYNC_REBUILD_STAND_INS=1 to rebuild the stand-in images.
set -euo pipefail

readonly DEBIAN_IMAGE=docker.io/library/debian:bookworm-slim
readonly MAVEN_IMAGE=docker.io/library/maven:3.9-eclipse-temurin-17
readonly STAND_IN_LABEL=io.signingsync.stand-in=true
readonly CONTAINERS_CONF=/etc/containers/containers.conf

log() { printf 'container-env: %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (rootful podman, apt-get, debootstrap)"
  exit 2
fi

work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT

install_packages() {
  local missing=()
  local tool
  for tool in podman buildah runc debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "packages: podman, buildah, runc, debootstrap already installed"
    return
  fi
  log "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends podman buildah runc debootstrap >/dev/null
}

# Podman's default ulimits (1048576) exceed this machine's hard limits, and root lacks
# CAP_SYS_RESOURCE to raise them. crun rejects hybrid cgroups here, runc accepts them.
write_containers_conf() {
  local nofile nproc
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  # runc accepted nproc up to 32768 on this machine kind, which equals its kernel.pid_max.
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then
    nproc=32768
  fi
  if [ "$nofile" = unlimited ]; then
    nofile=1048576
  fi

  cat >"$work_dir/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
EOF
  if [ -f "$CONTAINERS_CONF" ] && cmp -s "$work_dir/containers.conf" "$CONTAINERS_CONF"; then
    log "$CONTAINERS_CONF: up to date"
    return
  fi
  if [ -f "$CONTAINERS_CONF" ]; then
    cp "$CONTAINERS_CONF" "$CONTAINERS_CONF.bak"
    log "$CONTAINERS_CONF: previous file saved as $CONTAINERS_CONF.bak"
  fi
  mkdir -p "$(dirname "$CONTAINERS_CONF")"
  cp "$work_dir/containers.conf" "$CONTAINERS_CONF"
  log "$CONTAINERS_CONF: written (nofile=$nofile, nproc=$nproc, runtime runc)"
}

needs_image() {
  [ "${SIGNING_SYNC_REBUILD_STAND_INS:-0}" = 1 ] || ! podman image exists "$1"
}

# Removes what the upstream -slim variant leaves out (documentation, manual pages,
# translations), and keeps later apt-get installs from adding them back.
slim_rootfs() {
  local rootfs=$1
  mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EOF
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/lintian
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/*
}

build_debian_image() {
  if ! needs_image "$DEBIAN_IMAGE"; then
    log "$DEBIAN_IMAGE: present"
    return
  fi
  log "$DEBIAN_IMAGE: building with debootstrap (about 40 s)"
  debootstrap --variant=minbase bookworm "$work_dir/rootfs" >"$work_dir/debootstrap.log" 2>&1 || {
    tail -n 20 "$work_dir/debootstrap.log" >&2
    exit 1
  }
  slim_rootfs "$work_dir/rootfs"
  tar -C "$work_dir/rootfs" -c . |
    podman import --quiet --change 'CMD ["bash"]' --change "LABEL $STAND_IN_LABEL" - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$work_dir/rootfs"
  log "$DEBIAN_IMAGE: imported ($(podman image inspect --format '{{.Size}}' "$DEBIAN_IMAGE") bytes)"
}

# The upstream image is Temurin on Ubuntu with JAVA_HOME=/opt/java/openjdk, the jmods that
# jlink links from, and binutils, whose objcopy `jlink --strip-debug` runs on Linux.
# Debian 12 ships the jmods inside openjdk-17-jdk-headless.
build_maven_image() {
  if ! needs_image "$MAVEN_IMAGE"; then
    log "$MAVEN_IMAGE: present"
    return
  fi
  log "$MAVEN_IMAGE: building stand-in (about 30 s)"
  cp /etc/ssl/certs/java/cacerts "$work_dir/host-cacerts"
  cat >"$work_dir/Dockerfile.maven" <<EOF
FROM $DEBIAN_IMAGE
# OpenJDK's post-install script links man pages, and slim images have no man1 folder.
RUN mkdir -p /usr/share/man/man1 \\
 && apt-get update \\
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless binutils maven ca-certificates \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /opt/java \\
 && ln -s "/usr/lib/jvm/java-17-openjdk-\$(dpkg --print-architecture)" /opt/java/openjdk
COPY host-cacerts /etc/ssl/certs/java/cacerts
ENV JAVA_HOME=/opt/java/openjdk MAVEN_HOME=/usr/share/maven
LABEL $STAND_IN_LABEL
CMD ["mvn"]
EOF
  podman build --quiet --pull=never --network host -f "$work_dir/Dockerfile.maven" \
    -t "$MAVEN_IMAGE" "$work_dir" >/dev/null
  log "$MAVEN_IMAGE: built ($(podman image inspect --format '{{.Size}}' "$MAVEN_IMAGE") bytes)"
}

install_packages
write_containers_conf
build_debian_image
build_maven_image
log "ready: podman $(podman version --format '{{.Client.Version}}'), runtime runc"
