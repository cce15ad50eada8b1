namespace IvrApi.Lex;

public sealed record LexSlot(LexSlotValue Value, string Shape = "Scalar");
