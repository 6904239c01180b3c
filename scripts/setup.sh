#!/usr/bin/env bash
# Installs every Debian package stridecue needs to build and test. Idempotent: packages
# already present are left alone and apt is not even asked. Works as root; uses sudo otherwise.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git clang-format time
  catch2
  libfmt-dev libspdlog-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libboost-dev libsqlite3-dev libsdl2-dev libimgui-dev
  libusb-1.0-0-dev umockdev libumockdev-dev
  xvfb x11-apps imagemagick ccache
  sox
  libcairo2-dev poppler-utils
  xdotool fonts-dejavu-core
  python3 python3-websocket
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
