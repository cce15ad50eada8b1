using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using Serilog;
using Serilog.Extensions.Logging;

namespace IvrApi.Tests.Departments;

/// <summary>
/// A department's own words in the caller's language: its name, its closed and after-hours messages. The other
/// language's text is said only when there is none in the caller's, and the log says so.
/// </summary>
public sealed class MessageLanguageTests : IDisposable
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    // Tuesday 2026-11-24 18:00 in New York: after the 09:00-17:00 hours below.
    private static readonly DateTimeOffset TuesdayEvening = DateTimeOffset.Parse("2026-11-24T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly PromptOptions Spanish = new()
    {
        Connecting = "Le comunico con el departamento de {department}.",
        Closed = "Lo siento, el departamento de {department} está cerrado.",
        AfterHoursConnecting = "Le comunico con el departamento de {department}.",
        AfterHoursTransfer = "Le transfiero la llamada.",
    };

    private static readonly Department History = SampleDepartments.History with
    {
        Names = new Dictionary<CallLanguage, SpokenNames> { [CallLanguage.Spanish] = new("historia", []) },
    };

    private static readonly Department Math = SampleDepartments.Math with
    {
        Names = new Dictionary<CallLanguage, SpokenNames> { [CallLanguage.Spanish] = new("matemáticas", []) },
    };

    private readonly RoutingWorld world = new();
    private readonly CapturingSink sink = new();
    private readonly SerilogLoggerFactory loggers;

    public MessageLanguageTests() => loggers = new SerilogLoggerFactory(new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger(), dispose: true);

    public void Dispose() => loggers.Dispose();

    [Fact]
    public void An_open_department_is_named_in_the_callers_language()
    {
        Plan(History, TuesdayEvening.AddHours(-6), Spanish, CallLanguage.Spanish).Announcement
            .Should().Be("Le comunico con el departamento de historia.");
    }

    [Fact]
    public void A_Spanish_caller_hears_the_Spanish_closed_and_after_hours_messages_and_nothing_is_logged()
    {
        var department = Closed(
            new AfterHours.SayAndHangUp(Text(("en", "Please call back tomorrow."), ("es", "Por favor, llame mañana."))),
            Text(("en", "History is closed."), ("es", "Historia está cerrado.")));

        var plan = Plan(department, TuesdayEvening, Spanish, CallLanguage.Spanish);

        plan.Announcement.Should().Be("Historia está cerrado.");
        plan.Farewell.Should().Be("Por favor, llame mañana.");
        sink.Events.Should().BeEmpty();
    }

    [Fact]
    public void A_missing_Spanish_text_falls_back_to_English_and_says_so_in_the_log()
    {
        var department = Closed(new AfterHours.SayAndHangUp("Please call back tomorrow."), "History is closed.");

        var plan = Plan(department, TuesdayEvening, Spanish, CallLanguage.Spanish);

        plan.Announcement.Should().Be("History is closed.");
        plan.Farewell.Should().Be("Please call back tomorrow.");
        Fallbacks().Should().Equal("closed_message of history: es → en", "after_hours_message of history: es → en");
        sink.Events.Should().OnlyContain(e => e.Level == Serilog.Events.LogEventLevel.Warning);
    }

    [Fact]
    public void A_Spanish_only_message_is_what_an_English_caller_hears_too_logged()
    {
        var department = Closed(new AfterHours.ToOperator(), Text(("es", "Historia está cerrado.")));

        var plan = Plan(department, TuesdayEvening, world.Prompts, CallLanguage.English);

        plan.Announcement.Should().Be("Historia está cerrado. Let me transfer your call.");
        Fallbacks().Should().Equal("closed_message of history: en → es");
    }

    [Fact]
    public void Without_its_own_message_the_closed_prompt_names_the_department_and_the_after_hours_one_in_the_callers_language()
    {
        var department = Closed(new AfterHours.ToDepartment("math"), null);

        var plan = Plan(department, TuesdayEvening, Spanish, CallLanguage.Spanish, Math);

        plan.Announcement.Should().Be("Lo siento, el departamento de historia está cerrado. Le comunico con el departamento de matemáticas.");
        sink.Events.Should().BeEmpty();
    }

    [Fact]
    public void Blank_texts_are_dropped_and_all_blank_is_no_message()
    {
        LocalizedText.Of([new(CallLanguage.English, "  "), new(CallLanguage.Spanish, " Adiós. ")])!.Texts
            .Should().Equal(new Dictionary<CallLanguage, string> { [CallLanguage.Spanish] = "Adiós." });
        LocalizedText.Of([new(CallLanguage.English, " ")]).Should().BeNull();
    }

    /// <summary>Each fallback the log reports, from its structured properties.</summary>
    private IEnumerable<string> Fallbacks() => sink.Events.Select(e =>
        $"{Value(e, "What")}: {Value(e, "Language")} → {Value(e, "FallbackLanguage")}");

    private static string? Value(Serilog.Events.LogEvent e, string property) =>
        (e.Properties.GetValueOrDefault(property) as Serilog.Events.ScalarValue)?.Value?.ToString();

    private RoutePlan Plan(Department department, DateTimeOffset now, PromptOptions text, CallLanguage language, params Department[] others) =>
        RoutePlanner.Plan(department, new DirectorySnapshot([department, .. others]), now, text, language, world.Operator, loggers.CreateLogger("test"));

    private static LocalizedText Text(params (string Code, string Text)[] texts) =>
        LocalizedText.Of(texts.Select(t => new KeyValuePair<CallLanguage, string>(CallLanguages.FromCode(t.Code)!.Value, t.Text)))!;

    private static Department Closed(AfterHours afterHours, LocalizedText? closedMessage) => History with
    {
        Hours = new OpeningHours(
            NewYork,
            [.. Enum.GetValues<DayOfWeek>().Select(d => new OpeningWindow(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))],
            new HashSet<DateOnly>(),
            afterHours,
            closedMessage),
    };
}
