using System.Text.Json.Nodes;

namespace IvrEmulators;

/// <summary>What a caller does when someone waits for them: says words, presses keys, stays silent or hangs up.</summary>
public abstract record CallerInput
{
    private CallerInput()
    {
    }

    public sealed record Say(string Text) : CallerInput;

    /// <summary>Keys as pressed, e.g. <c>"2#"</c>; the bot's DTMF settings decide what they mean.</summary>
    public sealed record Keys(string Digits) : CallerInput;

    public sealed record Silence : CallerInput;

    public sealed record HangUp : CallerInput;

    /// <summary>
    /// Words or keys given this long into the next question the caller hears (a Speak or a bot prompt that asks
    /// something), instead of after it; null: after it, as callers usually answer.
    /// </summary>
    public int? IntoPromptMs { get; init; }

    /// <summary>
    /// <c>say history</c> (or plain words), <c>dtmf 2#</c> / <c>#2#</c> (a leading <c>#</c> marks keys), <c>silence</c>,
    /// <c>hangup</c>; words or keys may start with <c>@1s</c> / <c>@1500ms</c>: given that long into the next question.
    /// </summary>
    public static CallerInput Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Trim();
        if (text.StartsWith('@'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            var offset = end < 0 ? text[1..] : text[1..end];
            var ms = offset.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? Milliseconds(offset[..^2], 1)
                : offset.EndsWith('s') ? Milliseconds(offset[..^1], 1000)
                : null;
            CallerInput? rest = end < 0 ? null : Parse(text[(end + 1)..]);
            if (ms is null || rest is not (Say or Keys))
            {
                throw new FormatException($"'{line}': '@' takes a time into the question (e.g. @1s, @1500ms) followed by words or keys.");
            }

            return rest! with { IntoPromptMs = ms };
        }

        var lower = text.ToLowerInvariant();
        if (lower is "silence" or "wait" or "")
        {
            return new Silence();
        }

        if (lower is "hangup" or "hang up")
        {
            return new HangUp();
        }

        if (lower.StartsWith("dtmf ", StringComparison.Ordinal) || lower.StartsWith("dtmf:", StringComparison.Ordinal))
        {
            return new Keys(text[5..].Trim());
        }

        if (text.Length > 1 && text[0] == '#' && text[1..].All(c => char.IsAsciiDigit(c) || c is '#' or '*'))
        {
            return new Keys(text[1..]);
        }

        return lower.StartsWith("say ", StringComparison.Ordinal) || lower.StartsWith("say:", StringComparison.Ordinal)
            ? new Say(text[4..].Trim())
            : new Say(text);
    }

    public sealed override string ToString() => (this switch
    {
        Say s => $"says \"{s.Text}\"",
        Keys k => $"presses {k.Digits}",
        Silence => "stays silent",
        _ => "hangs up",
    }) + (IntoPromptMs is { } ms ? FormattableString.Invariant($" ({ms / 1000.0:0.0#} s into the question)") : "");

    private static int? Milliseconds(string number, int unit) =>
        double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? (int)(value * unit)
            : null;
}

/// <summary>How long the bot waits for the caller and which input types it takes (one prompt attempt's settings).</summary>
public sealed record ListenSettings(int StartTimeoutMs, bool AllowSpeech, bool AllowDtmf);

/// <summary>
/// The caller's end of the phone line as the bot sees it: the bot speaks, listens, lets time pass, and records what it
/// exchanged with its code hook. The SMA emulator implements it on its simulated clock.
/// </summary>
public interface ICallerLine
{
    /// <summary>The caller hears <paramref name="text"/>; <paramref name="asksQuestion"/> when it is an elicitation prompt.</summary>
    void Hear(string text, string source, bool asksQuestion);

    /// <summary>As <see cref="Hear(string, string, bool)"/>; <paramref name="canInterrupt"/>: the caller's input stops the prompt (barge-in).</summary>
    void Hear(string text, string source, bool asksQuestion, bool canInterrupt) => Hear(text, source, asksQuestion);

    /// <summary>Waits for the caller's next input under <paramref name="settings"/>.</summary>
    CallerInput Listen(ListenSettings settings);

    /// <summary>Time passes while the caller waits (key presses, end timeouts).</summary>
    void Elapse(int milliseconds);

    void Record(string kind, JsonNode request, JsonNode? response);

    void Violation(string text);
}
