using IvrApi.Tests.Admin;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Routing;

/// <summary>
/// The toll-fraud guard on the call path: a row that reached the store without the admin API (a console edit, an old
/// seed) and names a number outside the allow-list sends its callers to the operator, never to that number.
/// </summary>
public sealed class PstnPolicyTests : IDisposable
{
    private readonly string seedFile = Path.Combine(Path.GetTempPath(), $"ivr-seed-{Guid.NewGuid():N}.json");

    public PstnPolicyTests() => File.WriteAllText(seedFile, """
        [
          { "department_name": "history", "service": "voiceConnector", "number": "600300" },
          { "department_name": "sales", "service": "pstnNumber", "number": "+19005550100" },
          { "department_name": "abroad", "service": "pstnNumber", "number": "+442079460000" },
          { "department_name": "support", "service": "voiceConnector", "number": "600400",
            "hours": { "time_zone": "UTC", "weekly": "", "holidays": [], "after_hours": "pstn:+19765550100" } },
          { "department_name": "billing", "service": "pstnNumber", "number": "+15555550199" }
        ]
        """);

    public void Dispose() => File.Delete(seedFile);

    [Theory]
    [InlineData("sales")]
    [InlineData("abroad")]
    [InlineData("support")]
    public async Task A_stored_destination_outside_the_allow_list_sends_the_caller_to_the_operator(string department)
    {
        using var app = new IvrApiFactory().With("Directory:SeedFile", seedFile);

        var bridge = await AdminApi.BridgeAfterBotAsync(app, department);

        AdminApi.EndpointType(bridge).Should().Be("AWS");
        AdminApi.Uri(bridge).Should().Be("000000", "the operator's route, not the stored number");
        app.Logs.Lines.Should().Contain(l => l.Contains("is not an allowed PSTN destination", StringComparison.Ordinal) && l.Contains(department, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_allowed_number_is_called()
    {
        using var app = new IvrApiFactory().With("Directory:SeedFile", seedFile);

        var bridge = await AdminApi.BridgeAfterBotAsync(app, "billing");

        AdminApi.EndpointType(bridge).Should().Be("PSTN");
        AdminApi.Uri(bridge).Should().Be("+15555550199");
    }

    [Fact]
    public async Task The_allow_list_is_a_setting()
    {
        using var app = new IvrApiFactory().With("Directory:SeedFile", seedFile).With("Routing:PstnAllowedPrefixes", "+1, +44");

        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "abroad")).Should().Be("+442079460000");
        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "sales")).Should().Be("000000", "premium-rate numbers are refused whatever is allowed");
    }
}
