using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IvrEmulators.Lex;
using IvrEmulators.Sma;

/// <summary>
/// <c>--callers FILE</c>: several callers at once through the same IvrApi and emulated bot, each dialling at its
/// <c>at</c>. With <c>--pbx</c> each Voice Connector bridge is a SIPp call of its own to the local Asterisk (its own SIP
/// and media ports, a Call-ID naming the caller), and after the calls the transcript adds, per caller, what the PBX did:
/// the queue and the place in line, the prompts played, which agent answered, transfers, voicemail
/// (<see cref="PbxCallReport"/>), and ends with one line per caller.
/// </summary>
internal static class SeveralCallers
{
    public const string Usage = """

        Several callers at once:
          --callers FILE      a caller list instead of --script: each caller's call script and when it dials, all
                              through the same IvrApi; with --pbx each reaches the local Asterisk as its own SIP call,
                              and the transcript shows per caller the queue and place in line, the prompts the PBX
                              played, the agent who answered, transfers and voicemail (examples in
                              tools/ivr-call/examples/callers). Format:
        """;

    // SIPp's ports inside the PBX's namespace, one pair per caller, clear of Asterisk's (5060, 5061, its RTP range).
    private const int FirstSipPort = 46000, FirstMediaPort = 48000;

    /// <summary>Takes <c>--callers FILE</c> out of the arguments; the rest are <see cref="Options"/>'.</summary>
    public static (string? File, string[] Others, string? Error) Take(string[] args)
    {
        var at = Array.IndexOf(args, "--callers");
        if (at < 0)
        {
            return (null, args, null);
        }

        if (at + 1 >= args.Length || args[at + 1].StartsWith("--", StringComparison.Ordinal))
        {
            return (null, args, "--callers needs a caller list file (see --help)");
        }

        var rest = args.Take(at).Concat(args.Skip(at + 2)).ToArray();
        return rest.Contains("--callers") ? (null, args, "--callers is given twice")
            : rest.Contains("--script") ? (null, args, "--callers and --script: give one or the other (a caller list holds a call script per caller)")
            : (args[at + 1], rest, null);
    }

    /// <summary>
    /// Runs every caller, prints each transcript and the summary; the exit status as for one call. A caller's SMA and
    /// bot lines are on the emulators' simulated clock (from that caller's first ring); the PBX lines ("PBX  @2.0s")
    /// are on the wall clock from the first caller, as Asterisk logged them (the queue log to the second).
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<ListedCaller> callers, LexRuntimeEmulator lex, Func<JsonObject, CancellationToken, Task<JsonObject?>> lambda,
        string repositoryRoot, bool pbx, bool verbose)
    {
        var report = pbx ? await PbxCallReport.StartAsync(repositoryRoot).ConfigureAwait(false) : null;
        var run = Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 4)).ToLowerInvariant();
        var callIdPrefixes = callers.Select((c, i) => (c.Script.CallerNumber, Prefix: $"ivrcall-{run}-{i + 1}-"))
            .ToDictionary(c => c.CallerNumber, c => c.Prefix, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var records = await Task.WhenAll(callers.Select(async (caller, i) =>
        {
            var wait = TimeSpan.FromSeconds(caller.AtSeconds) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }

            var startedAt = clock.Elapsed.TotalSeconds;
            var scripted = new ScriptedBridgeTarget(caller.Script);
            IBridgeTarget bridges = pbx
                ? new PbxBridgeTarget(repositoryRoot, scripted, Sipp(i, callIdPrefixes[caller.Script.CallerNumber]))
                : scripted;
            var sma = new SmaEmulator(lex, lambda, new SmaEmulatorOptions { VoiceConnectorArns = [Options.VoiceConnectorArn] }, bridges);
            var record = await sma.RunCallAsync(caller.Script).ConfigureAwait(false);
            return (Caller: caller, StartedAt: startedAt, Record: record);
        })).ConfigureAwait(false);

        var atPbx = report?.Read(callIdPrefixes);
        var summary = new StringBuilder();
        var status = 0;
        foreach (var (caller, startedAt, record, n) in records.Select((r, i) => (r.Caller, r.StartedAt, r.Record, i + 1)))
        {
            var number = caller.Script.CallerNumber;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\n=== caller {n} of {records.Length}: {number}, dials at {startedAt:0.0} s"));
            Console.Write(record.ToText(verbose));
            var lines = atPbx?.GetValueOrDefault(number) ?? [];
            foreach (var line in lines)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PBX  @{line.AtSeconds,6:0.0}s {line.Text}"));
            }

            var bridged = record.Bridges.Any(b => b.EndpointType == "AWS");
            var outcome = lines.Where(l => l.Outcome is not null).Select(l => l.Outcome).ToList();
            var pbxPart = !pbx || !bridged ? "" : outcome.Count > 0 ? string.Join(" -> ", outcome) : "no record of this caller at the PBX";
            var ending = record.Ending is { } end ? end.How : "no ending";
            summary.Append(CultureInfo.InvariantCulture, $"{n,3}  {number,-14} {startedAt,5:0.0} s  {ending}{(pbxPart.Length > 0 ? "; PBX: " + pbxPart : "")}\n");
            foreach (var problem in CallDiagnosis.ConfigurationProblems(record, lex.BotAliasArn, Options.VoiceConnectorArn))
            {
                Console.Error.WriteLine($"ivr-call: caller {n}: {problem}");
                status = 3;
            }

            if (record.Violations.Count > 0 && status == 0)
            {
                status = 1;
            }
        }

        Console.WriteLine($"\n=== {records.Length} callers\n{summary}");
        return status;
    }

    private static string[] Sipp(int index, string callIdPrefix) =>
    [
        "-p", (FirstSipPort + index).ToString(CultureInfo.InvariantCulture),
        "-mp", (FirstMediaPort + 4 * index).ToString(CultureInfo.InvariantCulture),
        "-cid_str", callIdPrefix + "%u@%s",
    ];
}
