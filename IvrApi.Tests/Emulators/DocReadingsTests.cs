using System.Text.Json.Nodes;
using IvrApi.Tests.TestSupport;
using IvrEmulators;
using IvrEmulators.Lex;
using IvrEmulators.Sma;

namespace IvrApi.Tests.Emulators;

/// <summary>
/// Each switch of <see cref="DocReadings"/> plays both readings, and the caller's input during a question follows the
/// pages: a bot prompt is barged in, a Speak is not. The bot is the synthesized one; the code hook is written here.
/// </summary>
public sealed class DocReadingsTests
{
    private const string Session = "5b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4";
    private const string Question = "Which department would you like? Press 1 for science, 2 for art, 3 for history, or 4 for math.";

    [Fact]
    public void The_script_says_when_during_the_question_the_caller_acts()
    {
        CallerInput.Parse("@1s #3").Should().Be(new CallerInput.Keys("3") { IntoPromptMs = 1000 });
        CallerInput.Parse("@1500ms say history").Should().Be(new CallerInput.Say("history") { IntoPromptMs = 1500 });
        CallerInput.Parse("@1s #3").ToString().Should().Be("presses 3 (1.0 s into the question)");
        FluentActions.Invoking(() => CallerInput.Parse("@soon #3")).Should().Throw<FormatException>();
        FluentActions.Invoking(() => CallerInput.Parse("@1s hangup")).Should().Throw<FormatException>();
    }

    [Fact]
    public void A_bot_prompt_is_barged_in_where_the_caller_pressed()
    {
        var line = Line(DocReadings.Default, "@1s #3");

        line.Hear(Question, "bot", asksQuestion: true, canInterrupt: true);

        line.NowMs.Should().Be(1000, "the prompt stops where the key was pressed");
        line.Listen(new ListenSettings(4000, true, true)).Should().Be(new CallerInput.Keys("3") { IntoPromptMs = 1000 });
    }

    [Theory]
    [InlineData(SpeakInput.Ignored, false)]
    [InlineData(SpeakInput.KeysBuffered, true)]
    public void Keys_during_a_Speak_are_lost_or_wait_for_the_bot(SpeakInput reading, bool reachesTheBot)
    {
        var line = Line(new DocReadings { SpeakInput = reading }, "@1s #3");

        line.Hear(Question, "SMA", asksQuestion: false);

        line.NowMs.Should().Be(SimulatedLine.SpeechMs(Question), "a Speak plays to its end");
        var heard = line.Listen(new ListenSettings(4000, true, true));
        (heard is CallerInput.Keys).Should().Be(reachesTheBot);
    }

    [Fact]
    public void Words_during_a_Speak_are_lost_under_either_reading()
    {
        var line = Line(new DocReadings { SpeakInput = SpeakInput.KeysBuffered }, "@1s history");

        line.Hear(Question, "SMA", asksQuestion: false);

        line.Listen(new ListenSettings(4000, true, true)).Should().BeOfType<CallerInput.Silence>();
    }

    [Theory]
    [InlineData(PreloadedState.Survives, true)]
    [InlineData(PreloadedState.Discarded, false)]
    public async Task A_preloaded_state_survives_the_start_or_not(PreloadedState reading, bool survives)
    {
        var (lex, hook) = await Emulator(new DocReadings { PreloadedState = reading });
        Preload(lex, new JsonObject { ["preloaded"] = "yes" });

        await lex.StartConversationAsync(Session, "en_US", null, Line(lex, "history"), default);

        var attributes = hook.Events[0]["sessionState"]!["sessionAttributes"]!.AsObject();
        attributes.ContainsKey("preloaded").Should().Be(survives);
    }

    [Theory]
    [InlineData(ConfigurationAttributes.Replace, false)]
    [InlineData(ConfigurationAttributes.Merge, true)]
    public async Task Configuration_attributes_replace_or_merge_over_the_preloaded_ones(ConfigurationAttributes reading, bool kept)
    {
        var (lex, hook) = await Emulator(new DocReadings { ConfigurationAttributes = reading });
        Preload(lex, new JsonObject { ["preloaded"] = "yes" });
        var configuration = new JsonObject { ["SessionState"] = new JsonObject { ["SessionAttributes"] = new JsonObject { ["given"] = "yes" } } };

        await lex.StartConversationAsync(Session, "en_US", configuration, Line(lex, "history"), default);

        var attributes = hook.Events[0]["sessionState"]!["sessionAttributes"]!.AsObject();
        attributes.ContainsKey("given").Should().BeTrue();
        attributes.ContainsKey("preloaded").Should().Be(kept);
    }

    [Fact]
    public async Task Without_a_declared_capture_step_the_hook_runs_or_Lex_asks_its_own_confirmation()
    {
        var (hooked, hookedHook) = await Emulator(DocReadings.Default, WithoutCaptureNextStep);
        var (lexPath, lexPathHook) = await Emulator(new DocReadings { UndeclaredNextStep = UndeclaredNextStep.LexDefaultPath }, WithoutCaptureNextStep);
        Preload(hooked);
        Preload(lexPath);
        var lexLine = Line(lexPath, "history");

        await hooked.StartConversationAsync(Session, "en_US", null, Line(hooked, "history"), default);
        await lexPath.StartConversationAsync(Session, "en_US", null, lexLine, default);

        hookedHook.Events.Should().NotBeEmpty();
        hookedHook.Events[0]["invocationSource"]!.GetValue<string>().Should().Be("DialogCodeHook");
        lexPathHook.Events.Should().NotContain(e => (string?)e["inputTranscript"] == "history", "the captured value does not reach the hook");
        lexLine.Heard.First().Should().Be("Is that the department you want? Please say yes or no.", "Lex asks its own confirmation first");
    }

    [Theory]
    [InlineData(SilenceHandling.FailedCapture, true)]
    [InlineData(SilenceHandling.LexReprompts, false)]
    public async Task Silence_reaches_the_hook_or_Lex_asks_again_by_itself(SilenceHandling reading, bool hookSeesIt)
    {
        var (lex, hook) = await Emulator(new DocReadings { Silence = reading });
        Preload(lex);
        var line = Line(lex, "silence", "hangup");

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        (hook.Events.Count > 0).Should().Be(hookSeesIt);
        if (!hookSeesIt)
        {
            line.Heard.Should().ContainSingle().Which.Should().StartWith("Which department would you like?", "Lex says the slot's own prompt");
        }
    }

    [Theory]
    [InlineData(LambdaElicitSlot.NotCounted, false)]
    [InlineData(LambdaElicitSlot.Counted, true)]
    public async Task A_hook_asking_the_same_slot_again_counts_against_MaxRetries_or_not(LambdaElicitSlot reading, bool fallsBack)
    {
        // The hook asks again after every miss; the slot allows 2 retries.
        var (lex, hook) = await Emulator(new DocReadings { LambdaElicitSlot = reading });
        Preload(lex);

        await lex.StartConversationAsync(Session, "en_US", null, Line(lex, "geology", "geology", "geology", "geology"), default);

        hook.Events.Any(e => e["sessionState"]!["intent"]!["name"]!.GetValue<string>() == "FallbackIntent").Should().Be(fallsBack);
    }

    [Theory]
    [InlineData(FailingCodeHook.ActionFailed, BotConversationStatus.Failed)]
    [InlineData(FailingCodeHook.FailureNextStep, BotConversationStatus.Succeeded)]
    public async Task A_failing_hook_fails_the_action_or_follows_Lex_failure_path(FailingCodeHook reading, BotConversationStatus status)
    {
        var bot = await SynthesizedBot.DefinitionAsync();
        var lex = new LexRuntimeEmulator(bot, (_, _) => throw new HttpRequestException("the Lambda timed out"), new LexEmulatorOptions { Readings = new DocReadings { FailingCodeHook = reading } });
        Preload(lex);

        var result = await lex.StartConversationAsync(Session, "en_US", null, Line(lex, "history"), default);

        result.Status.Should().Be(status);
        if (status == BotConversationStatus.Succeeded)
        {
            result.IntentResult!["SessionState"]!["Intent"]!["State"]!.GetValue<string>().Should().Be("Failed");
        }
    }

    [Theory]
    [InlineData(PreloadedPrompt.Silent, 0)]
    [InlineData(PreloadedPrompt.Spoken, 1)]
    public async Task A_preloaded_prompt_is_spoken_at_the_start_or_not(PreloadedPrompt reading, int promptsBeforeInput)
    {
        var (lex, _) = await Emulator(new DocReadings { PreloadedPrompt = reading });
        Preload(lex);
        var line = Line(lex, "history");

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.Log.Heard.Count(h => h.Source == "bot" && h.AtMs < line.Log.CallerActs[0].AtMs).Should().Be(promptsBeforeInput);
    }

    private static async Task<(LexRuntimeEmulator Lex, Hook Hook)> Emulator(DocReadings readings, Action<JsonObject>? variant = null)
    {
        var hook = new Hook();
        var bot = variant is null ? await SynthesizedBot.DefinitionAsync() : await SynthesizedBot.VariantAsync(variant);
        return (new LexRuntimeEmulator(bot, hook.InvokeAsync, new LexEmulatorOptions { Readings = readings }), hook);
    }

    private static void WithoutCaptureNextStep(JsonObject intent) =>
        (intent["Slots"]![0]!["ValueElicitationSetting"]!["SlotCaptureSetting"] as JsonObject)?.Remove("CaptureNextStep");

    private static void Preload(LexRuntimeEmulator lex, JsonObject? attributes = null) =>
        lex.PutSession(lex.Options.BotId, lex.Options.BotAliasId, "en_US", Session, new JsonObject
        {
            ["sessionState"] = new JsonObject
            {
                ["sessionAttributes"] = attributes ?? [],
                ["intent"] = new JsonObject { ["name"] = "RouteCall" },
                ["dialogAction"] = new JsonObject { ["type"] = "ElicitSlot", ["slotToElicit"] = "Department" },
            },
        });

    private static RecordedLine Line(DocReadings readings, params string[] inputs) => new(readings, inputs);

    /// <summary>A line on which the SMA has just asked the question (as a Speak does before a preloaded bot starts).</summary>
    private static RecordedLine Line(LexRuntimeEmulator lex, params string[] inputs)
    {
        var line = new RecordedLine(lex.Options.Readings, inputs);
        line.Hear(Question, "SMA", asksQuestion: false);
        return line;
    }

    /// <summary>The SMA's simulated line, with what it recorded.</summary>
    private sealed class RecordedLine : ICallerLine
    {
        private readonly SimulatedLine line;

        public RecordedLine(DocReadings readings, string[] inputs)
        {
            var script = new CallScript { Inputs = inputs.Select(CallerInput.Parse).ToList() };
            line = new SimulatedLine(script, new ScriptedInputs(script.Inputs), Log, readings);
        }

        public CallRecord Log { get; } = new();

        public long NowMs => line.NowMs;

        /// <summary>What the bot said.</summary>
        public IEnumerable<string> Heard => Log.Heard.Where(h => h.Source == "bot").Select(h => h.Text);

        public void Hear(string text, string source, bool asksQuestion) => line.Hear(text, source, asksQuestion);

        public void Hear(string text, string source, bool asksQuestion, bool canInterrupt) => line.Hear(text, source, asksQuestion, canInterrupt);

        public CallerInput Listen(ListenSettings settings) => line.Listen(settings);

        public void Elapse(int milliseconds) => line.Elapse(milliseconds);

        public void Record(string kind, JsonNode request, JsonNode? response) => line.Record(kind, request, response);

        public void Violation(string text) => line.Violation(text);
    }

    /// <summary>A code hook that keeps eliciting the department until it hears a known one, which it closes on.</summary>
    private sealed class Hook
    {
        public List<JsonObject> Events { get; } = [];

        public Task<JsonObject> InvokeAsync(JsonObject e, CancellationToken cancellationToken)
        {
            Events.Add((JsonObject)e.DeepClone());
            var intent = e["sessionState"]!["intent"]!.DeepClone().AsObject();
            var known = e["inputTranscript"]?.GetValue<string>() is "history";
            intent["state"] = known ? "Fulfilled" : "InProgress";
            var fallback = intent["name"]!.GetValue<string>() == "FallbackIntent";
            return Task.FromResult(new JsonObject
            {
                ["sessionState"] = new JsonObject
                {
                    ["sessionAttributes"] = e["sessionState"]!["sessionAttributes"]!.DeepClone(),
                    ["dialogAction"] = known || fallback
                        ? new JsonObject { ["type"] = "Close" }
                        : new JsonObject { ["type"] = "ElicitSlot", ["slotToElicit"] = "Department" },
                    ["intent"] = fallback ? new JsonObject { ["name"] = "FallbackIntent", ["state"] = "Failed" } : intent,
                },
            });
        }
    }
}
