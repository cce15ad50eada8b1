using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

/// <summary>One line of what the PBX did with a caller, <see cref="AtSeconds"/> after the run started.</summary>
internal sealed record PbxLine(double AtSeconds, string Text, string? Outcome);

/// <summary>
/// What the local PBX (pbx/local-pbx.sh) did with each caller, read after the calls from Asterisk's own records, not
/// from what ivr-call expected: the queue log (joining a department's queue and the place in line, agents rung,
/// answered by whom, transfers, leaving the queue), the full log (the prompts played on the caller's channel, the
/// dialplan's NOTICE lines: no agent, voicemail and why, the saved message) and the voicemail spool (a message's
/// JSON names the SIP Call-ID). A caller is found by number in the queue log and by Call-ID in the spool.
/// </summary>
internal sealed partial class PbxCallReport
{
    private readonly string fullLog, queueLog, spool;
    private readonly long fullLogStart, queueLogStart;
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private readonly Dictionary<string, string> prompts;

    private PbxCallReport(string repositoryRoot, string fullLog)
    {
        this.fullLog = fullLog;
        var logDirectory = Path.GetDirectoryName(fullLog)!;
        queueLog = Path.Combine(logDirectory, "queue_log");
        spool = Path.GetFullPath(Path.Combine(logDirectory, "..", "..", "spool", "ivr-pbx", "voicemail"));
        fullLogStart = File.Exists(fullLog) ? new FileInfo(fullLog).Length : 0;
        queueLogStart = File.Exists(queueLog) ? new FileInfo(queueLog).Length : 0;
        // The sentence of each prompt file, as local-pbx.sh rendered and spoke them (name TAB text).
        var tsv = Path.Combine(repositoryRoot, ".cache", "local-pbx", "etc", "prompts.tsv");
        prompts = File.Exists(tsv)
            ? File.ReadLines(tsv).Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)
            : [];
    }

    /// <summary>Marks where the PBX's logs stand now: the report reads only what is written after.</summary>
    public static async Task<PbxCallReport> StartAsync(string repositoryRoot)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(repositoryRoot, "pbx", "local-pbx.sh"), "log"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pbx/local-pbx.sh could not be started.");
        var path = (await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false)).Trim();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return new PbxCallReport(repositoryRoot, path);
    }

    /// <summary>Per caller number: what the PBX did, in time order. <paramref name="callIdPrefixes"/>: each caller's SIP Call-ID prefix.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PbxLine>> Read(IReadOnlyDictionary<string, string> callIdPrefixes)
    {
        var queue = ReadFrom(queueLog, queueLogStart).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).Where(e => e.Length >= 5).ToList();
        var full = ReadFrom(fullLog, fullLogStart).Split('\n');

        // Caller number -> Asterisk uniqueid: the queue log's ENTERQUEUE names the caller ID; a voicemail JSON names
        // the Call-ID, and its message id ends in the uniqueid.
        var uniqueIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in queue.Where(e => e[4] == "ENTERQUEUE" && e.Length >= 7))
        {
            uniqueIds.TryAdd(e[6], e[1]);
        }

        foreach (var file in Directory.Exists(spool) ? Directory.GetFiles(spool, "*.json") : [])
        {
            if (ReadJson(file) is JsonObject message
                && message["call_id"]?.GetValue<string>() is { } callId
                && message["message_id"]?.GetValue<string>() is { } messageId
                && callIdPrefixes.FirstOrDefault(p => callId.StartsWith(p.Value, StringComparison.Ordinal)).Key is { } number)
            {
                var parts = messageId.Split('-', 2);
                uniqueIds.TryAdd(number, parts[^1].Replace('-', '.'));
            }
        }

        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in full)
        {
            if (ChannelOfCall().Match(line) is { Success: true } m)
            {
                channels.TryAdd(m.Groups["uid"].Value, m.Groups["channel"].Value);
            }
        }

        var report = new Dictionary<string, IReadOnlyList<PbxLine>>(StringComparer.Ordinal);
        foreach (var number in callIdPrefixes.Keys)
        {
            if (!uniqueIds.TryGetValue(number, out var uid))
            {
                report[number] = [];
                continue;
            }

            var lines = new List<PbxLine>();
            foreach (var e in queue.Where(e => e[1] == uid))
            {
                if (QueueEvent(e) is { } line)
                {
                    lines.Add(line with { AtSeconds = Seconds(DateTimeOffset.FromUnixTimeSeconds(long.Parse(e[0], CultureInfo.InvariantCulture))) });
                }
            }

            channels.TryGetValue(uid, out var channel);
            PbxLine? heard = null;
            foreach (var text in full)
            {
                if (Notice().Match(text) is { Success: true } n && n.Groups["uid"].Value == uid)
                {
                    var what = n.Groups["text"].Value;
                    lines.Add(new PbxLine(Seconds(Time(n)), what, NoticeOutcome(what)));
                }
                else if (channel is not null && Playing().Match(text) is { Success: true } p && p.Groups["channel"].Value == channel)
                {
                    var at = Seconds(Time(p));
                    var sentence = Sentence(p.Groups["file"].Value);
                    // A place in line is three files played back to back ("You are caller number" "2" "in line."): one line.
                    if (heard is not null && at - heard.AtSeconds < 2.5 && lines[^1] == heard)
                    {
                        lines[^1] = heard = heard with { Text = heard.Text + " " + sentence };
                    }
                    else
                    {
                        lines.Add(heard = new PbxLine(at, "plays " + sentence, null));
                    }
                }
            }

            report[number] = lines.OrderBy(l => l.AtSeconds).ToList();
        }

        return report;
    }

    private double Seconds(DateTimeOffset at) => Math.Max(0, (at - startedAt).TotalSeconds);

    private static DateTimeOffset Time(Match m) =>
        // Asterisk's log timestamps are the chroot's local time, which is UTC (it has no /etc/localtime).
        DateTimeOffset.ParseExact(m.Groups["at"].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private string Sentence(string file)
    {
        var name = Path.ChangeExtension(file, null)!;
        if (name.StartsWith('/'))
        {
            name = Path.GetFileName(name);
        }

        return prompts.TryGetValue(name, out var text) ? $"\"{text}\"" : $"\"[{name}]\"";
    }

    /// <summary>A queue log event as a transcript line (https://docs.asterisk.org/Operation/Logging/Queue-Logs/).</summary>
    private static PbxLine? QueueEvent(string[] e) => (e[4], e) switch
    {
        ("ENTERQUEUE", { Length: >= 8 }) => new PbxLine(0, $"joins the {e[2]} queue, place {e[7]} in line", $"{e[2]}: place {e[7]}"),
        ("RINGNOANSWER", _) => new PbxLine(0, $"{e[3]} rang and did not answer", null),
        ("CONNECT", { Length: >= 6 }) => new PbxLine(0, $"answered by {e[3]} after {e[5]} s in line", $"answered by {e[3]}"),
        ("COMPLETEAGENT", { Length: >= 7 }) => new PbxLine(0, $"{e[3]} hung up after {e[6]} s of talk", null),
        ("COMPLETECALLER", { Length: >= 7 }) => new PbxLine(0, $"the caller hung up after {e[6]} s of talk with {e[3]}", null),
        ("BLINDTRANSFER", { Length: >= 6 }) => new PbxLine(0, $"{e[3]} transfers the call to {e[5]}", $"transferred by {e[3]} to {e[5]}"),
        ("ATTENDEDTRANSFER", _) => new PbxLine(0, $"{e[3]} hands the call to a colleague (attended)", $"handed on by {e[3]}"),
        ("EXITWITHTIMEOUT", _) => new PbxLine(0, $"leaves the {e[2]} queue: the department's max wait is over", null),
        ("EXITWITHKEY", { Length: >= 6 }) => new PbxLine(0, $"presses {e[5]} to leave the {e[2]} queue", null),
        ("EXITEMPTY", _) => new PbxLine(0, $"leaves the {e[2]} queue: no agent left to answer", null),
        ("ABANDON", _) => new PbxLine(0, $"hangs up while waiting in the {e[2]} queue", "hung up while waiting"),
        _ => null,
    };

    private static string? NoticeOutcome(string text) =>
        VoicemailNotice().Match(text) is { Success: true } m ? $"voicemail ({m.Groups["reason"].Value})"
        : text.StartsWith("left message", StringComparison.Ordinal) ? "message saved"
        : text.EndsWith("JOINEMPTY", StringComparison.Ordinal) ? "nobody available"
        : null;

    /// <summary>A spool JSON, or null when it is gone or unreadable (the uploader may be moving it right now).</summary>
    private static JsonNode? ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string ReadFrom(string path, long offset)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Executing [s@route-by-department:6] Log("PJSIP/voice-connector-00000004", "NOTICE,Call 1796669844.5 for department history")
    [GeneratedRegex("""Log\("(?<channel>[^"]+)", "NOTICE,Call (?<uid>[0-9.]+) for department """)]
    private static partial Regex ChannelOfCall();

    // [2026-12-07 18:57:25.144] NOTICE[19011][C-00000006] Ext. s: Call 1796669844.5 leaves a message for math - no agent
    [GeneratedRegex(@"^\[(?<at>[^\]]+)\] NOTICE\[[^\]]*\](?:\[[^\]]*\])? [^:]*: Call (?<uid>[0-9.]+) (?<text>(?!for department).+)$")]
    private static partial Regex Notice();

    // [2026-12-07 18:57:25.346] VERBOSE[19014][C-00000008] file.c: <PJSIP/voice-connector-00000006> Playing 'digits/2.slin' (language 'en_ivr')
    [GeneratedRegex(@"^\[(?<at>[^\]]+)\] VERBOSE\[[^\]]*\](?:\[[^\]]*\])? file\.c: <(?<channel>[^>]+)> Playing '(?<file>[^']+)'")]
    private static partial Regex Playing();

    [GeneratedRegex("^leaves a message for \\S+ - (?<reason>.+)$")]
    private static partial Regex VoicemailNotice();
}
