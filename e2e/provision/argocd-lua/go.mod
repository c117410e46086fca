module tributary.dev/e2e/argocd-lua

go 1.22

// The version Argo CD's go.mod pins (v2.x and v3.x).
require github.com/yuin/gopher-lua v1.1.1
