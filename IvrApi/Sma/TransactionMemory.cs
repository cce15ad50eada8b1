using IvrApi.Departments;
using IvrApi.Routing;

namespace IvrApi.Sma;

/// <summary>
/// The call's memory (<see cref="CallMemory"/>) in the SMA's TransactionAttributes, the only type that reads or writes
/// them: destination as "service|number" plus its X-LexInfo, operator tried, what follows the words being spoken, and
/// the call's language ("en", "es").
/// </summary>
internal static class TransactionMemory
{
    private const string BridgedToKey = "ivr_bridged_to";
    private const string DestinationKey = "ivr_destination";
    private const string OperatorTriedKey = "ivr_operator_tried";
    private const string AfterSpeechKey = "ivr_after_speech";
    private const string LanguageKey = "ivr_language";
    private const string OwnPrefix = "ivr_";

    // The documented limit is 100, but the documented error example rejects 11: stay within 10.
    private const int MaxTransactionAttributes = 10;

    /// <summary>What the attributes remember; a destination without its X-LexInfo gets <paramref name="defaultLexInfo"/>.</summary>
    public static CallMemory Read(IReadOnlyDictionary<string, string> attributes, string defaultLexInfo)
    {
        var operatorTried = attributes.GetValueOrDefault(OperatorTriedKey) == "true";
        var destination = attributes.GetValueOrDefault(DestinationKey)?.Split('|') is [var service, { Length: > 0 } number]
            && DepartmentRules.ParseService(service) is { } parsed
            ? new Destination(parsed, number, attributes.GetValueOrDefault(BridgedToKey) ?? defaultLexInfo, operatorTried)
            : null;
        return new CallMemory(
            destination,
            operatorTried,
            Enum.TryParse<AfterSpeech>(attributes.GetValueOrDefault(AfterSpeechKey), out var next) ? next : AfterSpeech.Nothing,
            CallLanguages.FromCode(attributes.GetValueOrDefault(LanguageKey)) ?? CallLanguage.English);
    }

    /// <summary>
    /// The attributes to answer with: null leaves what the SMA stores as it is; otherwise <paramref name="given"/> with
    /// <paramref name="remember"/> written over it, since a different key set replaces what the SMA stores. Over the
    /// limit, only our own keys are kept.
    /// </summary>
    public static Dictionary<string, string>? Write(IReadOnlyDictionary<string, string> given, CallMemory? remember)
    {
        if (remember is null)
        {
            return null;
        }

        var attributes = new Dictionary<string, string>(given, StringComparer.Ordinal)
        {
            [BridgedToKey] = remember.Destination?.LexInfo ?? "",
            [DestinationKey] = remember.Destination is { } d ? $"{DepartmentRules.ServiceName(d.Service)}|{d.Number}" : "",
            [OperatorTriedKey] = remember.OperatorTried ? "true" : "false",
            [AfterSpeechKey] = remember.AfterSpeech.ToString(),
            [LanguageKey] = remember.Language.Code,
        };
        return attributes.Count > MaxTransactionAttributes
            ? attributes.Where(a => a.Key.StartsWith(OwnPrefix, StringComparison.Ordinal)).ToDictionary()
            : attributes;
    }
}
