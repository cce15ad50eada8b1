using System.Text.Json;
using IvrApi.Tests.TestSupport;
using IvrEmulators.Contracts;

namespace IvrApi.Tests.Sma;

/// <summary>
/// However an event is damaged, the SMA gets a valid answer (HTTP 200, a response the PSTN documentation accepts, no
/// unsafe SIP header) and the bot gets a response Lex accepts.
/// </summary>
public sealed class MutationTests(IvrApiFactory app) : IClassFixture<IvrApiFactory>
{
    public static TheoryData<string> SmaFixtures() => new(Fixtures.SmaNames());

    public static TheoryData<string> LexFixtures() => new(Fixtures.LexNames());

    [Theory]
    [MemberData(nameof(SmaFixtures))]
    public async Task Every_damaged_sma_event_gets_a_valid_answer(string fixture)
    {
        var client = app.CreateClient();
        var failures = new List<string>();
        var count = 0;
        foreach (var (description, damaged) in Mutations.Of(Fixtures.Sma(fixture)))
        {
            count++;
            var (status, answer) = await Fixtures.PostAsync(client, "/sma", damaged);
            using var request = JsonDocument.Parse(damaged.ToJsonString());
            var problems = status == 200 ? SmaContract.Problems(request.RootElement, answer) : [$"HTTP {status}: {answer}"];
            failures.AddRange(problems.Select(p => $"{description}: {p}"));
        }

        count.Should().BeGreaterThan(20);
        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(LexFixtures))]
    public async Task Every_damaged_lex_event_gets_a_response_lex_accepts(string fixture)
    {
        var client = app.CreateClient();
        var failures = new List<string>();
        foreach (var (description, damaged) in Mutations.Of(Fixtures.Lex(fixture)))
        {
            var (status, answer) = await Fixtures.PostAsync(client, "/lex-hook", damaged);
            var problems = status == 200 ? LexCodeHookContract.Check(answer) : [$"HTTP {status}: {answer}"];
            failures.AddRange(problems.Select(p => $"{description}: {p}"));
        }

        failures.Should().BeEmpty();
    }
}
