#!/usr/bin/env bash
# Installs the Debian 12 packages Gearscope needs, only if something is missing.
# Safe to run repeatedly; used by both README commands and by CI.
set -euo pipefail
PKGS=(build-essential cmake ninja-build qt6-base-dev qt6-base-dev-tools libqcustomplot-dev
      libqcustomplot2.1-qt6 libsqlite3-dev libqt6sql6-sqlite sqlite3 wabt clang-14 lld-14 xvfb
      libsodium-dev zlib1g-dev libxkbcommon-dev python3 imagemagick x11-apps)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "gearscope: installing missing packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
