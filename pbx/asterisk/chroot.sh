#!/usr/bin/env bash
# Installs Asterisk 22 from Debian sid into a chroot (Debian 12 has no asterisk package) and prints its path.
# The chroot is cached in $IVR_ASTERISK_ROOT (default <repo>/.cache/asterisk-chroot, git-ignored) and rebuilt
# when missing or half-built. Packages come from the Debian mirror apt is configured with. Run as root.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
root=${IVR_ASTERISK_ROOT:-$repo/.cache/asterisk-chroot}
ready=$root/.ivr-ready # written last, so an interrupted build is redone
if [ -f "$ready" ]; then echo "$root"; exit 0; fi

bash "$repo/scripts/ensure-apt.sh" debootstrap >&2
# shellcheck source=/dev/null
. /etc/os-release
# shellcheck disable=SC2016 # $(RELEASE) and $(REPO_URI) are apt's format fields, not shell
mirror=$(apt-get indextargets --format '$(RELEASE) $(REPO_URI)' | awk -v c="$VERSION_CODENAME" '$1 == c { print $2; exit }')
[ -n "$mirror" ] || { echo "chroot.sh: no Debian mirror for $VERSION_CODENAME in apt's configuration" >&2; exit 1; }
echo "chroot.sh: building $root from $mirror (sid); a few minutes" >&2
rm -rf "$root"
mkdir -p "$root"
timeout 900 debootstrap --variant=minbase sid "$root" "$mirror" >&2
# Packages must not start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
# A mirror copy of sid can be older than its Release file's Valid-Until allows on this clock.
apt_chroot=(chroot "$root" apt-get -q -o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=120)
timeout 300 "${apt_chroot[@]}" update >&2
DEBIAN_FRONTEND=noninteractive timeout 900 "${apt_chroot[@]}" install -y --no-install-recommends \
  asterisk asterisk-modules >&2
"${apt_chroot[@]}" clean
chroot "$root" asterisk -V >&2
touch "$ready"
echo "$root"
