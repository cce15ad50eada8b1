using System.Globalization;
using IvrApi.Routing;

namespace IvrApi.Lex;

/// <summary>
/// The session attributes only the bot's code hook reads and writes; those the SMA side shares (the menu, the
/// decision) are <see cref="BotHandoff"/>'s. Lex keeps every attribute as a string.
/// </summary>
public static class BotSession
{
    /// <summary>Misses so far in this conversation.</summary>
    public const string FailureCountKey = "failure_count";

    // Anything unreadable counts as no misses yet rather than failing the turn.
    public static int FailureCount(IReadOnlyDictionary<string, string> attributes) =>
        attributes.TryGetValue(FailureCountKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;

    public static void SetFailureCount(IDictionary<string, string> attributes, int count) =>
        attributes[FailureCountKey] = count.ToString(CultureInfo.InvariantCulture);
}
