#!/usr/bin/env bash
# Installs the Debian packages the browser tests need (Chromium, driven by Python Playwright through
# executable_path=/usr/bin/chromium; Playwright's own browser download is not used). Idempotent: does
# nothing when everything is there, and runs `apt-get update` only when something must be installed.
# CI runs it as root on a fresh Debian machine; elsewhere it uses sudo when available.
set -euo pipefail

PACKAGES=(chromium fonts-dejavu-core fonts-liberation shellcheck poppler-utils)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)) && [[ -x /usr/bin/chromium ]]; then
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "system_deps.sh: run as root to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing Debian packages: ${missing[*]:-chromium}" >&2
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]:-chromium}" >/dev/null
[[ -x /usr/bin/chromium ]] || { echo "system_deps.sh: /usr/bin/chromium missing after install" >&2; exit 1; }
