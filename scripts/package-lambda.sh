#!/usr/bin/env bash
# Builds IvrApi's Lambda deployment package (x86_64), to run behind the AWS Lambda Web Adapter layer.
#
#   bash scripts/package-lambda.sh            Native AOT for the provided.al2023 runtime:
#                                             artifacts/lambda/ivr-api.zip, the executable at its root as `bootstrap`.
#   bash scripts/package-lambda.sh --managed  Framework-dependent ReadyToRun build for the managed dotnet10 runtime:
#                                             artifacts/lambda/ivr-api-managed.zip, Handler `IvrApi` (the app host),
#                                             AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap.
#
# Both zips also hold what the app reads next to its executable (appsettings.json, departments.json); Lambda starts
# the function in /var/task, which ASP.NET Core takes as its content root. The publish output stays in
# artifacts/lambda/<mode>/ and its log in artifacts/lambda/publish-<mode>.log; the AOT symbols (not shipped) in
# artifacts/lambda/bootstrap.dbg.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=aot
case "${1:-}" in
  "") ;;
  --managed) mode=managed ;;
  *) echo "usage: $0 [--managed]" >&2; exit 2 ;;
esac

# clang links the AOT binary (zlib and brotli come statically with the ILCompiler package).
bash scripts/ensure-apt.sh clang binutils zip

out=$root/artifacts/lambda
publish=$out/$mode/publish
package=$out/$mode/package
rm -rf "${out:?}/$mode" && mkdir -p "$publish" "$package"

project=IvrApi/IvrApi.csproj
if [ "$mode" = aot ]; then
  zip_path=$out/ivr-api.zip
  publish_args=(-r linux-x64)
else
  zip_path=$out/ivr-api-managed.zip
  # ReadyToRun precompiles our assemblies, which trims the JIT's share of a cold start.
  publish_args=(-r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true)
fi

log=$out/publish-$mode.log
echo "Publishing IvrApi ($mode); log: ${log#"$root"/}"
if ! dotnet publish "$project" -c Release "${publish_args[@]}" -o "$publish" -nologo > "$log" 2>&1; then
  grep -E "error|warn" "$log" >&2 || tail -20 "$log" >&2
  exit 1
fi
grep -E "warning [A-Z]+[0-9]+" "$log" | sed 's/ \[.*\]$//' | sort -u >&2 || true

# Ship what runs; leave out symbols, debug-only settings and the static web assets manifest (no static files here).
for f in "$publish"/*; do
  name=$(basename "$f")
  case "$name" in
    *.pdb | *.dbg | *.staticwebassets.*.json | appsettings.Development.json) continue ;;
  esac
  cp -p "$f" "$package/"
done
if [ "$mode" = aot ]; then
  mv "$package/IvrApi" "$package/bootstrap"
  cp -p "$publish/IvrApi.dbg" "$out/bootstrap.dbg"
fi

rm -f "$zip_path"
# -X: no extra host attributes; unix permissions (the exec bit) are kept.
(cd "$package" && zip -q -X -r "$zip_path" .)
echo "$zip_path ($(stat -c %s "$zip_path") bytes)"
