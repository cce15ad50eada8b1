#!/usr/bin/env bash
# Per-event cost in process (BenchmarkDotNet, MemoryDiagnoser): time and bytes allocated per SMA routing decision and
# per Lex code hook call, with the embedded directory, at logging levels Warning and Information. ShortRun by default;
# extra arguments go to BenchmarkDotNet (e.g. --job default, --filter '*Sma*'). Results: artifacts/bench/per-event/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ $# -gt 0 ] || set -- --job short
dotnet run -c Release --project bench/IvrApi.Benchmarks -- --filter '*' --artifacts "$root/artifacts/bench/per-event" "$@"
