#!/usr/bin/env bash
# Installs the named Debian packages that are not installed yet; runs `apt-get update` at most once an hour, so the
# suites of one test run share it and a machine kept between sessions does not install from a stale list.
# Usage: scripts/ensure-apt.sh PACKAGE...
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
marker=/tmp/.ivr-apt-updated
if [ -z "$(find "$marker" -mmin -60 2>/dev/null)" ]; then
  "${sudo_cmd[@]}" apt-get update -qq
  touch "$marker"
fi
echo "Installing Debian packages: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
