using System.Text.Json;
using IvrApi.Http;

namespace IvrApi.Sma;

/// <summary>The parts of an SMA invocation event the router uses, read without trusting its shape.</summary>
internal sealed record SmaEvent(
    string? InvocationEventType,
    string? TransactionId,
    IReadOnlyDictionary<string, string> TransactionAttributes,
    IReadOnlyList<SmaParticipant> Participants,
    JsonElement? ActionData,
    string? ErrorType,
    string? ErrorMessage)
{
    public string? ActionType => ActionData.Get("Type").String();

    /// <summary>The caller's leg: LEG-A, never "the first participant".</summary>
    public SmaParticipant? Caller =>
        Participants.FirstOrDefault(p => p.IsCaller && p.CallId is not null)
        ?? (Participants.Count == 1 && Participants[0].CallId is not null ? Participants[0] : null);

    /// <summary>The event itself says the caller's leg is gone (explicitly Disconnected).</summary>
    public bool CallerLeft => Participants.Any(p => p.IsCaller && !p.MaybeConnected);

    public static SmaEvent Read(JsonElement root)
    {
        var details = root.Get("CallDetails");
        var participants = details.Get("Participants").Items()
            .Select(p => new SmaParticipant(
                p.Get("CallId").String(),
                p.Get("ParticipantTag").String(),
                p.Get("From").String(),
                p.Get("To").String(),
                p.Get("Status").String()))
            .ToArray();

        var actionData = root.Get("ActionData") is { ValueKind: JsonValueKind.Object } data ? data : (JsonElement?)null;

        // The documentation puts INVALID_LAMBDA_RESPONSE's error in ActionData in one place and at the top level in another.
        return new SmaEvent(
            root.Get("InvocationEventType").String(),
            details.Get("TransactionId").String(),
            details.Get("TransactionAttributes").StringMap(),
            participants,
            actionData,
            actionData.Get("ErrorType").String() ?? root.Get("ErrorType").String(),
            actionData.Get("ErrorMessage").String() ?? root.Get("ErrorMessage").String());
    }
}
