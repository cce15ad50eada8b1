using System.Text.Json;
using IvrApi.Http;
using IvrApi.Routing;

namespace IvrApi.Sma;

/// <summary>The parts of an SMA invocation event the router uses, read without trusting its shape.</summary>
internal sealed record SmaEvent(
    string? InvocationEventType,
    string? TransactionId,
    IReadOnlyDictionary<string, string> TransactionAttributes,
    IReadOnlyList<CallLeg> Participants,
    JsonElement? ActionData,
    string? ErrorType,
    string? ErrorMessage)
{
    public string? ActionType => ActionData.Get("Type").String();

    /// <summary>The caller's leg: LEG-A, never "the first participant"; or the only leg there is.</summary>
    public CallLeg? Caller =>
        Participants.FirstOrDefault(p => p.IsCaller && p.CallId is not null)
        ?? (Participants.Count == 1 && Participants[0].CallId is not null ? Participants[0] : null);

    public static SmaEvent Read(JsonElement root)
    {
        var details = root.Get("CallDetails");
        var participants = details.Get("Participants").Items()
            .Select(p => new CallLeg(
                p.Get("CallId").String(),
                p.Get("ParticipantTag").String(),
                p.Get("From").String(),
                p.Get("To").String(),
                // Status is absent on some events; only an explicit Disconnected rules a leg out.
                MaybeConnected: !string.Equals(p.Get("Status").String(), "Disconnected", StringComparison.OrdinalIgnoreCase)))
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
