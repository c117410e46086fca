#!/usr/bin/env bash
# Builds a Kind node image on this machine, with no registry, for KindCluster (Kindcontainer through podman's
# Docker-compatible API). Kindcontainer starts the image the way Kind does (privileged, entrypoint
# /usr/local/bin/entrypoint /sbin/init, waits for systemd's "Reached target multi-user.target", then runs
# `kubeadm init` and `kubectl apply` of /kind/manifests/default-{cni,storage}.yaml inside it).
#
# The node is made from:
#   userland   debootstrap --variant=minbase bookworm with systemd, Debian's containerd 1.6 and runc, the CNI plugins,
#              iptables, conntrack (the same mirror images/build.sh uses), cached as a tar
#   Kind files the base-image files of sigs.k8s.io/kind (entrypoint, systemd units, containerd config) from the Go
#              module proxy, with containerd's config adapted to containerd 1.6 and this machine (runc,
#              restrict_oom_score_adj: a negative oom_score_adj cannot be set here)
#   binaries   kubelet, kubeadm, kubectl, and, as images in the node's containerd (imported at boot, before
#              multi-user.target), kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy, etcd,
#              CoreDNS and the pause image, all from e2e/provision/provision.sh's toolchain (kubeadm is built here
#              from the same k8s.io/kubernetes wrapper module)
#   network    a static CNI bridge (no masquerading) instead of kindnet; storage: the controller-manager's host-path
#              provisioner (Kindcontainer enables it) as the default StorageClass
#
#   e2e/provision/kind-node.sh          prints `kind-node=<image>` on stdout; progress on stderr
#
#   CACHE   ${TRIBUTARY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary}
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
CACHE="${TRIBUTARY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary}"
KIND_VERSION=v0.30.0            # the Kind release whose base-image files the node uses
KIND_K8S_VERSION=v1.34.0        # what Kindcontainer's VERSION_1_34_0 passes to kubeadm as kubernetesVersion
SUITE=bookworm
NODE_PACKAGES=systemd,systemd-sysv,dbus,iptables,iproute2,kmod,conntrack,ethtool,socat,ebtables,ca-certificates,util-linux,mount,containerd,runc,procps,libseccomp2,containernetworking-plugins
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/images/containers.conf}"

log() { echo "[kind-node] $*" >&2; }
die() {
  echo "[kind-node] ERROR: $*" >&2
  exit 1
}
go_env() {
  export GOTOOLCHAIN=local CGO_ENABLED=0 GO111MODULE=on GOPATH="$CACHE/go" GOMODCACHE="$CACHE/go/mod" \
    GOCACHE="$CACHE/go/build" GOFLAGS="-modcacherw -buildvcs=false"
}
prop() { sed -nE "s#^$1=(.*)\$#\\1#p" "$CACHE/toolchain.properties" | tail -n 1; }

[[ -s "$CACHE/toolchain.properties" ]] || die "no $CACHE/toolchain.properties: run e2e/provision/provision.sh first"
command -v podman >/dev/null || die "needs podman (apt-get install podman)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
K8S_VERSION=v$(prop k8s.version | sed "s/^v//")
K8S_DIR="$CACHE/k8s/$K8S_VERSION"
WORK="$CACHE/kind-node/$K8S_VERSION"
NODE_IMAGE="localhost/tributary/kind-node:$K8S_VERSION"
mkdir -p "$WORK"
for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy coredns etcd kubectl; do
  [[ -x "$(prop "$b")" ]] || die "the toolchain names no $b: run e2e/provision/provision.sh (with the node step)"
done

# ---- kubeadm, from the node's wrapper module ---------------------------------------------------
KUBEADM="$K8S_DIR/kubeadm"
if ! [[ -x "$KUBEADM" && "$("$KUBEADM" version -o short 2>/dev/null)" == "$K8S_VERSION" ]]; then
  log "building kubeadm $K8S_VERSION"
  wrapper="$WORK/kubeadm-wrapper"
  mkdir -p "$wrapper"
  cp -f "$K8S_DIR/wrapper/go.mod" "$K8S_DIR/wrapper/go.sum" "$wrapper/"
  ldflags=(-s -w)
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=("-X $p.gitVersion=$K8S_VERSION" "-X $p.gitMajor=1" "-X $p.gitMinor=$(cut -d. -f2 <<<"$K8S_VERSION")"
      "-X $p.gitTreeState=clean" "-X $p.gitCommit=0000000000000000000000000000000000000000")
  done
  (cd "$wrapper" && go_env && go get -tool "k8s.io/kubernetes/cmd/kubeadm@$K8S_VERSION" &&
    go build -trimpath -ldflags "${ldflags[*]}" -o "$KUBEADM.tmp" k8s.io/kubernetes/cmd/kubeadm) >"$WORK/kubeadm.log" 2>&1 ||
    { tail -n 20 "$WORK/kubeadm.log" >&2; die "kubeadm build failed (log: $WORK/kubeadm.log)"; }
  mv -f "$KUBEADM.tmp" "$KUBEADM"
fi

# ---- the userland ------------------------------------------------------------------------------
ROOTFS_TAR="$WORK/../rootfs-$SUITE.tar"
if [[ ! -s "$ROOTFS_TAR" ]]; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -nE 's#^URIs:[[:space:]]+([^[:space:]]+/debian)/?$#\1#p' | head -n 1)
  [[ -n "$mirror" ]] || die "no Debian mirror in apt's sources"
  r=$(mktemp -d "$WORK/../rootfs.XXXXXX")
  log "debootstrap $SUITE from $mirror (about 4 min)"
  debootstrap --variant=minbase --include="$NODE_PACKAGES" "$SUITE" "$r" "$mirror" >"$WORK/../debootstrap.log" 2>&1 ||
    { tail -n 20 "$WORK/../debootstrap.log" >&2; die "debootstrap failed"; }
  rm -rf "$r"/var/cache/apt/* "$r"/var/lib/apt/lists/* "$r"/dev/*
  tar --numeric-owner -C "$r" -cf "$ROOTFS_TAR.tmp" . && mv -f "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$r"
fi

KIND_SRC=$(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" |
  sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')
[[ -d "$KIND_SRC/images/base/files" ]] || die "no images/base/files in sigs.k8s.io/kind@$KIND_VERSION"

# ---- etcd as kubeadm wants it ---------------------------------------------------------------------
# kubeadm 1.34 passes etcd 3.6 flags (--feature-gates=InitialCorruptCheck=true, --watch-progress-notify-interval) that
# the toolchain's etcd 3.4 refuses, so the node gets the etcd release its image tag names, built from its Go module.
etcd_for() { # image
  local v bin wrapper
  v=$(sed -E 's#.*:([0-9.]+)(-[0-9]+)?$#\1#' <<<"$1")
  bin="$CACHE/etcd/$v/etcd"
  if ! [[ -x "$bin" && "$("$bin" --version 2>/dev/null | head -n 1)" == "etcd Version: $v" ]]; then
    log "building etcd $v from go.etcd.io/etcd/server/v3"
    wrapper="$WORK/etcd-wrapper"
    mkdir -p "$wrapper" "$(dirname "$bin")"
    printf 'module tributary.local/etcd\n\ngo 1.24.0\n' >"$wrapper/go.mod"
    (cd "$wrapper" && go_env && go get "go.etcd.io/etcd/server/v3@v$v" &&
      go build -trimpath -ldflags '-s -w' -o "$bin.tmp" go.etcd.io/etcd/server/v3) >"$WORK/etcd.log" 2>&1 ||
      { tail -n 20 "$WORK/etcd.log" >&2; die "etcd $v build failed (log: $WORK/etcd.log)"; }
    mv -f "$bin.tmp" "$bin"
  fi
  echo "$bin"
}

# ---- the control plane's images ----------------------------------------------------------------
# One-binary images under the names kubeadm asks for (`kubeadm config images list`).
single_binary_image() { # name binary [entrypoint]
  local d
  d=$(mktemp -d "$WORK/img.XXXXXX")
  mkdir -p "$d/usr/local/bin" "$d/tmp" "$d/etc"
  cp "$2" "$d/usr/local/bin/$(basename "$2")"
  echo "root:x:0:0:root:/root:/sbin/nologin" >"$d/etc/passwd"
  tar --numeric-owner -C "$d" -cf "$d.tar" .
  podman import -q --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' ${3:+--change "ENTRYPOINT [\"$3\"]"} \
    "$d.tar" "$1" >/dev/null
  rm -rf "$d" "$d.tar"
}
mapfile -t WANTED < <("$KUBEADM" config images list --kubernetes-version "$KIND_K8S_VERSION" 2>/dev/null)
[[ ${#WANTED[@]} -ge 6 ]] || die "kubeadm config images list gave: ${WANTED[*]}"
log "images kubeadm wants: ${WANTED[*]}"
IMAGES=()
for want in "${WANTED[@]}"; do
  case "$want" in
    */kube-apiserver:* | */kube-controller-manager:* | */kube-scheduler:*)
      c=$(sed -E 's#.*/([^/:]+):.*#\1#' <<<"$want")
      single_binary_image "$want" "$(prop "$c")" ;;
    */etcd:*) single_binary_image "$want" "$(etcd_for "$want")" ;;
    */coredns:*)
      d=$(mktemp -d "$WORK/img.XXXXXX")
      cp "$(prop coredns)" "$d/coredns"
      tar --numeric-owner -C "$d" -cf "$d.tar" coredns
      podman import -q --change 'ENTRYPOINT ["/coredns"]' "$d.tar" "$want" >/dev/null
      rm -rf "$d" "$d.tar" ;;
    */pause:*)
      bash "$ROOT/images/build.sh" pause >/dev/null
      podman tag localhost/tributary/pause:catatonit "$want" ;;
    */kube-proxy:*)
      # kube-proxy needs iptables: the node's own userland plus the binary.
      podman image exists localhost/tributary/kind-node-userland:$SUITE ||
        podman import -q "$ROOTFS_TAR" localhost/tributary/kind-node-userland:$SUITE >/dev/null
      d=$(mktemp -d "$WORK/img.XXXXXX")
      cp "$(prop kube-proxy)" "$d/kube-proxy"
      printf 'FROM localhost/tributary/kind-node-userland:%s\nCOPY kube-proxy /usr/local/bin/kube-proxy\n' "$SUITE" >"$d/Containerfile"
      podman build -q --pull=never -t "$want" "$d" >/dev/null
      rm -rf "$d" ;;
    *) die "kubeadm wants an image this script cannot make: $want" ;;
  esac
  IMAGES+=("$want")
done
# The sandbox image containerd's config names, whatever kubeadm's pause tag is.
podman tag localhost/tributary/pause:catatonit registry.k8s.io/pause:3.10
IMAGES+=(registry.k8s.io/pause:3.10)

# ---- the node image ----------------------------------------------------------------------------
R=$(mktemp -d "$WORK/node.XXXXXX")
trap 'rm -rf "$R"' EXIT
tar -C "$R" -xf "$ROOTFS_TAR"
F="$KIND_SRC/images/base/files"
install -m 0755 "$F"/usr/local/bin/* "$R/usr/local/bin/"
mkdir -p "$R/kind/bin" "$R/kind/manifests" "$R/kind/images" "$R/etc/containerd" "$R/etc/default" "$R/etc/sysctl.d" \
  "$R/etc/systemd/system/kubelet.service.d" "$R/etc/cni/net.d" "$R/opt/cni" "$R/etc/kubernetes/manifests"
install -m 0755 "$F"/kind/bin/* "$R/kind/bin/"
install -m 0644 "$F/etc/crictl.yaml" "$R/etc/"
install -m 0644 "$F"/etc/containerd/* "$R/etc/containerd/"
install -m 0644 "$F"/etc/default/* "$R/etc/default/"
install -m 0644 "$F"/etc/sysctl.d/* "$R/etc/sysctl.d/"
install -m 0644 "$F"/etc/systemd/system/*.service "$F"/etc/systemd/system/*.slice "$R/etc/systemd/system/"
install -m 0644 "$F"/etc/systemd/system/kubelet.service.d/* "$R/etc/systemd/system/kubelet.service.d/"
ln -sf /usr/bin/containerd "$R/usr/local/bin/containerd"
ln -sfn /usr/lib/cni "$R/opt/cni/bin"
install -m 0755 "$(prop kubelet)" "$R/usr/bin/kubelet"
install -m 0755 "$KUBEADM" "$R/usr/bin/kubeadm"
install -m 0755 "$(readlink -f "$(prop kubectl)")" "$R/usr/bin/kubectl"
echo "$K8S_VERSION" >"$R/kind/version"

# Kind's containerd config is written for containerd 2; Debian's 1.6 has no base_runtime_spec file here, and a negative
# oom_score_adj cannot be set on this machine.
sed -i -e 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/' -e '/base_runtime_spec/d' \
  -e '/discard_unpacked_layers/d' "$R/etc/containerd/config.toml"
cat >>"$R/etc/containerd/config.toml" <<'EOF'

[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = "/opt/cni/bin"
  conf_dir = "/etc/cni/net.d"
EOF
# One node, one bridge: pods reach each other and the node; no masquerading, no route out.
cat >"$R/etc/cni/net.d/10-tributary-bridge.conflist" <<'EOF'
{
  "cniVersion": "0.4.0",
  "name": "tributary-kind",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.0.0/24"}]]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
cat >"$R/kind/manifests/default-cni.yaml" <<'EOF'
# The node's CNI is a static bridge in /etc/cni/net.d (pod subnet {{ .PodSubnet }}); nothing to deploy.
apiVersion: v1
kind: ConfigMap
metadata: {name: tributary-kind-cni, namespace: kube-system}
data: {plugin: bridge, podSubnet: "{{ .PodSubnet }}"}
EOF
cat >"$R/kind/manifests/default-storage.yaml" <<'EOF'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/host-path
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
# The images go into containerd at boot, before kubelet starts. Not before multi-user.target: Kindcontainer gives
# systemd 60 s to reach it and the import alone can take longer on a loaded machine; kubeadm's
# `systemctl restart kubelet` waits for the import instead.
podman save -q -m --format docker-archive -o "$R/kind/images/images.tar" "${IMAGES[@]}"
cat >"$R/etc/systemd/system/kubelet.service.d/20-tributary-images.conf" <<'EOF'
[Unit]
Wants=kind-import-images.service
After=kind-import-images.service
EOF
cat >"$R/etc/systemd/system/kind-import-images.service" <<'EOF'
[Unit]
Description=Import the node's images into containerd
After=containerd.service
Requires=containerd.service
Before=kubelet.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'until ctr version >/dev/null 2>&1; do sleep 0.2; done; ctr -n k8s.io images import --all-platforms /kind/images/images.tar'
[Install]
WantedBy=multi-user.target
EOF
cat >"$R/tmp/setup.sh" <<'EOF'
set -e
find /lib/systemd/system/sysinit.target.wants/ -name "systemd-tmpfiles-setup.service" -delete
rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* /lib/systemd/system/local-fs.target.wants/* \
  /lib/systemd/system/sockets.target.wants/*udev* /lib/systemd/system/sockets.target.wants/*initctl* \
  /lib/systemd/system/basic.target.wants/*
echo "ReadKMsg=no" >> /etc/systemd/journald.conf
ln -sf "$(command -v systemd)" /sbin/init
systemctl enable kubelet.service containerd.service undo-mount-hacks.service kind-import-images.service
systemctl mask systemd-binfmt.service
EOF
chroot "$R" /bin/bash /tmp/setup.sh >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log" >&2; die "node set-up failed"; }
rm -f "$R/tmp/setup.sh"
tar --numeric-owner -C "$R" -cf "$WORK/node.tar" .
# SYSTEMD_COLORS=0: Kindcontainer matches "Reached target multi-user.target" in the plain text of the log.
podman import -q --change 'ENTRYPOINT ["/usr/local/bin/entrypoint","/sbin/init"]' --change 'ENV container=docker' \
  --change 'ENV SYSTEMD_COLORS=0' --change 'STOPSIGNAL SIGRTMIN+3' "$WORK/node.tar" "$NODE_IMAGE" >/dev/null
rm -f "$WORK/node.tar"
echo "kind-node=$NODE_IMAGE"
