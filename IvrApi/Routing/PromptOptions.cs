using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>
/// Everything a caller of one language hears from us (the bot's own slot prompt lives in the bot): English from section
/// <c>Prompts</c> with the defaults below, Spanish from <c>Prompts:Spanish</c> over <see cref="SpanishPrompts"/>'s
/// defaults. <see cref="CallPrompts"/> gives the words of a call's language.
/// </summary>
public sealed class PromptOptions
{
    public const string Section = "Prompts";

    public string Greeting { get; set; } = "Thank you for calling.";

    /// <summary>The first question, asked by the bot as its welcome message with the keypad menu, so the caller can answer before it ends.</summary>
    public string Question { get; set; } = "Which department would you like?";

    /// <summary><c>{department}</c> is replaced by the department's name.</summary>
    public string Connecting { get; set; } = "Connecting you to the {department} department.";

    public string Retry { get; set; } = "Sorry, I couldn't find that department. Can you try again?";

    public string NotHeard { get; set; } = "Sorry, I didn't catch the department. Which department would you like?";

    public string Ambiguous { get; set; } = "Sorry, I'm not sure which department you mean. Please say just one department name.";

    public string OperatorHandoff { get; set; } = "Sorry, I couldn't find that department. Let me connect you to an operator.";

    /// <summary>The hand-over after the last try was silence: the caller named no department, so none was "not found".</summary>
    public string NotHeardHandoff { get; set; } = "I didn't hear anything. Let me connect you to an operator.";

    public string DirectoryUnavailable { get; set; } = "Sorry, I can't look up departments right now. Let me connect you to an operator.";

    public string BotFailed { get; set; } = "Sorry, something went wrong. Let me connect you to an operator.";

    /// <summary><c>{department}</c> is replaced by the department's name.</summary>
    public string BridgeFailed { get; set; } = "Sorry, nobody in the {department} department is available. Let me connect you to an operator.";

    public string OperatorUnavailable { get; set; } = "Sorry, we can't connect your call right now. Please call again later. Goodbye.";

    /// <summary>Said when a department is closed; <c>{department}</c> is replaced. A department may set its own.</summary>
    public string Closed { get; set; } = "Sorry, the {department} department is closed right now.";

    /// <summary>After a closed message, before the after-hours department; <c>{department}</c> is replaced.</summary>
    public string AfterHoursConnecting { get; set; } = "Let me connect you to the {department} department.";

    /// <summary>After a closed message, before an after-hours transfer elsewhere.</summary>
    public string AfterHoursTransfer { get; set; } = "Let me transfer your call.";

    /// <summary>A near miss: <c>{department}</c> is replaced. Lex asks for yes or no.</summary>
    public string Confirm { get; set; } = "Did you say {department}?";

    /// <summary>The caller said no to a proposed department.</summary>
    public string Denied { get; set; } = "Sorry about that. Which department would you like?";

    /// <summary>
    /// A caller rule proposes a department; <c>{department}</c> is replaced. The bot asks it, so the caller can answer
    /// yes, no or another department before it ends.
    /// </summary>
    public string Preferred { get; set; } = "Are you calling about the {department} department?";

    /// <summary>
    /// Said in this language to callers of the other one, after the greeting, when <c>Routing:OfferLanguageChoice</c> is
    /// on: the key is <see cref="LanguageKey"/>.
    /// </summary>
    public string LanguageOffer { get; set; } = "For English, press nine.";

    /// <summary>Comma-separated words that choose this language when it is offered ("english", "inglés").</summary>
    public string LanguageWords { get; set; } = "english, inglés, ingles";

    /// <summary>Amazon Polly voice and engine for everything the SMA speaks.</summary>
    public string VoiceId { get; set; } = "Joanna";

    public string Engine { get; set; } = "neural";

    /// <summary>The key that chooses the offered language: never a department's (the menu then has keys 1-8).</summary>
    public const char LanguageKey = '9';

    /// <summary><paramref name="template"/> with <c>{department}</c> replaced by the name as the caller hears it.</summary>
    public static string Fill(string template, string spokenName) =>
        template.Replace("{department}", spokenName, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="said"/> asks for this language: one of <see cref="LanguageWords"/> among its words.</summary>
    public bool AsksForThisLanguage(string? said)
    {
        var words = LanguageWords.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (said ?? "").ToLowerInvariant()
            .Split([' ', ',', '.', '!', '?', '¡', '¿', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Any(w => words.Contains(w, StringComparer.Ordinal));
    }
}
