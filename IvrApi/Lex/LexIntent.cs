namespace IvrApi.Lex;

public sealed record LexIntent(
    string Name,
    IReadOnlyDictionary<string, LexSlot?> Slots,
    string State,
    string ConfirmationState = "None");
