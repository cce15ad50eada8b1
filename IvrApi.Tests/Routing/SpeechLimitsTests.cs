using System.Text.Json.Nodes;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Routing;

/// <summary>
/// With the longest greeting the start-up check allows and the largest data the directory accepts, the longest text a
/// call can hear still fits one Speak (1,000 characters): the check and the router compose texts alike.
/// </summary>
public sealed class SpeechLimitsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ivr-speech-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_longest_greeting_closed_message_and_after_hours_message_fit_one_Speak()
    {
        // 248 = 1000 - 250 (closed_message) - 500 (after-hours message) - 2 spaces.
        var greeting = new string('g', 248);
        var departments = new JsonArray(Enumerable.Range(0, 10)
            .Select(i => (JsonNode)new JsonObject { ["department_name"] = $"{new string('w', 31)}{i}", ["service"] = "voiceConnector", ["number"] = $"60010{i}" })
            .Append(new JsonObject
            {
                ["department_name"] = "closed",
                ["service"] = "voiceConnector",
                ["number"] = "600999",
                ["hours"] = new JsonObject
                {
                    ["time_zone"] = "UTC", ["weekly"] = "", ["holidays"] = new JsonArray(),
                    ["after_hours"] = "message:" + new string('m', 500), ["closed_message"] = new string('c', 250),
                },
            })
            .ToArray());
        File.WriteAllText(Path.Combine(folder, "departments.json"), departments.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "rules.json"), """[{ "rule_id": "to-closed", "order": 1, "caller_number": "+15555550100", "action": "route", "department": "closed" }]""");
        using var app = new IvrApiFactory()
            .With("Directory:SeedFile", Path.Combine(folder, "departments.json"))
            .With("Directory:RulesFile", Path.Combine(folder, "rules.json"))
            .With("Prompts:Greeting", greeting);

        var answer = await Admin.AdminApi.NewCallAsync(app);

        var speak = Fixtures.Actions(answer).Should().Contain(a => a.Type == "Speak").Which.Parameters.GetProperty("Text").GetString()!;
        speak.Should().Be($"{greeting} {new string('c', 250)} {new string('m', 500)}").And.HaveLength(1000);
    }
}
