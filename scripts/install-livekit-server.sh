#!/usr/bin/env bash
# Makes the pinned livekit-server available as .bin/livekit-server (git-ignored), idempotently:
#   1. already there at the pinned version → nothing to do;
#   2. a livekit-server on PATH at the pinned version → link it;
#   3. Go 1.26+ available → build it from the Go module proxy with `go install`.
# Never a substitute: the tests need the real media server.
# --check: change nothing; exit 0 when one of the three would work, else print the one line that says what
# is missing and how to install it (used by scripts/preflight.mjs before anything is installed).
set -euo pipefail

VERSION="1.13.5"
GO_MIN_MINOR=26 # livekit-server 1.13.5 builds with Go 1.26+
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="$ROOT/.bin"
TARGET="$BIN_DIR/livekit-server"

is_pinned() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -qx "livekit-server version $VERSION"; }

pinned_on_path() {
  local found
  found="$(command -v livekit-server 2>/dev/null)" && is_pinned "$found" && echo "$found"
}

# Prints the path of `go` on PATH when it is new enough to build livekit-server.
usable_go() {
  local go version minor
  go="$(command -v go 2>/dev/null)" || return 1
  version="$("$go" env GOVERSION 2>/dev/null)" || return 1 # e.g. go1.26.8, go1.27rc1
  [[ "$version" =~ ^go1\.([0-9]+) ]] || return 1
  minor="${BASH_REMATCH[1]}"
  [ "$minor" -ge "$GO_MIN_MINOR" ] && echo "$go"
}

missing_line() {
  echo "livekit-server $VERSION (in .bin/ or on PATH) or Go 1.$GO_MIN_MINOR+ to build it — Debian: Go from https://go.dev/dl/ on PATH (apt's golang-go is older) · macOS: brew install go"
}

if [ "${1:-}" = "--check" ]; then
  if is_pinned "$TARGET" || pinned_on_path >/dev/null || usable_go >/dev/null; then exit 0; fi
  missing_line
  exit 1
fi

if is_pinned "$TARGET"; then
  echo "livekit-server $VERSION: $TARGET (already installed)"
  exit 0
fi
mkdir -p "$BIN_DIR"

if on_path="$(pinned_on_path)"; then
  ln -sf "$on_path" "$TARGET"
  echo "livekit-server $VERSION: linked $on_path"
  exit 0
fi

if ! GO="$(usable_go)"; then
  echo "missing $(missing_line); then run: npm run setup:livekit" >&2
  exit 1
fi

echo "livekit-server $VERSION: building with go install (first time takes a few minutes)..."
build_dir="$(mktemp -d)"
trap 'rm -rf "$build_dir"' EXIT
GOBIN="$build_dir" GOFLAGS=-mod=mod "$GO" install "github.com/livekit/livekit-server/cmd/server@v$VERSION"
mv "$build_dir/server" "$TARGET"
is_pinned "$TARGET" || { echo "built binary does not report version $VERSION" >&2; exit 1; }
echo "livekit-server $VERSION: $TARGET"
