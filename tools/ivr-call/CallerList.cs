using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IvrEmulators.Sma;

/// <summary>One caller of a <see cref="CallerList"/>: starts <see cref="AtSeconds"/> after the first, then plays <see cref="Script"/>.</summary>
internal sealed record ListedCaller(double AtSeconds, CallScript Script);

/// <summary>
/// Several callers at once (<c>--callers FILE</c>): <c>{"callers": [{"at": 0.5, "caller": "+15555550112", "inputs":
/// ["art"]}, …]}</c>. Each entry is a call script (every field of <see cref="CallScript.Format"/>) plus <c>at</c>, the
/// seconds after the first caller that this one dials. Caller numbers must differ: the PBX's queue log names a caller by
/// number, and the transcript finds each caller's place in line, answer, transfer or voicemail by it.
/// </summary>
internal static class CallerList
{
    public const int MaxCallers = 100;

    public const string Format = """
        { "callers": [                                             1 to 100 callers, each a call script (above)
            { "at": 0,   "caller": "+15555550111", "inputs": ["history"] },   plus "at": seconds after the first
            { "at": 0.5, "inputs": ["art"] } ] }                   caller (0-600); numbers must differ (without
                                                                    one: +15555552001, +15555552002, ... by place)
        """;

    /// <summary>The callers in the order they dial, or a <see cref="CallScriptException"/> naming the field.</summary>
    public static IReadOnlyList<ListedCaller> Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject
                ?? throw new CallScriptException(null, "must be a JSON object, e.g. {\"callers\": [{\"inputs\": [\"history\"]}]}");
        }
        catch (JsonException e)
        {
            throw new CallScriptException(null, $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
        }

        if (root.Select(p => p.Key).FirstOrDefault(k => k != "callers") is { } unknown)
        {
            throw new CallScriptException(unknown, "is unknown (a caller list has only \"callers\")");
        }

        if (root["callers"] is not JsonArray { Count: > 0 and <= MaxCallers } entries)
        {
            throw new CallScriptException("callers", $"must be an array of 1 to {MaxCallers} call scripts");
        }

        var callers = new List<ListedCaller>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry)
            {
                throw new CallScriptException($"callers[{i}]", "must be a call script (a JSON object)");
            }

            var at = 0.0;
            var script = entry.DeepClone().AsObject();
            if (script["at"] is { } node)
            {
                if (node.GetValueKind() != JsonValueKind.Number || node.GetValue<double>() is < 0 or > 600)
                {
                    throw new CallScriptException($"callers[{i}].at", "must be a number of seconds from 0 to 600");
                }

                at = node.GetValue<double>();
                script.Remove("at");
            }

            // Without a number of its own, each caller gets one: +15555552001, +15555552002, ...
            script["caller"] ??= string.Create(CultureInfo.InvariantCulture, $"+1555555{2001 + i}");
            try
            {
                callers.Add(new ListedCaller(at, CallScript.Parse(script.ToJsonString())));
            }
            catch (CallScriptException e)
            {
                var problem = e.Field is null ? e.Message["the call script ".Length..] : e.Message[$"call script field '{e.Field}' ".Length..];
                throw new CallScriptException($"callers[{i}]" + (e.Field is null ? "" : "." + e.Field), problem);
            }
        }

        var twice = callers.GroupBy(c => c.Script.CallerNumber).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new CallScriptException("callers", string.Create(CultureInfo.InvariantCulture,
                $"name {twice.Key} {twice.Count()} times; give each caller its own \"caller\" number"));
        }

        return callers.OrderBy(c => c.AtSeconds).ToList();
    }
}
