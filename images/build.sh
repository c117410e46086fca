#!/usr/bin/env bash
# Builds Tributary's container images on this machine, with no registry:
#
#   base      a Debian bookworm userland with a Java 17 runtime (debootstrap --variant=minbase from the Debian
#             mirror apt already uses, plus openjdk-17-jre-headless), cached under $CACHE/images and loaded as
#             localhost/tributary/java17-base:bookworm
#   pause     the pod sandbox image for the real node: Debian's static catatonit in an empty image
#   operator  operator/src/main/docker/Dockerfile built on the base (needs operator/target/quarkus-app)
#   runtime   pipeline-runtime/src/main/docker/Dockerfile built on the base (needs pipeline-runtime/target with
#             lib/, plugins/ and the runtime jar)
#
#   images/build.sh [base|pause|operator|runtime|all]...      (default: all)
#
# The application images come from the same Dockerfiles users build with Docker and a registry: only their
# FROM line is replaced (`podman build --from <base> --pull=never`). Every image is built with
# --timestamp (SOURCE_DATE_EPOCH, default 0), so the same inputs give the same image ID. Each built image's
# name and ID is printed on stdout as `<what>=<name>@<id>`; progress goes to stderr.
#
#   CACHE                 ${TRIBUTARY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary}
#   TRIBUTARY_DEBIAN_MIRROR  the mirror debootstrap uses; default: the first Debian URI of apt's sources
#   TRIBUTARY_IMAGE_TAG   the tag of the operator and runtime images (default: dev)
#   TRIBUTARY_IMAGE_NO_CACHE=1  build the operator and runtime images without podman's layer cache
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
CACHE="${TRIBUTARY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary}"
IMAGES="$CACHE/images"
EPOCH="${SOURCE_DATE_EPOCH:-0}"
TAG="${TRIBUTARY_IMAGE_TAG:-dev}"
SUITE=bookworm
BASE_IMAGE="localhost/tributary/java17-base:$SUITE"
PAUSE_IMAGE="localhost/tributary/pause:catatonit"
BASE_PACKAGES=openjdk-17-jre-headless

log() { echo "[images] $*" >&2; }
die() {
  echo "[images] ERROR: $*" >&2
  exit 1
}
mkdir -p "$IMAGES"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/images/containers.conf}"

image_id() { podman image inspect --format '{{.Id}}' "$1" 2>/dev/null; }

# The Debian mirror apt uses here (deb822 or one-line sources), unless told otherwise.
debian_mirror() {
  if [[ -n "${TRIBUTARY_DEBIAN_MIRROR:-}" ]]; then
    echo "$TRIBUTARY_DEBIAN_MIRROR"
    return
  fi
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -nE 's#^URIs:[[:space:]]+([^[:space:]]+/debian)/?$#\1#p' | head -n 1)
  [[ -n "$uri" ]] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -nE 's#^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+/debian)/?[[:space:]]+'"$SUITE"'[[:space:]].*#\2#p' | head -n 1)
  [[ -n "$uri" ]] || die "no Debian mirror in apt's sources; set TRIBUTARY_DEBIAN_MIRROR"
  echo "$uri"
}

# Files that record when and how the userland was made rather than what is in it.
prune_rootfs() {
  local r=$1
  rm -rf "$r"/var/cache/apt/* "$r"/var/lib/apt/lists/* "$r"/var/log/* "$r"/var/cache/ldconfig/aux-cache \
    "$r"/var/cache/debconf/*-old "$r"/var/lib/dpkg/*-old "$r"/tmp/* "$r"/var/tmp/* "$r"/root/.bash_history "$r"/dev/*
  mkdir -p "$r"/var/lib/apt/lists/partial
}

# A tar whose bytes depend only on the files: sorted names, one mtime, numeric owners, no atime/ctime.
reproducible_tar() { # dir out.tar
  tar --sort=name --mtime="@$EPOCH" --clamp-mtime --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$1" -cf "$2" .
}

build_base() {
  local rootfs_tar="$IMAGES/java17-base-$SUITE.tar" work mirror t0
  if [[ -s "$rootfs_tar" ]]; then
    [[ -n "$(image_id "$BASE_IMAGE")" ]] || load_base "$rootfs_tar"
    echo "base=$BASE_IMAGE@$(image_id "$BASE_IMAGE")"
    return
  fi
  command -v debootstrap >/dev/null || die "base: needs debootstrap (apt-get install debootstrap)"
  [[ $(id -u) -eq 0 ]] || die "base: debootstrap needs root"
  mirror=$(debian_mirror)
  t0=$(date +%s)
  work=$(mktemp -d "$IMAGES/base.XXXXXX")
  trap 'rm -rf "$work"' RETURN
  log "debootstrap --variant=minbase $SUITE from $mirror with $BASE_PACKAGES (~2 min)"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    die "base: debootstrap failed"
  }
  chroot "$work/rootfs" dpkg-query -W -f '${Package} ${Version}\n' >"$IMAGES/java17-base-$SUITE.packages"
  prune_rootfs "$work/rootfs"
  reproducible_tar "$work/rootfs" "$work/rootfs.tar"
  mv -f "$work/rootfs.tar" "$rootfs_tar"
  log "base userland: $rootfs_tar ($(($(date +%s) - t0))s; packages in $IMAGES/java17-base-$SUITE.packages)"
  load_base "$rootfs_tar"
  echo "base=$BASE_IMAGE@$(image_id "$BASE_IMAGE")"
}

load_base() { # rootfs.tar
  local ctx
  ctx=$(mktemp -d "$IMAGES/ctx.XXXXXX")
  ln "$1" "$ctx/rootfs.tar" 2>/dev/null || cp "$1" "$ctx/rootfs.tar"
  cat >"$ctx/Containerfile" <<'EOF'
FROM scratch
ADD rootfs.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
CMD ["/bin/bash"]
EOF
  podman build -q --timestamp "$EPOCH" --pull=never -t "$BASE_IMAGE" -f "$ctx/Containerfile" "$ctx" >&2 ||
    { rm -rf "$ctx"; die "base: podman build of the userland failed"; }
  rm -rf "$ctx"
}

build_pause() {
  local ctx bin
  bin=$(command -v catatonit) || die "pause: needs Debian's catatonit (apt-get install catatonit)"
  file -L "$bin" 2>/dev/null | grep -q 'statically linked' || die "pause: $bin is not statically linked"
  ctx=$(mktemp -d "$IMAGES/ctx.XXXXXX")
  cp "$bin" "$ctx/pause"
  printf 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause", "-P"]\n' >"$ctx/Containerfile"
  podman build -q --timestamp "$EPOCH" --pull=never -t "$PAUSE_IMAGE" -f "$ctx/Containerfile" "$ctx" >&2 ||
    { rm -rf "$ctx"; die "pause: podman build failed"; }
  rm -rf "$ctx"
  echo "pause=$PAUSE_IMAGE@$(image_id "$PAUSE_IMAGE")"
}

# build_app NAME MODULE: the module's Dockerfile, its FROM replaced by the local base.
build_app() {
  local name=$1 module=$2 image="localhost/tributary/$1:$TAG"
  [[ -n "$(image_id "$BASE_IMAGE")" ]] || build_base >/dev/null
  local nocache=() previous
  [[ "${TRIBUTARY_IMAGE_NO_CACHE:-}" == 1 ]] && nocache=(--no-cache)
  previous=$(image_id "$image" || true)
  podman build -q "${nocache[@]}" --timestamp "$EPOCH" --build-arg SOURCE_DATE_EPOCH="$EPOCH" --pull=never --from "$BASE_IMAGE" -t "$image" \
    -f "$ROOT/$module/src/main/docker/Dockerfile" "$ROOT/$module" >&2 ||
    die "$name: podman build failed (did '$module' get packaged? see the Dockerfile's header)"
  # The image this tag named before is now untagged: remove it unless a container still uses it (~0.5 GB each).
  [[ -n "$previous" && "$previous" != "$(image_id "$image")" ]] && podman rmi "$previous" >/dev/null 2>&1 || true
  echo "$name=$image@$(image_id "$image")"
}

check_operator_inputs() {
  [[ -f "$ROOT/operator/target/quarkus-app/quarkus-run.jar" ]] ||
    die "operator: no operator/target/quarkus-app; run ./mvnw -B -pl operator -am package -DskipTests"
}
check_runtime_inputs() {
  compgen -G "$ROOT/pipeline-runtime/target/tributary-pipeline-runtime-*.jar" >/dev/null &&
    [[ -d "$ROOT/pipeline-runtime/target/lib" && -d "$ROOT/pipeline-runtime/target/plugins" ]] ||
    die "runtime: pipeline-runtime/target lacks the jar, lib/ or plugins/; run ./mvnw -B -pl pipeline-runtime -am package -DskipTests and ./mvnw -B -pl pipeline-runtime dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib"
}

command -v podman >/dev/null || die "needs podman (apt-get install podman runc)"
[[ $# -gt 0 ]] || set -- all
for what in "$@"; do
  case "$what" in
    base) build_base ;;
    pause) build_pause ;;
    operator) check_operator_inputs && build_app operator operator ;;
    runtime) check_runtime_inputs && build_app pipeline-runtime pipeline-runtime ;;
    all)
      build_base
      build_pause
      check_operator_inputs && build_app operator operator
      check_runtime_inputs && build_app pipeline-runtime pipeline-runtime
      ;;
    *) die "unknown image '$what' (base, pause, operator, runtime, all)" ;;
  esac
done
