#!/usr/bin/env bash
# Makes the pinned livekit-server available as .bin/livekit-server (git-ignored), idempotently:
#   1. already there at the pinned version → nothing to do;
#   2. a livekit-server on PATH at the pinned version → link it;
#   3. Go available → build it from the Go module proxy with `go install`.
# Never a substitute: the tests need the real media server.
set -euo pipefail

VERSION="1.13.5"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="$ROOT/.bin"
TARGET="$BIN_DIR/livekit-server"

is_pinned() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -qx "livekit-server version $VERSION"; }

if is_pinned "$TARGET"; then
  echo "livekit-server $VERSION: $TARGET (already installed)"
  exit 0
fi
mkdir -p "$BIN_DIR"

if on_path="$(command -v livekit-server 2>/dev/null)" && is_pinned "$on_path"; then
  ln -sf "$on_path" "$TARGET"
  echo "livekit-server $VERSION: linked $on_path"
  exit 0
fi

GO="$(command -v go || true)"
[ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
if [ -z "$GO" ]; then
  cat >&2 <<MSG
livekit-server $VERSION is needed and neither it nor Go was found.
Install one of:
  - livekit-server $VERSION: curl -sSL https://get.livekit.io | bash   (Linux)
                             brew install livekit                      (macOS)
  - Go 1.26+ (https://go.dev/dl/), then run: npm run setup:livekit
MSG
  exit 1
fi

echo "livekit-server $VERSION: building with go install (first time takes a few minutes)..."
build_dir="$(mktemp -d)"
trap 'rm -rf "$build_dir"' EXIT
GOBIN="$build_dir" GOFLAGS=-mod=mod "$GO" install "github.com/livekit/livekit-server/cmd/server@v$VERSION"
mv "$build_dir/server" "$TARGET"
is_pinned "$TARGET" || { echo "built binary does not report version $VERSION" >&2; exit 1; }
echo "livekit-server $VERSION: $TARGET"
