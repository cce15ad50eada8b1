using System.Text.Json.Serialization;

namespace IvrApi.Lex;

/// <summary>The Lex V2 code hook response (camelCase on the wire).</summary>
public sealed record LexCodeHookResponse(LexSessionState SessionState, IReadOnlyList<LexMessage> Messages);

public sealed record LexSessionState(
    IReadOnlyDictionary<string, string> SessionAttributes,
    LexDialogAction DialogAction,
    LexIntent Intent);

/// <summary><c>Close</c> needs intent name and state; <c>ElicitSlot</c> needs slotToElicit; <c>ConfirmIntent</c> a message.</summary>
public sealed record LexDialogAction(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SlotToElicit = null);

public sealed record LexIntent(
    string Name,
    IReadOnlyDictionary<string, LexSlot?> Slots,
    string State,
    string ConfirmationState = "None");

public sealed record LexSlot(LexSlotValue Value, string Shape = "Scalar");

public sealed record LexSlotValue(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OriginalValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InterpretedValue,
    IReadOnlyList<string> ResolvedValues);

public sealed record LexMessage(string Content, string ContentType = "PlainText");

/// <summary>Body of the runtime PutSession call.</summary>
public sealed record PutSessionRequest(
    PutSessionState SessionState,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<LexMessage>? Messages = null);

public sealed record PutSessionState(
    IReadOnlyDictionary<string, string> SessionAttributes,
    PutSessionIntent Intent,
    LexDialogAction DialogAction);

public sealed record PutSessionIntent(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, LexSlot?>? Slots = null);
