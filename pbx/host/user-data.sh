# shellcheck shell=bash
# pbx/host/user-data.sh: the deploy project appends this file verbatim to "#!/bin/bash" and its
# "export IVR_..." lines. It saves those settings, fetches the pbx/ bundle and runs host/setup.sh
# from it. Running it again (sudo bash /var/lib/cloud/instance/user-data.txt) redoes the setup.
set -euo pipefail
exec > >(tee -a /var/log/ivr-pbx-setup.log | logger -t ivr-pbx-setup) 2>&1
: "${IVR_REGION:?}" "${IVR_PBX_BUNDLE_URL:?}"
export PATH="$PATH:/snap/bin"

# Settings for later runs of setup.sh; no secret among them (the password stays in Secrets Manager).
install -d -m 755 /etc/ivr-pbx
for name in "${!IVR_@}"; do printf 'export %s=%q\n' "$name" "${!name}"; done > /etc/ivr-pbx/settings.env

if ! command -v aws >/dev/null; then
  if command -v snap >/dev/null; then
    snap wait system seed.loaded  # at first boot snapd may still be seeding
    snap install aws-cli --classic
  else
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq awscli
  fi
fi

bundle=$(mktemp -d)
trap 'rm -rf "$bundle"' EXIT
aws s3 cp --only-show-errors --region "$IVR_REGION" "$IVR_PBX_BUNDLE_URL" "$bundle/pbx.zip"
# python3 ships with Ubuntu; unzip does not always.
python3 -m zipfile -e "$bundle/pbx.zip" "$bundle/pbx"
source_dir="$bundle/pbx"
[ -f "$source_dir/host/setup.sh" ] || source_dir="$bundle/pbx/pbx"
[ -f "$source_dir/host/setup.sh" ] || { echo "user-data: no host/setup.sh in $IVR_PBX_BUNDLE_URL" >&2; exit 1; }
rm -rf /opt/ivr-pbx.new
cp -r "$source_dir" /opt/ivr-pbx.new
rm -rf /opt/ivr-pbx
mv /opt/ivr-pbx.new /opt/ivr-pbx

bash /opt/ivr-pbx/host/setup.sh
