using IvrApi.Departments;
using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>
/// What the services accept as one text, and the longest texts the call router puts together from the prompts and
/// the largest data the directory accepts, so the settings can be refused at start-up rather than a Speak on a call.
/// </summary>
public static class SpeechLimits
{
    /// <summary>
    /// Speak <c>Text</c> (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html, "Text is limited to 1,000
    /// characters"), a Lex V2 message's <c>content</c> and a StartBotConversation welcome message
    /// (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_Message.html, 1-1000).
    /// </summary>
    public const int MaxText = 1000;

    // The longest department name there can be: its spoken form is as long.
    private static readonly string LongestName = new('w', DepartmentRules.MaxNameLength);

    /// <summary>
    /// The keypad menu of the largest directory, in the language whose menu is longest: nine keys for the longest names
    /// (a name in another language has the same cap), and "say its name".
    /// </summary>
    public static int LongestKeypadMenu { get; } = CallLanguages.All.Max(language => KeypadMenu.Of(new DirectorySnapshot(
        Enumerable.Range(0, 10).Select(i => new Department($"{LongestName[1..]}{i}", DepartmentService.VoiceConnector, "600100")).ToArray())).Describe(language).Length);

    /// <summary>Each text the router composes, named by the prompts in it, with the most characters it can have.</summary>
    public static IEnumerable<(string Prompts, int Length)> Longest(PromptOptions p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var greeting = p.Greeting.Length + 1;

        // The bot's welcome may carry the other language's offer after the greeting.
        var welcome = greeting + OfferLength + 1;
        var menu = 1 + LongestKeypadMenu;
        var closed = Math.Max(Filled(p.Closed), OpeningHoursRules.MaxClosedMessageLength) + 1;
        yield return ("Greeting, the other language's LanguageOffer, Question and the keypad menu", welcome + p.Question.Length + menu);
        yield return ("Greeting, the other language's LanguageOffer and Preferred", welcome + Filled(p.Preferred));
        yield return ("Greeting and Connecting", greeting + Filled(p.Connecting));
        yield return ("Greeting, Closed (or a closed_message) and AfterHoursTransfer", greeting + closed + p.AfterHoursTransfer.Length);
        yield return ("Greeting, Closed (or a closed_message) and AfterHoursConnecting", greeting + closed + Filled(p.AfterHoursConnecting));
        yield return ("Greeting, Closed (or a closed_message) and an after-hours message", greeting + closed + OpeningHoursRules.MaxAfterHoursMessageLength);
        yield return ("Retry and the keypad menu", p.Retry.Length + menu);
        yield return ("NotHeard and the keypad menu", p.NotHeard.Length + menu);
        yield return ("Ambiguous and the keypad menu", p.Ambiguous.Length + menu);
        yield return ("Denied and the keypad menu", p.Denied.Length + menu);
        yield return ("Confirm", Filled(p.Confirm));
        yield return ("BridgeFailed", Filled(p.BridgeFailed));
    }

    /// <summary>Room kept in the greeting for the other language's offer ("Para español, oprima nueve.").</summary>
    public const int OfferLength = 80;

    private static int Filled(string template) => PromptOptions.Fill(template, LongestName).Length;
}
