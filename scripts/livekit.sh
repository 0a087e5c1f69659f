#!/usr/bin/env bash
# Prints the path of a LiveKit server binary, building it with Go when none is installed.
# Order: $LIVEKIT_SERVER_BIN, `livekit-server` on PATH, the cached build, then `go install`.
set -euo pipefail
VERSION="v1.13.5"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/clearwell/bin"
CACHED="$CACHE/livekit-server-$VERSION"

if [ -n "${LIVEKIT_SERVER_BIN:-}" ] && [ -x "$LIVEKIT_SERVER_BIN" ]; then echo "$LIVEKIT_SERVER_BIN"; exit 0; fi
if command -v livekit-server >/dev/null 2>&1; then command -v livekit-server; exit 0; fi
if [ -x "$CACHED" ]; then echo "$CACHED"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  echo "No LiveKit server found and Go is not installed." >&2
  echo "Install Go (https://go.dev/dl/) so it can be built, or install livekit-server and put it on PATH." >&2
  exit 1
fi
echo "Building the LiveKit server $VERSION with Go (about 3-4 minutes on 2 cores, once; cached in $CACHE)..." >&2
TMP_BIN="$(mktemp -d)"
GOBIN="$TMP_BIN" go install "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
mkdir -p "$CACHE"
mv "$TMP_BIN/server" "$CACHED"
rm -rf "$TMP_BIN"
echo "$CACHED"
