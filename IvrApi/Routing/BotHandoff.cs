using IvrApi.Departments;
using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>
/// What crosses between the call and the bot in the bot's session attributes, the one contract between the two halves
/// of a call: the keypad menu the caller was given goes in (StartBotConversation, PutSession), and the code hook's
/// decision comes out (the IntentResult the SMA reports). Both adapters map to it; Lex keeps every attribute as a string.
/// </summary>
public static class BotHandoff
{
    /// <summary><see cref="RouteDepartment"/> or <see cref="RouteOperator"/>: what the code hook decided.</summary>
    public const string RouteKey = "route";

    /// <summary>The department the code hook decided on (canonical name), with <see cref="RouteDepartment"/>.</summary>
    public const string DepartmentKey = "department";

    /// <summary>The keypad menu the caller was given (<see cref="KeypadMenu.ToString"/>): keys follow it all call long.</summary>
    public const string MenuKey = "menu";

    /// <summary>
    /// The department a caller rule proposed, asked about in the bot's welcome message: the code hook reads the first
    /// answer as yes or no to it, then drops it. A session attribute is passed by StartBotConversation itself, so
    /// nothing rests on a preloaded dialog state surviving the start of the conversation.
    /// </summary>
    public const string ProposedKey = "proposed";

    /// <summary>
    /// Lex V2's DTMF maximum length for every intent and slot (x-amz-lex:dtmf:max-length:&lt;intent&gt;:&lt;slot&gt;, "*" for
    /// all; default 1024 digits, ended only by '#' or the 5000 ms end timeout):
    /// https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html. The first question elicits an intent, where
    /// the Department slot's DTMFSpecification does not apply; without this a caller pressing one key waits 5 s.
    /// </summary>
    public const string DtmfMaxLengthKey = "x-amz-lex:dtmf:max-length:*:*";

    /// <summary>
    /// The conversation's language ("en", "es"), so the code hook knows it even from an event without a locale; with
    /// <see cref="RouteLanguage"/>, the language the caller chose.
    /// </summary>
    public const string LanguageKey = "language";

    /// <summary>The other language the welcome offered ("es"): its key and its name switch the call to it.</summary>
    public const string OfferKey = "language_offer";

    private const string RouteDepartment = "department";

    // The caller chose the offered language: the bot asks again in it.
    private const string RouteLanguage = "language";

    // The bot has already told the caller they are going to the operator.
    private const string RouteOperator = "operator";

    /// <summary>
    /// What a conversation starts with, the same whether StartBotConversation or PutSession carries it: the menu, the
    /// proposed department, the language and the one offered.
    /// </summary>
    public static Dictionary<string, string> Opening(CallStep.StartBot opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        SetMenu(attributes, opening.Menu);
        SetProposed(attributes, opening.Proposed);
        SetLanguage(attributes, opening.Language, opening.Offered);
        return attributes;
    }

    public static KeypadMenu? Menu(IReadOnlyDictionary<string, string> attributes) => KeypadMenu.Parse(attributes.GetValueOrDefault(MenuKey));

    public static void SetMenu(IDictionary<string, string> attributes, KeypadMenu menu)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(menu);
        if (menu.Keys.Count > 0 || menu.MoreByName)
        {
            attributes[MenuKey] = menu.ToString();
        }

        // Every menu key is one digit (KeypadMenu: keys 1-9), so one key is the whole answer.
        if (menu.Keys.Count > 0)
        {
            attributes[DtmfMaxLengthKey] = "1";
        }
    }

    public static string? Proposed(IReadOnlyDictionary<string, string> attributes) => attributes.GetValueOrDefault(ProposedKey);

    public static void SetProposed(IDictionary<string, string> attributes, string? department)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (department is not null)
        {
            attributes[ProposedKey] = department;
        }
    }

    /// <summary>The proposal is answered by the first turn only.</summary>
    public static void Answered(IDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        attributes.Remove(ProposedKey);
    }

    public static CallLanguage? Language(IReadOnlyDictionary<string, string> attributes) => CallLanguages.FromCode(attributes.GetValueOrDefault(LanguageKey));

    public static CallLanguage? Offered(IReadOnlyDictionary<string, string> attributes) => CallLanguages.FromCode(attributes.GetValueOrDefault(OfferKey));

    public static void SetLanguage(IDictionary<string, string> attributes, CallLanguage language, CallLanguage? offered)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        attributes[LanguageKey] = language.Code;
        if (offered is { } other)
        {
            attributes[OfferKey] = other.Code;
        }
    }

    /// <summary>The caller chose <paramref name="language"/>: the conversation ends, to start again in it.</summary>
    public static void SwitchTo(IDictionary<string, string> attributes, CallLanguage language)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        attributes[RouteKey] = RouteLanguage;
        attributes[LanguageKey] = language.Code;
        attributes.Remove(OfferKey);
        attributes.Remove(DepartmentKey);
    }

    public static void Decide(IDictionary<string, string> attributes, Department department)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(department);
        attributes[RouteKey] = RouteDepartment;
        attributes[DepartmentKey] = department.Name;
    }

    public static void HandOver(IDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        attributes[RouteKey] = RouteOperator;
        attributes.Remove(DepartmentKey);
    }

    /// <summary>
    /// What the conversation ended with. A failed intent routes nowhere, whatever its slot holds (the sample routed it
    /// anyway). Otherwise the code hook's decision comes first; without one (a bot that ended without our hook
    /// deciding) the slot value <paramref name="heard"/> is all there is, still to be matched.
    /// </summary>
    public static BotOutcome Outcome(IReadOnlyDictionary<string, string> attributes, string? heard, bool intentFailed) =>
        intentFailed ? new BotOutcome(null, OperatorRequested: false)
        : attributes.GetValueOrDefault(RouteKey) switch
        {
            RouteOperator => new BotOutcome(null, OperatorRequested: true),
            RouteLanguage when Language(attributes) is { } chosen => new BotOutcome(null, OperatorRequested: false, chosen),
            RouteDepartment => new BotOutcome(attributes.GetValueOrDefault(DepartmentKey), OperatorRequested: false),
            _ => new BotOutcome(heard, OperatorRequested: false),
        };
}
