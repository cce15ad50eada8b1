using System.Text.Json.Nodes;

namespace IvrDeploy.Tests;

/// <summary>Reads CloudFormation values: intrinsic functions become readable text such as "${Logical.Attr}".</summary>
public static class Cfn
{
    public static string Text(JsonNode? node) => node switch
    {
        JsonValue v => v.ToString(),
        JsonObject o when o["Ref"] is { } r => "${" + r.GetValue<string>() + "}",
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => "${" + string.Join('.', a.Select(x => x!.GetValue<string>())) + "}",
        JsonObject o when o["Fn::Join"] is JsonArray a => string.Join(a[0]!.GetValue<string>(), a[1]!.AsArray().Select(Text)),
        JsonObject o when o["Fn::Sub"] is JsonValue s => s.GetValue<string>(),
        JsonObject o when o["Fn::Base64"] is { } b => Text(b),
        _ => throw new NotSupportedException($"Cannot read {node?.ToJsonString()} as text."),
    };

    /// <summary>A JSON document stored as a (possibly joined) string property, such as an AwsCustomResource call.</summary>
    public static JsonObject Document(JsonNode? node) => JsonNode.Parse(Text(node))!.AsObject();

    /// <summary>Every IAM statement anywhere in the template (roles, policies, resource policies).</summary>
    public static IEnumerable<JsonObject> Statements(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.ContainsKey("Effect") && (o.ContainsKey("Action") || o.ContainsKey("NotAction")))
                {
                    yield return o;
                }

                foreach (var child in o.SelectMany(p => Statements(p.Value)))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Statements))
                {
                    yield return child;
                }

                break;
        }
    }

    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(Text).ToList(),
        null => [],
        _ => [Text(node)],
    };

}
