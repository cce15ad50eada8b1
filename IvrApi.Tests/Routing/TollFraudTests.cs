using System.Text.Json.Nodes;
using IvrApi.Tests.Admin;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Routing;

/// <summary>
/// +1 is not one country: the NANP's members other than the US and Canada are dialled as +1 but charged as
/// international calls, the classic toll-fraud destinations. They are refused by default, by the admin API and on the
/// call path, and so is any number a call remembers in its TransactionAttributes.
/// </summary>
public sealed class TollFraudTests
{
    // Jamaica, the Dominican Republic (three codes), Grenada, the British Virgin Islands, Turks and Caicos, the Bahamas.
    public static TheoryData<string> InternationalNanpNumbers => new()
    {
        "+18765550100", "+18095550100", "+18295550100", "+18495550100", "+14735550100", "+12845550100", "+16495550100", "+12425550100",
    };

    [Theory]
    [MemberData(nameof(InternationalNanpNumbers))]
    public async Task The_admin_API_refuses_an_international_rate_nanp_number_for_a_department_and_after_hours(string number)
    {
        using var app = new LocalAdminFactory();
        using var client = app.CreateClient();

        foreach (var (body, field) in new[]
        {
            ($$"""{ "service": "pstnNumber", "number": "{{number}}" }""", "number"),
            ($$"""{ "service": "voiceConnector", "number": "600500", "hours": { "time_zone": "UTC", "weekly": "Mon-Fri 09:00-17:00", "after_hours": "pstn:{{number}}" } }""", "hours.after_hours"),
        })
        {
            var answer = await AdminApi.PutAsync(client, "/departments/geology", body);

            answer.Status.Should().Be(400, body);
            var error = answer.Body.GetProperty("errors").GetProperty(field)[0].GetString();
            error.Should().Contain("not an allowed PSTN destination").And.Contain("Routing:PstnDeniedPrefixes");
        }
    }

    [Theory]
    [InlineData("+14165550100", "Canada")]
    [InlineData("+17875550100", "Puerto Rico, a US territory")]
    [InlineData("+12065550100", "the US")]
    public async Task Us_and_canadian_numbers_are_still_allowed(string number, string where)
    {
        using var app = new LocalAdminFactory();
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, "/departments/geology", $$"""{ "service": "pstnNumber", "number": "{{number}}" }""");

        answer.Status.Should().BeOneOf([200, 201], where);
    }

    [Fact]
    public async Task A_stored_international_rate_number_sends_callers_to_the_operator_unless_the_deny_list_is_emptied()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"ivr-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(seed, """[{ "department_name": "kingston", "service": "pstnNumber", "number": "+18765550100" }]""");
        try
        {
            using var guarded = new IvrApiFactory().With("Directory:SeedFile", seed);
            AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(guarded, "kingston")).Should().Be("000000", "the operator, never Jamaica");

            // The open choice is explicit: an empty deny-list lets +1876 through (premium-rate numbers never).
            using var open = new IvrApiFactory().With("Directory:SeedFile", seed).With("Routing:PstnDeniedPrefixes", "");
            AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(open, "kingston")).Should().Be("+18765550100");
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Theory]
    [InlineData("pstnNumber|+19005550100")]
    [InlineData("pstnNumber|+18765550100")]
    [InlineData("pstnNumber|+442079460000")]
    public async Task A_number_remembered_in_transaction_attributes_meets_the_guard_before_it_is_bridged(string remembered)
    {
        using var app = new IvrApiFactory();
        var call = Fixtures.Sma("action-failed-call-and-bridge");
        call["ActionData"] = new JsonObject { ["Type"] = "Speak", ["ErrorType"] = "InvalidActionParameter", ["Parameters"] = new JsonObject() };
        call["CallDetails"]!["TransactionAttributes"] = new JsonObject
        {
            ["ivr_bridged_to"] = "history",
            ["ivr_destination"] = remembered,
            ["ivr_operator_tried"] = "false",
            ["ivr_after_speech"] = "Bridge",
        };

        var answer = await Fixtures.SmaAsync(app, call);

        var bridge = Fixtures.Actions(answer).Single(a => a.Type == "CallAndBridge").Parameters;
        AdminApi.Uri(bridge).Should().Be("000000", "the operator's route, never the remembered number");
        AdminApi.EndpointType(bridge).Should().Be("AWS");
    }
}
