#!/usr/bin/env bash
# Installs what the end-to-end tests and the sandbox need, offline but for the npm registry and Debian's
# packages: Debian's Chromium and ripgrep, the headers code-server's native modules build against, and
# e2e/node_modules (code-server 4.100.3, playwright-core). Idempotent: skips whatever is already installed,
# so a second run takes about a second. See docs/e2e.md for why each step is needed.
set -euo pipefail
cd "$(dirname "$0")/.."   # e2e/

log() { printf 'e2e setup: %s\n' "$*"; }
started=$(date +%s)

# 1. Debian packages. chromium: the browser playwright-core drives. ripgrep: its /usr/bin/rg replaces the
#    binary @vscode/ripgrep would download from GitHub. libkrb5-dev, libsecret-1-dev, libx11-dev,
#    libxkbfile-dev: headers for code-server's native modules (kerberos, ...). --no-install-recommends keeps
#    Chromium's install small; fonts-dejavu-core gives the screenshots readable text.
APT_PACKAGES=(chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev fonts-dejavu-core)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing Debian packages: ${missing[*]}; install them (needs root and apt-get)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install ${missing[*]}"
  # apt-get update only when the package lists cannot serve the install (absent or out of date).
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    log "apt-get update (the package lists were stale or missing)"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
command -v chromium >/dev/null || { log "chromium is still missing after apt-get" >&2; exit 1; }

# 2. npm packages, skipped when e2e/node_modules was installed from this very lockfile with this Node.
stamp=node_modules/.stellar-e2e-installed
fingerprint() { echo "$(node -v) $(cat package.json package-lock.json 2>/dev/null | sha1sum | cut -c1-40)"; }
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(fingerprint)" ] && [ -x node_modules/.bin/code-server ]; then
  log "npm packages up to date ($(($(date +%s) - started)) s)"
  exit 0
fi

# @vscode/ripgrep (installed by code-server's postinstall) downloads ripgrep from GitHub unless its cache
# holds the release tarball: give it one made from Debian's rg. Version and names from its lib/*.js.
RG_PKG_VERSION=1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
tmp="${TMPDIR:-/tmp}"
rg_cache="$tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
if [ ! -s "$rg_cache/$RG_ASSET" ]; then
  work=$(mktemp -d)
  cp /usr/bin/rg "$work/rg"
  mkdir -p "$rg_cache"
  tar -czf "$rg_cache/$RG_ASSET" -C "$work" rg
  rm -rf "$work"
  log "ripgrep cache prepared from /usr/bin/rg"
fi

# npm_config_yes: node-pty's install runs `npx node-gyp`. unsafe_perm and --unsafe-perm: code-server's
# postinstall refuses root without them. Install scripts: package.json's allowScripts approves code-server's;
# its postinstall runs `npm install` again inside lib/vscode and lib/vscode/extensions, whose package.json
# files approve nothing, to build node-pty, spdlog, kerberos and ripgrep. npm >= 11.19 runs unapproved scripts
# with a warning unless strict-allow-scripts is on, which would leave them unbuilt: keep it off here.
log "npm install (code-server, playwright-core): about a minute and a half"
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_strict_allow_scripts=false
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
if [ -f package-lock.json ]; then
  npm ci --unsafe-perm --no-progress --loglevel=error
else
  npm install --unsafe-perm --no-progress --loglevel=error
fi
# Fail here, not in the tests, if a native module or ripgrep did not make it.
vs=node_modules/code-server/lib/vscode/node_modules
for f in "$vs/@vscode/ripgrep/bin/rg" "$vs/node-pty/build/Release/pty.node" "$vs/@vscode/spdlog/build/Release/spdlog.node"; do
  [ -e "$f" ] || { log "code-server install incomplete: $f is missing" >&2; exit 1; }
done
fingerprint > "$stamp"
log "done in $(($(date +%s) - started)) s"
