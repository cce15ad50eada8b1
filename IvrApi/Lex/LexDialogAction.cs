using System.Text.Json.Serialization;

namespace IvrApi.Lex;

/// <summary><c>Close</c> needs intent name and state; <c>ElicitSlot</c> needs slotToElicit; <c>ConfirmIntent</c> a message.</summary>
public sealed record LexDialogAction(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SlotToElicit = null);
