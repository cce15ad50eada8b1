# PLACEHOLDER for pbx/host/user-data.sh, used only while the pbx component has not written it.
# The real script installs and configures Asterisk from $IVR_PBX_BUNDLE_URL using the IVR_* variables above.
echo "placeholder PBX user data: pbx/host/user-data.sh is missing from the deployed revision" >&2
exit 1
