using System.Collections.Frozen;

namespace IvrApi.Routing.Matching;

/// <summary>
/// Whether what a caller said answers a yes/no question ("Are you calling about the history department?"): "yes",
/// "yeah that's right" confirm, "no", "nope" deny; anything naming something else ("art") is no answer, and is then
/// matched as a department. The question is the bot's welcome message, answered as free input, so no Lex
/// confirmation state is relied on.
/// </summary>
public static class YesOrNo
{
    private static readonly FrozenSet<string> Yes = FrozenSet.Create(
        StringComparer.Ordinal, "yes", "yeah", "yep", "yup", "ya", "sure", "correct", "right", "exactly", "absolutely", "affirmative", "ok", "okay");

    private static readonly FrozenSet<string> No = FrozenSet.Create(
        StringComparer.Ordinal, "no", "nope", "nah", "wrong", "incorrect", "negative", "not");

    // Words around a yes or no that change nothing ("yes please", "that's right", "no it isn't").
    private static readonly FrozenSet<string> Around = FrozenSet.Create(
        StringComparer.Ordinal, "please", "thats", "that", "is", "it", "its", "isnt", "i", "am", "im", "was", "thank", "thanks",
        "you", "oh", "um", "uh", "well", "the", "one", "department", "indeed", "very", "much");

    public static Confirmation Of(string? said)
    {
        var words = (said ?? "").ToLowerInvariant()
            .Replace("'", "", StringComparison.Ordinal)
            .Split([' ', ',', '.', '!', '?', '-'], StringSplitOptions.RemoveEmptyEntries);
        var yes = words.Any(Yes.Contains);
        var no = words.Any(No.Contains);
        return words.All(w => Yes.Contains(w) || No.Contains(w) || Around.Contains(w)) && yes != no
            ? (yes ? Confirmation.Confirmed : Confirmation.Denied)
            : Confirmation.None;
    }
}
