using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace IvrApi.Observability;

/// <summary>
/// Escapes control characters (CR, LF, ESC and the rest, and the Unicode line separators) in every string property
/// before any sink sees it: a caller-controlled value such as a CallId cannot forge log lines or colour a terminal.
/// </summary>
internal sealed class ControlCharacterEscaper : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? escaped = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && NeedsEscaping(text))
            {
                (escaped ??= []).Add(new LogEventProperty(name, new ScalarValue(Escape(text))));
            }
        }

        foreach (var property in escaped ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    public static string Escape(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\r' => result.Append("\\r"),
                '\n' => result.Append("\\n"),
                '\t' => result.Append("\\t"),
                _ when IsUnsafe(c) => result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => result.Append(c),
            };
        }

        return result.ToString();
    }

    private static bool NeedsEscaping(string text) => text.Any(IsUnsafe);

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
