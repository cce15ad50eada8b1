using IvrApi.Routing;
using IvrApi.Routing.Matching;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Routing;

/// <summary>The bot's turns as rules: what the <see cref="DepartmentDialog"/> decides for a <see cref="DialogTurn"/>.</summary>
public sealed class DepartmentDialogTests
{
    private const string Menu = "Press 1 for science, 2 for art, 3 for history, or 4 for math.";

    private readonly RoutingWorld world = new();

    [Theory]
    [InlineData("history")]
    [InlineData("the history department please")]
    public async Task A_department_the_caller_names_is_routed(string heard)
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, heard, FailureCount: 0));

        decision.Should().Be(new DialogDecision.RouteTo(SampleDepartments.History));
    }

    [Fact]
    public async Task A_near_miss_is_confirmed_before_routing()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, "histery", FailureCount: 0));

        decision.Should().Be(new DialogDecision.Confirm(SampleDepartments.History, "Did you say history?"));
    }

    [Fact]
    public async Task A_confirmed_near_miss_is_routed()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, "history", FailureCount: 0, Confirmation: Confirmation.Confirmed));

        decision.Should().Be(new DialogDecision.RouteTo(SampleDepartments.History));
    }

    [Fact]
    public async Task A_denied_proposal_asks_again_with_the_menu_and_counts_a_miss()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, "history", FailureCount: 0, Confirmation: Confirmation.Denied));

        AskedAgain(decision, misses: 1, $"Sorry about that. Which department would you like? {Menu}");
    }

    [Fact]
    public async Task A_key_from_the_menu_the_caller_was_given_routes_even_if_the_directory_order_changed()
    {
        var given = new KeypadMenu(["math", "history"], MoreByName: false);

        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, null, FailureCount: 0, Keypad: true, Transcript: "2#", Menu: given));

        decision.Should().Be(new DialogDecision.RouteTo(SampleDepartments.History));
    }

    [Fact]
    public async Task An_unknown_department_asks_again_with_the_menu()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, "geology", FailureCount: 0));

        AskedAgain(decision, misses: 1, $"Sorry, I couldn't find that department. Can you try again? {Menu}");
    }

    [Fact]
    public async Task Two_departments_at_once_ask_for_just_one()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, "history or math", FailureCount: 0));

        AskedAgain(decision, misses: 1, $"Sorry, I'm not sure which department you mean. Please say just one department name. {Menu}");
    }

    [Fact]
    public async Task Silence_asks_again_as_not_heard()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, null, FailureCount: 1));

        AskedAgain(decision, misses: 2, $"Sorry, I didn't catch the department. Which department would you like? {Menu}");
    }

    [Fact]
    public async Task A_fallback_still_matches_its_transcript()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.Fallback, null, FailureCount: 0, Transcript: "math"));

        decision.Should().Be(new DialogDecision.RouteTo(SampleDepartments.Math));
    }

    [Fact]
    public async Task At_the_retry_limit_a_miss_hands_over_to_the_operator()
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, "geology", FailureCount: world.Routing.MaxRetries));

        decision.Should().Be(new DialogDecision.HandToOperator(world.Routing.MaxRetries + 1, world.Prompts.OperatorHandoff));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task Silence_at_the_retry_limit_hands_over_saying_nothing_was_heard(string? transcript)
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.Fallback, null, FailureCount: world.Routing.MaxRetries, Transcript: transcript));

        decision.Should().Be(new DialogDecision.HandToOperator(world.Routing.MaxRetries + 1, "I didn't hear anything. Let me connect you to an operator."));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("yeah that's right", true)]
    [InlineData("no", false)]
    [InlineData("nope", false)]
    public async Task The_answer_to_a_proposed_department_is_read_as_yes_or_no(string said, bool yes)
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.Fallback, null, FailureCount: 0, Transcript: said, Proposed: "history"));

        if (yes)
        {
            decision.Should().Be(new DialogDecision.RouteTo(SampleDepartments.History));
        }
        else
        {
            AskedAgain(decision, misses: 1, $"Sorry about that. Which department would you like? {Menu}");
        }
    }

    [Theory]
    [InlineData("art", false, "art")]
    [InlineData("2", true, "art")]
    public async Task Another_department_or_a_key_answers_a_proposal_too(string said, bool keypad, string routed)
    {
        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, keypad ? null : said, FailureCount: 0, Keypad: keypad, Transcript: said, Proposed: "history"));

        decision.Should().BeOfType<DialogDecision.RouteTo>().Which.Department.Name.Should().Be(routed);
    }

    [Fact]
    public async Task A_directory_outage_hands_over_honestly()
    {
        world.Store.Fail = new IOException("table unreachable");

        var decision = await DecideAsync(new DialogTurn(DialogIntent.RouteCall, "history", FailureCount: 0));

        decision.Should().Be(new DialogDecision.HandToOperator(0, world.Prompts.DirectoryUnavailable));
    }

    private static void AskedAgain(DialogDecision decision, int misses, string message)
    {
        var ask = decision.Should().BeOfType<DialogDecision.AskAgain>().Subject;
        ask.FailureCount.Should().Be(misses);
        ask.Message.Should().Be(message);
        ask.Menu.ToString().Should().Be("science art history math");
    }

    private Task<DialogDecision> DecideAsync(DialogTurn turn) => world.Dialog().DecideAsync(turn, default);
}
