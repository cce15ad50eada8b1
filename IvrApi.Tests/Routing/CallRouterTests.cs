using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Routing;

/// <summary>
/// The call router's rules, stated on the <see cref="CallPlan"/> it returns for a <see cref="CallEvent"/>: no HTTP,
/// no SMA JSON. The SMA endpoint tests check the same paths end to end in the SMA's words.
/// </summary>
public sealed class CallRouterTests
{
    private const string Question = "Which department would you like? Press 1 for science, 2 for art, 3 for history, or 4 for math.";
    private const string CallerNumber = "+15555550100";
    private const string OurNumber = "+15555550101";

    private static readonly CallLeg Caller = new("leg-a", "LEG-A", CallerNumber, OurNumber);
    private static readonly CallLeg Agent = new("leg-b", "LEG-B", CallerNumber, "600300");
    private static readonly CallMemory Nothing = new(null, OperatorTried: false);

    private readonly RoutingWorld world = new();

    [Fact]
    public async Task A_new_call_without_preload_hands_the_greeting_and_question_to_the_bot()
    {
        var plan = await world.Router().HandleAsync(Event(CallEventKind.NewCall), default);

        var bot = plan.Steps.Should().ContainSingle().Which.Should().BeOfType<CallStep.StartBot>().Subject;
        bot.WelcomeText.Should().Be($"Thank you for calling. {Question}");
        bot.Menu.ToString().Should().Be("science art history math");
        world.Metrics.Told.Should().Equal("CallStarted");
    }

    [Fact]
    public async Task A_preloaded_call_still_has_the_bot_ask_so_the_caller_can_answer_before_the_question_ends()
    {
        var preloader = new RecordingPreloader();
        world.Preloader = preloader;

        var plan = await world.Router().HandleAsync(Event(CallEventKind.NewCall), default);

        preloader.Calls.Should().Equal("leg-a");
        plan.Steps.Should().ContainSingle().Which.Should().BeOfType<CallStep.StartBot>()
            .Which.WelcomeText.Should().Be($"Thank you for calling. {Question}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_prefer_rule_has_the_bot_ask_about_its_department_and_carry_the_proposal(bool preload)
    {
        world.Store.Rules.Add(new CallerRule("vip", 1, "+1555", null, null, RuleAction.Prefer, "history", null));
        if (preload)
        {
            world.Preloader = new RecordingPreloader();
        }

        var plan = await world.Router().HandleAsync(Event(CallEventKind.NewCall), default);

        var bot = plan.Steps.Should().ContainSingle().Which.Should().BeOfType<CallStep.StartBot>().Subject;
        bot.WelcomeText.Should().Be("Thank you for calling. Are you calling about the history department?");
        bot.Proposed.Should().Be("history");
        bot.Menu.ToString().Should().Be("science art history math", "keys still follow the menu");
    }

    [Fact]
    public async Task A_new_call_without_a_caller_leg_is_rejected_unanswered()
    {
        var plan = await world.Router().HandleAsync(Event(CallEventKind.NewCall) with { Caller = null, Legs = [] }, default);

        plan.Steps.Should().Equal(new CallStep.Hangup(SipResponseCode: 480));
    }

    [Fact]
    public async Task A_known_department_is_announced_and_bridged_presenting_the_callers_number()
    {
        var plan = await world.Router().HandleAsync(BotFinished("history"), default);

        plan.Steps.Should().Equal(
            new CallStep.Say("Connecting you to the history department."),
            new CallStep.Bridge(Destination.To(SampleDepartments.History), CallerNumber));
        plan.Remember.Should().Be(new CallMemory(Destination.To(SampleDepartments.History), OperatorTried: false, AfterSpeech.Bridge));
        world.Metrics.Told.Should().Equal("Decided Matched history");
    }

    [Fact]
    public async Task A_withheld_caller_id_presents_our_own_number()
    {
        var plan = await world.Router().HandleAsync(BotFinished("history") with { Caller = Caller with { From = "anonymous" } }, default);

        plan.Steps!.OfType<CallStep.Bridge>().Single().CallerId.Should().Be(OurNumber);
    }

    [Fact]
    public async Task No_presentable_caller_id_ends_in_words_instead_of_a_doomed_bridge_keeping_the_memory()
    {
        var plan = await world.Router().HandleAsync(BotFinished("history") with { Caller = Caller with { From = "anonymous", To = "sip:ivr" } }, default);

        plan.Steps.Should().Equal(new CallStep.Say(world.Prompts.OperatorUnavailable), new CallStep.Hangup());
        plan.Remember!.Destination.Should().Be(Destination.To(SampleDepartments.History));
    }

    [Fact]
    public async Task Words_are_dropped_when_no_caller_leg_can_be_addressed()
    {
        var plan = await world.Router().HandleAsync(BotFinished("history") with { Caller = Caller with { CallId = null } }, default);

        plan.Steps.Should().ContainSingle().Which.Should().BeOfType<CallStep.Bridge>();
    }

    [Theory]
    [InlineData(null, "I didn't hear anything. Let me connect you to an operator.")]
    [InlineData(" ", "I didn't hear anything. Let me connect you to an operator.")]
    [InlineData("geology", "Sorry, I couldn't find that department. Let me connect you to an operator.")]
    public async Task No_or_an_unknown_department_goes_to_the_operator_with_words_that_fit(string? heard, string said)
    {
        var plan = await world.Router().HandleAsync(BotFinished(heard), default);

        plan.Steps.Should().Equal(new CallStep.Say(said), new CallStep.Bridge(world.Operator, CallerNumber));
        plan.Remember!.OperatorTried.Should().BeTrue();
    }

    [Fact]
    public async Task A_hand_over_the_bot_announced_bridges_to_the_operator_without_more_words()
    {
        var plan = await world.Router().HandleAsync(Event(CallEventKind.ActionSucceeded, CallEventAction.Bot) with { Bot = new BotOutcome(null, OperatorRequested: true) }, default);

        plan.Steps.Should().Equal(new CallStep.Bridge(world.Operator, CallerNumber));
        world.Metrics.Told.Should().Equal("Decided BotHandedOver unknown");
    }

    [Fact]
    public async Task A_failed_bot_apologises_goes_to_the_operator_and_is_counted_with_its_error()
    {
        var plan = await world.Router().HandleAsync(Event(CallEventKind.ActionFailed, CallEventAction.Bot) with { ErrorType = "SystemException" }, default);

        plan.Steps.Should().Equal(new CallStep.Say(world.Prompts.BotFailed), new CallStep.Bridge(world.Operator, CallerNumber));
        world.Metrics.Told.Should().Equal("BotFailed SystemException", "Decided BotFailed unknown");
    }

    [Fact]
    public async Task A_failed_bridge_to_a_department_names_it_and_tries_the_operator_once()
    {
        var memory = new CallMemory(Destination.To(SampleDepartments.History), OperatorTried: false, AfterSpeech.Bridge);

        var plan = await world.Router().HandleAsync(BridgeFailed(memory, "600300"), default);

        plan.Steps.Should().Equal(
            new CallStep.Say("Sorry, nobody in the history department is available. Let me connect you to an operator."),
            new CallStep.Bridge(world.Operator, CallerNumber));
        plan.Remember!.OperatorTried.Should().BeTrue();
        world.Metrics.Told.Should().Equal("BridgeFailed CallNotAnswered", "Decided DestinationFailed unknown");
    }

    [Fact]
    public async Task A_failed_bridge_whose_endpoint_is_the_operators_hangs_up_whatever_the_memory_says()
    {
        var memory = new CallMemory(Destination.To(SampleDepartments.History), OperatorTried: false, AfterSpeech.Bridge);

        var plan = await world.Router().HandleAsync(BridgeFailed(memory, " 000000 "), default);

        plan.Steps.Should().Equal(new CallStep.Say(world.Prompts.OperatorUnavailable), new CallStep.Hangup());
    }

    [Fact]
    public async Task A_failed_bridge_after_the_operator_was_tried_hangs_up_instead_of_looping()
    {
        var plan = await world.Router().HandleAsync(BridgeFailed(new CallMemory(world.Operator, OperatorTried: true), "600300"), default);

        plan.Steps.Should().Equal(new CallStep.Say(world.Prompts.OperatorUnavailable), new CallStep.Hangup());
    }

    [Theory]
    [InlineData(AfterSpeech.Hangup)]
    [InlineData(AfterSpeech.Bridge)]
    [InlineData(AfterSpeech.Nothing)]
    public async Task Failed_words_go_on_to_what_was_to_follow_them(AfterSpeech next)
    {
        var memory = new CallMemory(Destination.To(SampleDepartments.History), OperatorTried: false, next);

        var plan = await world.Router().HandleAsync(Event(CallEventKind.ActionFailed, CallEventAction.Speech) with { Memory = memory }, default);

        // Without the words: the step itself.
        var step = plan.Steps.Should().ContainSingle().Subject;
        switch (next)
        {
            case AfterSpeech.Hangup:
                step.Should().Be(new CallStep.Hangup());
                break;
            case AfterSpeech.Bridge:
                step.Should().Be(new CallStep.Bridge(Destination.To(SampleDepartments.History), CallerNumber));
                break;
            default:
                step.Should().Be(new CallStep.Bridge(world.Operator, CallerNumber), "with nothing remembered, the operator once");
                break;
        }
    }

    [Fact]
    public async Task A_failed_hang_up_stops_everything()
    {
        var plan = await world.Router().HandleAsync(Event(CallEventKind.ActionFailed, CallEventAction.Hangup), default);

        plan.Should().Be(CallPlan.Stop);
    }

    [Theory]
    [InlineData(CallEventKind.ActionSucceeded, CallEventAction.Bot)]
    [InlineData(CallEventKind.ActionFailed, CallEventAction.Bridge)]
    [InlineData(CallEventKind.ResponseRejected, CallEventAction.Other)]
    public async Task After_the_caller_left_nothing_new_starts_and_the_other_legs_are_hung_up(CallEventKind kind, CallEventAction action)
    {
        var call = Event(kind, action) with { Legs = [Caller with { MaybeConnected = false }, Agent], Bot = new BotOutcome("history", false) };

        var plan = await world.Router().HandleAsync(call, default);

        plan.Steps.Should().Equal(new CallStep.Hangup("leg-b"));
        world.Metrics.Told.Should().BeEmpty();
    }

    [Fact]
    public async Task When_the_agent_hangs_up_the_caller_is_hung_up_too()
    {
        var call = Event(CallEventKind.HungUp) with { Legs = [Caller, Agent with { MaybeConnected = false }], HungUp = new CallLeg("leg-b", "LEG-B") };

        var plan = await world.Router().HandleAsync(call, default);

        plan.Steps.Should().Equal(new CallStep.Hangup("leg-a"));
    }

    [Fact]
    public async Task A_hang_up_names_the_gone_leg_even_when_its_status_still_says_connected()
    {
        var call = Event(CallEventKind.HungUp) with { Legs = [Caller, Agent], HungUp = new CallLeg("leg-a", "LEG-A") };

        var plan = await world.Router().HandleAsync(call, default);

        plan.Steps.Should().Equal(new CallStep.Hangup("leg-b"));
    }

    [Fact]
    public async Task A_hang_up_with_nobody_left_stops()
    {
        var call = Event(CallEventKind.HungUp) with { Legs = [Caller with { MaybeConnected = false }], HungUp = new CallLeg("leg-a", "LEG-A") };

        var plan = await world.Router().HandleAsync(call, default);

        plan.Should().Be(CallPlan.Stop);
    }

    [Fact]
    public async Task A_rejected_answer_is_followed_by_the_simplest_thing_that_cannot_be_wrong()
    {
        var plan = await world.Router().HandleAsync(Event(CallEventKind.ResponseRejected), default);

        plan.Steps.Should().Equal(new CallStep.Say(world.Prompts.OperatorUnavailable), new CallStep.Hangup());
        plan.Remember!.OperatorTried.Should().BeTrue();
    }

    [Fact]
    public async Task A_rejected_answer_with_no_caller_leg_lets_the_running_actions_go_on()
    {
        var plan = await world.Router().HandleAsync(Event(CallEventKind.ResponseRejected) with { Caller = null, Legs = [] }, default);

        plan.Should().Be(CallPlan.KeepGoing);
    }

    [Theory]
    [InlineData(CallEventKind.Other, CallEventAction.Other)]
    [InlineData(CallEventKind.ActionSucceeded, CallEventAction.Speech)]
    [InlineData(CallEventKind.ActionSucceeded, CallEventAction.Bridge)]
    public async Task Events_that_ask_nothing_keep_the_running_actions(CallEventKind kind, CallEventAction action)
    {
        var plan = await world.Router().HandleAsync(Event(kind, action), default);

        plan.Should().Be(CallPlan.KeepGoing);
    }

    [Fact]
    public async Task A_bug_while_deciding_still_ends_in_words_and_a_clean_hang_up()
    {
        world.Matcher = new ThrowingMatcher();

        var plan = await world.Router().HandleAsync(BotFinished("history"), default);

        plan.Steps.Should().Equal(new CallStep.Say(world.Prompts.OperatorUnavailable), new CallStep.Hangup());
    }

    [Fact]
    public async Task A_call_to_a_spanish_number_starts_the_bot_in_spanish_and_remembers_the_language()
    {
        world.Routing.SpanishNumbers = $"+15555550177, {OurNumber}";

        var plan = await world.Router().HandleAsync(Event(CallEventKind.NewCall), default);

        var bot = plan.Steps.Should().ContainSingle().Which.Should().BeOfType<CallStep.StartBot>().Subject;
        bot.Language.Should().Be(CallLanguage.Spanish);
        bot.Offered.Should().BeNull("the other language is offered only when Routing:OfferLanguageChoice is on");
        bot.WelcomeText.Should().Be("Gracias por llamar. ¿Con qué departamento desea hablar? Oprima 1 para science, 2 para art, 3 para history o 4 para math.");
        plan.Remember!.Language.Should().Be(CallLanguage.Spanish);
    }

    [Fact]
    public async Task While_the_other_language_is_offered_key_9_is_no_departments()
    {
        world.Routing.OfferLanguageChoice = true;
        foreach (var i in Enumerable.Range(1, 6))
        {
            world.Store.Departments.Add(new Department($"extra{i}", DepartmentService.VoiceConnector, $"60090{i}"));
        }

        var plan = await world.Router().HandleAsync(Event(CallEventKind.NewCall), default);

        var bot = plan.Steps.Should().ContainSingle().Which.Should().BeOfType<CallStep.StartBot>().Subject;
        bot.Offered.Should().Be(CallLanguage.Spanish);
        bot.Menu.Keys.Should().HaveCount(8);
        bot.Menu.MoreByName.Should().BeTrue("the ninth and tenth are reached by name");
        bot.WelcomeText.Should().StartWith("Thank you for calling. Para español, oprima nueve. Which department would you like? Press 1 for science,")
            .And.Contain("or 8 for extra4.").And.EndWith("For any other department, say its name.");
    }

    [Fact]
    public async Task A_caller_who_chose_the_offered_language_gets_the_bot_again_in_it_without_the_offer()
    {
        var chosen = Event(CallEventKind.ActionSucceeded, CallEventAction.Bot) with { Bot = new BotOutcome(null, OperatorRequested: false, CallLanguage.Spanish) };

        var plan = await world.Router().HandleAsync(chosen, default);

        var bot = plan.Steps.Should().ContainSingle().Which.Should().BeOfType<CallStep.StartBot>().Subject;
        bot.Language.Should().Be(CallLanguage.Spanish);
        bot.Offered.Should().BeNull();
        bot.WelcomeText.Should().StartWith("Gracias por llamar. ¿Con qué departamento desea hablar?");
        plan.Remember!.Language.Should().Be(CallLanguage.Spanish);
    }

    [Fact]
    public async Task Words_and_bridges_are_in_the_language_the_call_remembers()
    {
        var spanishCall = BotFinished("history") with { Memory = Nothing with { Language = CallLanguage.Spanish } };

        var plan = await world.Router().HandleAsync(spanishCall, default);

        plan.Steps.Should().SatisfyRespectively(
            say => say.Should().Be(new CallStep.Say("Le comunico con el departamento de history.", CallLanguage.Spanish)),
            bridge => bridge.Should().BeOfType<CallStep.Bridge>().Which.Language.Should().Be(CallLanguage.Spanish));
        plan.Remember!.Language.Should().Be(CallLanguage.Spanish);
    }

    private static CallEvent Event(CallEventKind kind, CallEventAction action = CallEventAction.Other) =>
        new(kind, action, Caller, [Caller], Nothing);

    private static CallEvent BotFinished(string? heard) =>
        Event(CallEventKind.ActionSucceeded, CallEventAction.Bot) with { Bot = new BotOutcome(heard, OperatorRequested: false) };

    private static CallEvent BridgeFailed(CallMemory memory, string endpoint) =>
        Event(CallEventKind.ActionFailed, CallEventAction.Bridge) with { Memory = memory, FailedEndpoint = endpoint, ErrorType = "CallNotAnswered" };

    private sealed class ThrowingMatcher : IDepartmentMatcher
    {
        public DepartmentMatch Match(string? heard, DirectorySnapshot directory) => throw new InvalidOperationException("a bug");
    }
}
