using System.Collections.Frozen;

namespace IvrApi.Routing.Matching;

/// <summary>
/// Whether what a caller said answers a yes/no question ("Are you calling about the history department?", "¿Dijo
/// historia?"): "yes", "yeah that's right", "sí", "claro que sí" confirm, "no", "nope", "para nada" deny; anything naming
/// something else ("art") is no answer, and is then matched as a department. The question is the bot's welcome message,
/// answered as free input, so no Lex confirmation state is relied on. A Spanish caller's English yes or no counts too.
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

    // Spanish, accents folded as the matcher folds them ("sí" → "si").
    private static readonly FrozenSet<string> SpanishYes = FrozenSet.Create(
        StringComparer.Ordinal, "si", "claro", "correcto", "exacto", "exactamente", "afirmativo", "cierto", "efectivamente", "vale", "dale", "ok", "okay", "perfecto", "asi");

    private static readonly FrozenSet<string> SpanishNo = FrozenSet.Create(
        StringComparer.Ordinal, "no", "negativo", "incorrecto", "equivocado", "nada");

    private static readonly FrozenSet<string> SpanishAround = FrozenSet.Create(
        StringComparer.Ordinal, "por", "favor", "gracias", "es", "asi", "que", "esta", "bien", "este", "eh", "em", "mm", "ah", "oh", "pues",
        "senor", "senora", "senorita", "muchas", "el", "la", "lo", "departamento", "para", "dije", "muy", "de", "acuerdo", "eso");

    public static Confirmation Of(string? said, CallLanguage language = CallLanguage.English)
    {
        var folded = string.Concat((said ?? "").ToLowerInvariant().Select(SpokenWords.Fold));
        var words = folded
            .Replace("'", "", StringComparison.Ordinal)
            .Split([' ', ',', '.', '!', '?', '-', '¿', '¡', ';'], StringSplitOptions.RemoveEmptyEntries);
        var spanish = language == CallLanguage.Spanish;
        bool IsYes(string w) => Yes.Contains(w) || (spanish && SpanishYes.Contains(w));
        bool IsNo(string w) => No.Contains(w) || (spanish && SpanishNo.Contains(w));
        // "Eso es" (that's it) says yes; "eso" alone is only a word around one ("no, eso no").
        var yes = words.Any(IsYes) || (spanish && words.Contains("eso") && words.Contains("es"));
        var no = words.Any(IsNo);
        return words.All(w => IsYes(w) || IsNo(w) || Around.Contains(w) || (spanish && SpanishAround.Contains(w))) && yes != no
            ? (yes ? Confirmation.Confirmed : Confirmation.Denied)
            : Confirmation.None;
    }
}
