#!/usr/bin/env bash
# Installs what the tests need beyond npm: Neovim, the second real LSP client (test/nvim.test.ts).
# Idempotent: does nothing when nvim is already on PATH. Without root or apt-get it only warns;
# the Neovim test then fails (it never skips), so a CI without Neovim is noticed.
set -euo pipefail

if command -v nvim >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: installing neovim with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq neovim >/dev/null
  command -v nvim >/dev/null 2>&1 && exit 0
  echo "install-test-deps: apt-get ran but nvim is still missing" >&2
  exit 1
fi

echo "install-test-deps: nvim is missing and cannot be installed here (needs root and apt-get); install Neovim (>= 0.7) to run test/nvim.test.ts" >&2
