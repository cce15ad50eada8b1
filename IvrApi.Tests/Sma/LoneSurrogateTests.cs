using System.Text.Json;
using System.Text.Json.Nodes;
using IvrApi.Tests.TestSupport;
using IvrEmulators.Contracts;

namespace IvrApi.Tests.Sma;

/// <summary>
/// JSON may escape half of a UTF-16 surrogate pair (<c>"\ud800"</c>): valid JSON text, but no valid string. Wherever
/// such an escape sits, in any string value or property name of any event, /sma, /events and /lex-hook still answer
/// validly (it reads as U+FFFD), never with a 500.
/// </summary>
public sealed class LoneSurrogateTests(IvrApiFactory app) : IClassFixture<IvrApiFactory>
{
    private const string Marker = "LONE-SURROGATE-MARKER";

    // Each as raw JSON escapes: a high half alone, a low half inside other text, two high halves before digits.
    private static readonly string[] Escapes = [@"\ud800", @"his\udfffory", @"\ud800\ud800+1555"];

    public static TheoryData<string, string> Events()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Fixtures.SmaNames())
        {
            data.Add("sma", name);
        }

        foreach (var name in Fixtures.LexNames())
        {
            data.Add("lex", name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Events))]
    public async Task A_lone_surrogate_anywhere_in_an_event_gets_a_valid_answer(string kind, string fixture)
    {
        var original = kind == "sma" ? Fixtures.Sma(fixture) : Fixtures.Lex(fixture);
        var client = app.CreateClient();
        var failures = new List<string>();
        var count = 0;
        foreach (var (where, marked) in Marked(original))
        {
            foreach (var escape in Escapes)
            {
                var raw = marked.Replace(Marker, escape, StringComparison.Ordinal);
                // What a tolerant reader makes of it: the lone halves as U+FFFD.
                using var readable = JsonDocument.Parse(marked.Replace(Marker, escape.Replace(@"\ud800", @"\ufffd", StringComparison.Ordinal)
                    .Replace(@"\udfff", @"\ufffd", StringComparison.Ordinal), StringComparison.Ordinal));
                foreach (var path in kind == "sma" ? new[] { "/sma", "/events" } : ["/lex-hook", "/events"])
                {
                    count++;
                    var (status, answer) = await Fixtures.PostAsync(client, path, raw);
                    var problems = status != 200 ? [$"HTTP {status}: {answer}"]
                        : kind == "sma" ? SmaContract.Problems(readable.RootElement, answer)
                        : LexCodeHookContract.Check(answer);
                    failures.AddRange(problems.Select(p => $"{escape} at {where} on {path}: {p}"));
                }
            }
        }

        count.Should().BeGreaterThan(20);
        failures.Should().BeEmpty();
    }

    /// <summary>The event as text with the marker in place of each string value, then of each property name, in turn.</summary>
    private static IEnumerable<(string Where, string Json)> Marked(JsonObject original)
    {
        foreach (var (path, node) in Walk(original, "$"))
        {
            if (node is JsonValue value && value.TryGetValue<string>(out _))
            {
                var copy = original.DeepClone();
                Replace(copy, path, JsonValue.Create(Marker));
                yield return ($"value {path}", copy.ToJsonString());
            }
        }

        foreach (var (path, node) in Walk(original, "$"))
        {
            if (node is JsonObject obj)
            {
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var copy = original.DeepClone();
                    var target = Find(copy, path)!.AsObject();
                    var child = target[key];
                    target.Remove(key);
                    target[Marker + key] = child?.DeepClone();
                    yield return ($"name {path}.{key}", copy.ToJsonString());
                }
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode? Node)> Walk(JsonNode? node, string path)
    {
        yield return (path, node);
        var children = node switch
        {
            JsonObject o => o.Select(p => ($"{path}.{p.Key}", p.Value)).ToList(),
            JsonArray a => a.Select((v, i) => ($"{path}[{i}]", v)).ToList(),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            foreach (var item in Walk(child, childPath))
            {
                yield return item;
            }
        }
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        foreach (var (p, node) in Walk(root, "$"))
        {
            if (p == path)
            {
                return node;
            }
        }

        return null;
    }

    private static void Replace(JsonNode root, string path, JsonNode replacement)
    {
        var node = Find(root, path)!;
        switch (node.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = replacement;
                break;
        }
    }
}
