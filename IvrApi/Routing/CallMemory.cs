namespace IvrApi.Routing;

/// <summary>
/// What the call remembers between events (kept in the SMA's TransactionAttributes): the destination being bridged,
/// whether it is the operator (tried at most once), what follows the words now being spoken, and the call's language.
/// </summary>
public sealed record CallMemory(Destination? Destination, bool OperatorTried, AfterSpeech AfterSpeech = AfterSpeech.Nothing, CallLanguage Language = CallLanguage.English);
